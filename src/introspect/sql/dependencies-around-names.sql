-- The ends of dependencies-around.sql's edges, described as dependencies.sql describes objects (only
-- those: read-dependencies.ts makes keys for nothing else). $1-$3: each end's catalog, oid and column
-- number (0: the object itself), as the edges' ids give them. Planned with nested loops allowed: each end
-- is one index lookup (a few thousand of them at 5,000 tables, against whole scans of pg_attribute and
-- the other catalogs with hash joins).
-- Runs with search_path pinned to pg_catalog, so argument types print schema-qualified.
WITH ends(catalog, object, sub) AS MATERIALIZED (SELECT * FROM unnest($1::oid[], $2::oid[], $3::int4[]))
SELECT 'pg_class'::regclass::oid::int8::text || ':' || c.oid::int8::text || ':0' AS id,
  CASE WHEN c.relkind = 'c' THEN 'type' ELSE 'relation' END AS kind, n.nspname::text AS schema, c.relname::text AS name, NULL::text AS member
FROM ends x JOIN pg_class c ON c.oid = x.object JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE x.catalog = 'pg_class'::regclass AND x.sub = 0
UNION ALL
SELECT 'pg_class'::regclass::oid::int8::text || ':' || a.attrelid::int8::text || ':' || a.attnum::text,
  CASE WHEN c.relkind = 'c' THEN 'type' ELSE 'relation' END, n.nspname::text, c.relname::text, a.attname::text
FROM ends x JOIN pg_attribute a ON a.attrelid = x.object AND a.attnum = x.sub
JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE x.catalog = 'pg_class'::regclass AND x.sub > 0
UNION ALL
SELECT 'pg_type'::regclass::oid::int8::text || ':' || t.oid::int8::text || ':0', 'type', n.nspname::text, t.typname::text, NULL
FROM ends x JOIN pg_type t ON t.oid = x.object JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE x.catalog = 'pg_type'::regclass AND x.sub = 0
UNION ALL
SELECT 'pg_proc'::regclass::oid::int8::text || ':' || p.oid::int8::text || ':0', 'function', n.nspname::text, p.proname::text,
  pg_get_function_identity_arguments(p.oid)
FROM ends x JOIN pg_proc p ON p.oid = x.object JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE x.catalog = 'pg_proc'::regclass AND x.sub = 0
UNION ALL
SELECT 'pg_constraint'::regclass::oid::int8::text || ':' || k.oid::int8::text || ':0',
  CASE WHEN k.conrelid <> 0 THEN 'constraint' ELSE 'domain constraint' END,
  n.nspname::text, coalesce(r.relname, t.typname)::text, k.conname::text
FROM ends x JOIN pg_constraint k ON k.oid = x.object JOIN pg_namespace n ON n.oid = k.connamespace
LEFT JOIN pg_class r ON r.oid = k.conrelid LEFT JOIN pg_type t ON t.oid = k.contypid
WHERE x.catalog = 'pg_constraint'::regclass AND x.sub = 0
UNION ALL
SELECT 'pg_attrdef'::regclass::oid::int8::text || ':' || d.oid::int8::text || ':0', 'default', n.nspname::text, c.relname::text,
  a.attname::text
FROM ends x JOIN pg_attrdef d ON d.oid = x.object JOIN pg_class c ON c.oid = d.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
WHERE x.catalog = 'pg_attrdef'::regclass AND x.sub = 0
UNION ALL
SELECT 'pg_trigger'::regclass::oid::int8::text || ':' || g.oid::int8::text || ':0', 'trigger', n.nspname::text, c.relname::text,
  g.tgname::text
FROM ends x JOIN pg_trigger g ON g.oid = x.object JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE x.catalog = 'pg_trigger'::regclass AND x.sub = 0
UNION ALL
SELECT 'pg_policy'::regclass::oid::int8::text || ':' || p.oid::int8::text || ':0', 'policy', n.nspname::text, c.relname::text,
  p.polname::text
FROM ends x JOIN pg_policy p ON p.oid = x.object JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE x.catalog = 'pg_policy'::regclass AND x.sub = 0
UNION ALL
SELECT 'pg_rewrite'::regclass::oid::int8::text || ':' || r.oid::int8::text || ':0', 'rule', n.nspname::text, c.relname::text,
  r.rulename::text
FROM ends x JOIN pg_rewrite r ON r.oid = x.object JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE x.catalog = 'pg_rewrite'::regclass AND x.sub = 0
UNION ALL
SELECT 'pg_namespace'::regclass::oid::int8::text || ':' || n.oid::int8::text || ':0', 'schema', n.nspname::text, NULL, NULL
FROM ends x JOIN pg_namespace n ON n.oid = x.object
WHERE x.catalog = 'pg_namespace'::regclass AND x.sub = 0
UNION ALL
SELECT 'pg_extension'::regclass::oid::int8::text || ':' || e.oid::int8::text || ':0', 'extension', NULL, e.extname::text, NULL
FROM ends x JOIN pg_extension e ON e.oid = x.object
WHERE x.catalog = 'pg_extension'::regclass AND x.sub = 0
UNION ALL
SELECT 'pg_collation'::regclass::oid::int8::text || ':' || c.oid::int8::text || ':0', 'collation', n.nspname::text, c.collname::text,
  NULL
FROM ends x JOIN pg_collation c ON c.oid = x.object JOIN pg_namespace n ON n.oid = c.collnamespace
WHERE x.catalog = 'pg_collation'::regclass AND x.sub = 0
