-- Every object that can take part in a dependency between user objects (pg_depend rows whose both ends
-- were created after initdb: oid >= 16384), each with an id (classid:objid:objsubid, as
-- dependency-edges.sql gives them) and described as kind, schema, name, member for read-dependencies.ts
-- to turn into an object key:
--   relation (pg_class but composite types; member: a column, for a column-level reference), type,
--   function (member: pg_get_function_identity_arguments), constraint / trigger / policy / rule (name:
--   the table; member: the object), domain constraint (name: the domain), schema, extension, collation;
--   default (a column default or generation expression, pg_attrdef: name the table, member the column).
--   Objects of other classes are left out.
-- Each catalog's user rows are read on their own (columns: those pg_depend names at all), and joined
-- with the edges in JavaScript. Picking out the edges' ends here instead (the union of both ends of every
-- pg_depend row, then a join per catalog) took 1.1-1.5 s of server time at 5,000 tables against 0.5 s
-- for this, for the same 160,000 objects; and joined with the edges here, on catalogs without statistics
-- (a database just created), the planner picked nested loops that took minutes. Runs with search_path
-- pinned to pg_catalog, so argument types print schema-qualified.
SELECT 'pg_class'::regclass::oid::int8::text || ':' || c.oid::int8::text || ':0' AS id,
  CASE WHEN c.relkind = 'c' THEN 'type' ELSE 'relation' END AS kind, n.nspname::text AS schema, c.relname::text AS name, NULL::text AS member
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid >= 16384
UNION ALL
SELECT 'pg_class'::regclass::oid::int8::text || ':' || a.attrelid::int8::text || ':' || a.attnum::text,
  CASE WHEN c.relkind = 'c' THEN 'type' ELSE 'relation' END, n.nspname::text, c.relname::text, a.attname::text
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE a.attrelid >= 16384 AND a.attnum > 0
  -- Only columns pg_depend names (most columns are named by nothing but their table).
  AND (a.attrelid, a.attnum::int4) IN (
    SELECT refobjid, refobjsubid FROM pg_depend WHERE refclassid = 'pg_class'::regclass AND refobjsubid > 0
    UNION ALL
    SELECT objid, objsubid FROM pg_depend WHERE classid = 'pg_class'::regclass AND objsubid > 0)
UNION ALL
SELECT 'pg_type'::regclass::oid::int8::text || ':' || t.oid::int8::text || ':0', 'type', n.nspname::text, t.typname::text, NULL
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.oid >= 16384
UNION ALL
SELECT 'pg_proc'::regclass::oid::int8::text || ':' || p.oid::int8::text || ':0', 'function', n.nspname::text, p.proname::text, pg_get_function_identity_arguments(p.oid)
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.oid >= 16384
UNION ALL
SELECT 'pg_constraint'::regclass::oid::int8::text || ':' || k.oid::int8::text || ':0', CASE WHEN k.conrelid <> 0 THEN 'constraint' ELSE 'domain constraint' END,
  n.nspname::text, coalesce(r.relname, t.typname)::text, k.conname::text
FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace
LEFT JOIN pg_class r ON r.oid = k.conrelid LEFT JOIN pg_type t ON t.oid = k.contypid
WHERE k.oid >= 16384
UNION ALL
SELECT 'pg_attrdef'::regclass::oid::int8::text || ':' || d.oid::int8::text || ':0', 'default', n.nspname::text, c.relname::text, a.attname::text
FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
WHERE d.oid >= 16384
UNION ALL
SELECT 'pg_trigger'::regclass::oid::int8::text || ':' || g.oid::int8::text || ':0', 'trigger', n.nspname::text, c.relname::text, g.tgname::text
FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE g.oid >= 16384
UNION ALL
SELECT 'pg_policy'::regclass::oid::int8::text || ':' || p.oid::int8::text || ':0', 'policy', n.nspname::text, c.relname::text, p.polname::text
FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE p.oid >= 16384
UNION ALL
SELECT 'pg_rewrite'::regclass::oid::int8::text || ':' || r.oid::int8::text || ':0', 'rule', n.nspname::text, c.relname::text, r.rulename::text
FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE r.oid >= 16384
UNION ALL
SELECT 'pg_namespace'::regclass::oid::int8::text || ':' || n.oid::int8::text || ':0', 'schema', n.nspname::text, NULL, NULL FROM pg_namespace n WHERE n.oid >= 16384
UNION ALL
SELECT 'pg_extension'::regclass::oid::int8::text || ':' || e.oid::int8::text || ':0', 'extension', NULL, e.extname::text, NULL FROM pg_extension e WHERE e.oid >= 16384
UNION ALL
SELECT 'pg_collation'::regclass::oid::int8::text || ':' || c.oid::int8::text || ':0', 'collation', n.nspname::text, c.collname::text, NULL
FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace WHERE c.oid >= 16384
