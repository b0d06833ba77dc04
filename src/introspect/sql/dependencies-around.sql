-- The dependencies of dependencies.sql and dependency-edges.sql, only around named objects: what a
-- diff's operations touch. $1/$2: the schema and name of each relation, type, function or collation they
-- touch (a constraint, trigger, policy, rule, default or column goes with its table; a domain constraint
-- with its domain); $3: schemas; $4: extensions.
--
-- Dependency ordering matches an edge with the operations only when both of its ends, named as their
-- owners (the internal and extension records, followed in read-dependencies.ts), are inside an object an
-- operation touches; any other edge orders nothing. So the objects read are:
--   seeds: the objects named by $1-$4, as dependencies.sql names them (by their table, domain, ...);
--   parts: everything that is, through internal or extension records, a part of a seed (a table's row
--     type, the index behind a constraint, a view's rule), since those are named as the seed;
--   near:  parts and everything they are, through those records, a part of, so that each is named by
--     its owner exactly as the whole read names it.
-- and the edges are the pg_depend rows with both ends near. Each object and each edge comes out as one
-- row (tag 'o': id, kind, schema, name, member; tag 'e': deptype, dependent, referenced), as the two
-- queries of the whole read give them, so that one statement computes `near` once.
-- Runs with search_path pinned to pg_catalog, so argument types print schema-qualified.
WITH RECURSIVE
pairs(schema, name) AS (SELECT * FROM unnest($1::text[], $2::text[])),
seeds(classid, objid) AS (
  SELECT 'pg_class'::regclass::oid, c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.oid >= 16384 AND (n.nspname, c.relname) IN (SELECT schema, name FROM pairs)
  UNION ALL
  SELECT 'pg_type'::regclass::oid, t.oid FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE t.oid >= 16384 AND (n.nspname, t.typname) IN (SELECT schema, name FROM pairs)
  UNION ALL
  SELECT 'pg_proc'::regclass::oid, p.oid FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE p.oid >= 16384 AND (n.nspname, p.proname) IN (SELECT schema, name FROM pairs)
  UNION ALL
  -- Table and domain constraints apart: one join on coalesce(table, domain) made the planner pair every
  -- constraint with every name first (11 million rows at 5,000 tables).
  SELECT 'pg_constraint'::regclass::oid, k.oid FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid
  JOIN pg_namespace n ON n.oid = k.connamespace
  WHERE k.oid >= 16384 AND (n.nspname, r.relname) IN (SELECT schema, name FROM pairs)
  UNION ALL
  SELECT 'pg_constraint'::regclass::oid, k.oid FROM pg_constraint k JOIN pg_type t ON t.oid = k.contypid
  JOIN pg_namespace n ON n.oid = k.connamespace
  WHERE k.oid >= 16384 AND k.conrelid = 0 AND (n.nspname, t.typname) IN (SELECT schema, name FROM pairs)
  UNION ALL
  SELECT 'pg_attrdef'::regclass::oid, d.oid FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE d.oid >= 16384 AND (n.nspname, c.relname) IN (SELECT schema, name FROM pairs)
  UNION ALL
  SELECT 'pg_trigger'::regclass::oid, g.oid FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE g.oid >= 16384 AND (n.nspname, c.relname) IN (SELECT schema, name FROM pairs)
  UNION ALL
  SELECT 'pg_policy'::regclass::oid, p.oid FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE p.oid >= 16384 AND (n.nspname, c.relname) IN (SELECT schema, name FROM pairs)
  UNION ALL
  SELECT 'pg_rewrite'::regclass::oid, r.oid FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE r.oid >= 16384 AND (n.nspname, c.relname) IN (SELECT schema, name FROM pairs)
  UNION ALL
  SELECT 'pg_namespace'::regclass::oid, n.oid FROM pg_namespace n WHERE n.oid >= 16384 AND n.nspname = ANY ($3::text[])
  UNION ALL
  SELECT 'pg_extension'::regclass::oid, e.oid FROM pg_extension e WHERE e.oid >= 16384 AND e.extname = ANY ($4::text[])
  UNION ALL
  SELECT 'pg_collation'::regclass::oid, c.oid FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
  WHERE c.oid >= 16384 AND (n.nspname, c.collname) IN (SELECT schema, name FROM pairs)
),
-- The internal and extension records between user objects, read once for both walks below.
parted AS MATERIALIZED (
  SELECT classid, objid, refclassid, refobjid FROM pg_depend
  WHERE deptype IN ('i', 'e') AND objid >= 16384 AND refobjid >= 16384
),
parts(classid, objid) AS (
  SELECT classid, objid FROM seeds
  UNION
  SELECT d.classid, d.objid FROM parted d JOIN parts p ON d.refclassid = p.classid AND d.refobjid = p.objid
),
near(classid, objid) AS (
  SELECT classid, objid FROM parts
  UNION
  SELECT d.refclassid, d.refobjid FROM parted d JOIN near p ON d.classid = p.classid AND d.objid = p.objid
),
near_oids AS MATERIALIZED (SELECT classid, objid FROM near),
edges AS MATERIALIZED (
  SELECT d.deptype, d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid, d.refobjsubid
  FROM pg_depend d
  WHERE d.objid >= 16384 AND d.refobjid >= 16384 AND d.deptype IN ('n', 'a', 'i', 'e', 'P', 'S')
    AND (d.classid, d.objid) IN (SELECT classid, objid FROM near_oids)
    AND (d.refclassid, d.refobjid) IN (SELECT classid, objid FROM near_oids)
),
near_of(catalog, oid) AS (SELECT classid, objid FROM near_oids)
-- The objects near, described as dependencies.sql describes them.
SELECT 'o' AS tag, 'pg_class'::regclass::oid::int8::text || ':' || c.oid::int8::text || ':0' AS id,
  CASE WHEN c.relkind = 'c' THEN 'type' ELSE 'relation' END AS kind, n.nspname::text AS schema, c.relname::text AS name,
  NULL::text AS member, NULL::text AS deptype, NULL::text AS dependent, NULL::text AS referenced
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid IN (SELECT oid FROM near_of WHERE catalog = 'pg_class'::regclass)
UNION ALL
SELECT 'o', 'pg_class'::regclass::oid::int8::text || ':' || a.attrelid::int8::text || ':' || a.attnum::text,
  CASE WHEN c.relkind = 'c' THEN 'type' ELSE 'relation' END, n.nspname::text, c.relname::text, a.attname::text, NULL, NULL, NULL
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE a.attnum > 0 AND a.attrelid IN (SELECT oid FROM near_of WHERE catalog = 'pg_class'::regclass)
  -- Only columns an edge names (most columns are named by nothing but their table).
  AND (a.attrelid, a.attnum::int4) IN (
    SELECT refobjid, refobjsubid FROM edges WHERE refclassid = 'pg_class'::regclass AND refobjsubid > 0
    UNION ALL
    SELECT objid, objsubid FROM edges WHERE classid = 'pg_class'::regclass AND objsubid > 0)
UNION ALL
SELECT 'o', 'pg_type'::regclass::oid::int8::text || ':' || t.oid::int8::text || ':0', 'type', n.nspname::text, t.typname::text, NULL, NULL, NULL, NULL
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.oid IN (SELECT oid FROM near_of WHERE catalog = 'pg_type'::regclass)
UNION ALL
SELECT 'o', 'pg_proc'::regclass::oid::int8::text || ':' || p.oid::int8::text || ':0', 'function', n.nspname::text, p.proname::text,
  pg_get_function_identity_arguments(p.oid), NULL, NULL, NULL
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.oid IN (SELECT oid FROM near_of WHERE catalog = 'pg_proc'::regclass)
UNION ALL
SELECT 'o', 'pg_constraint'::regclass::oid::int8::text || ':' || k.oid::int8::text || ':0',
  CASE WHEN k.conrelid <> 0 THEN 'constraint' ELSE 'domain constraint' END,
  n.nspname::text, coalesce(r.relname, t.typname)::text, k.conname::text, NULL, NULL, NULL
FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace
LEFT JOIN pg_class r ON r.oid = k.conrelid LEFT JOIN pg_type t ON t.oid = k.contypid
WHERE k.oid IN (SELECT oid FROM near_of WHERE catalog = 'pg_constraint'::regclass)
UNION ALL
SELECT 'o', 'pg_attrdef'::regclass::oid::int8::text || ':' || d.oid::int8::text || ':0', 'default', n.nspname::text, c.relname::text,
  a.attname::text, NULL, NULL, NULL
FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
WHERE d.oid IN (SELECT oid FROM near_of WHERE catalog = 'pg_attrdef'::regclass)
UNION ALL
SELECT 'o', 'pg_trigger'::regclass::oid::int8::text || ':' || g.oid::int8::text || ':0', 'trigger', n.nspname::text, c.relname::text,
  g.tgname::text, NULL, NULL, NULL
FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE g.oid IN (SELECT oid FROM near_of WHERE catalog = 'pg_trigger'::regclass)
UNION ALL
SELECT 'o', 'pg_policy'::regclass::oid::int8::text || ':' || p.oid::int8::text || ':0', 'policy', n.nspname::text, c.relname::text,
  p.polname::text, NULL, NULL, NULL
FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE p.oid IN (SELECT oid FROM near_of WHERE catalog = 'pg_policy'::regclass)
UNION ALL
SELECT 'o', 'pg_rewrite'::regclass::oid::int8::text || ':' || r.oid::int8::text || ':0', 'rule', n.nspname::text, c.relname::text,
  r.rulename::text, NULL, NULL, NULL
FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE r.oid IN (SELECT oid FROM near_of WHERE catalog = 'pg_rewrite'::regclass)
UNION ALL
SELECT 'o', 'pg_namespace'::regclass::oid::int8::text || ':' || n.oid::int8::text || ':0', 'schema', n.nspname::text, NULL, NULL, NULL, NULL, NULL
FROM pg_namespace n WHERE n.oid IN (SELECT oid FROM near_of WHERE catalog = 'pg_namespace'::regclass)
UNION ALL
SELECT 'o', 'pg_extension'::regclass::oid::int8::text || ':' || e.oid::int8::text || ':0', 'extension', NULL, e.extname::text, NULL, NULL, NULL, NULL
FROM pg_extension e WHERE e.oid IN (SELECT oid FROM near_of WHERE catalog = 'pg_extension'::regclass)
UNION ALL
SELECT 'o', 'pg_collation'::regclass::oid::int8::text || ':' || c.oid::int8::text || ':0', 'collation', n.nspname::text, c.collname::text,
  NULL, NULL, NULL, NULL
FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace
WHERE c.oid IN (SELECT oid FROM near_of WHERE catalog = 'pg_collation'::regclass)
UNION ALL
-- The edges between them, as dependency-edges.sql gives them.
SELECT 'e', NULL, NULL, NULL, NULL, NULL, deptype::text,
  classid::int8::text || ':' || objid::int8::text || ':' || objsubid::text,
  refclassid::int8::text || ':' || refobjid::int8::text || ':' || refobjsubid::text
FROM edges
