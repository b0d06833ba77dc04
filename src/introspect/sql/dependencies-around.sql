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
-- and the edges are the pg_depend rows with both ends near, one row each (deptype, dependent,
-- referenced) as dependency-edges.sql gives them. Their ends are named by dependencies-around-names.sql,
-- a statement of its own: this one runs without nested loops (read-dependencies.ts says why), which
-- would make naming a few thousand objects scan whole catalogs where an index finds each.
-- Runs with search_path pinned to pg_catalog.
WITH RECURSIVE
pairs(schema, name) AS (SELECT * FROM unnest($1::text[], $2::text[])),
-- Each name with its schema's oid, and the relations named, each found once for the branches below.
named AS MATERIALIZED (SELECT n.oid AS nsp, p.name FROM pairs p JOIN pg_namespace n ON n.nspname = p.schema),
relations AS MATERIALIZED (
  SELECT c.oid FROM pg_class c JOIN named x ON x.nsp = c.relnamespace AND c.relname = x.name
),
types AS MATERIALIZED (
  SELECT t.oid FROM pg_type t JOIN named x ON x.nsp = t.typnamespace AND t.typname = x.name WHERE t.oid >= 16384
),
seeds(classid, objid) AS (
  SELECT 'pg_class'::regclass::oid, oid FROM relations WHERE oid >= 16384
  UNION ALL
  SELECT 'pg_type'::regclass::oid, oid FROM types
  UNION ALL
  SELECT 'pg_proc'::regclass::oid, p.oid FROM pg_proc p JOIN named x ON x.nsp = p.pronamespace AND p.proname = x.name
  WHERE p.oid >= 16384
  UNION ALL
  SELECT 'pg_constraint'::regclass::oid, k.oid FROM pg_constraint k WHERE k.oid >= 16384 AND k.conrelid IN (SELECT oid FROM relations)
  UNION ALL
  SELECT 'pg_constraint'::regclass::oid, k.oid FROM pg_constraint k
  WHERE k.oid >= 16384 AND k.conrelid = 0 AND k.contypid IN (SELECT oid FROM types)
  UNION ALL
  SELECT 'pg_attrdef'::regclass::oid, d.oid FROM pg_attrdef d WHERE d.oid >= 16384 AND d.adrelid IN (SELECT oid FROM relations)
  UNION ALL
  SELECT 'pg_trigger'::regclass::oid, g.oid FROM pg_trigger g WHERE g.oid >= 16384 AND g.tgrelid IN (SELECT oid FROM relations)
  UNION ALL
  SELECT 'pg_policy'::regclass::oid, p.oid FROM pg_policy p WHERE p.oid >= 16384 AND p.polrelid IN (SELECT oid FROM relations)
  UNION ALL
  SELECT 'pg_rewrite'::regclass::oid, r.oid FROM pg_rewrite r WHERE r.oid >= 16384 AND r.ev_class IN (SELECT oid FROM relations)
  UNION ALL
  SELECT 'pg_namespace'::regclass::oid, n.oid FROM pg_namespace n WHERE n.oid >= 16384 AND n.nspname = ANY ($3::text[])
  UNION ALL
  SELECT 'pg_extension'::regclass::oid, e.oid FROM pg_extension e WHERE e.oid >= 16384 AND e.extname = ANY ($4::text[])
  UNION ALL
  SELECT 'pg_collation'::regclass::oid, c.oid FROM pg_collation c JOIN named x ON x.nsp = c.collnamespace AND c.collname = x.name
  WHERE c.oid >= 16384
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
)
-- The edges between them, as dependency-edges.sql gives them; dependencies-around-names.sql names their ends.
SELECT deptype::text AS deptype,
  classid::int8::text || ':' || objid::int8::text || ':' || objsubid::text AS dependent,
  refclassid::int8::text || ':' || refobjid::int8::text || ':' || refobjsubid::text AS referenced
FROM edges
