-- Domains in the schemas $1 with their base type (format_type), collation (only when it is not the base
-- type's default, printed as columns.sql prints collations), default (pg_get_expr), NOT NULL flag and
-- CHECK constraints (pg_get_constraintdef, by name; NOT VALID ones end in NOT VALID). Domains that
-- belong to an extension are left out.
SELECT
  n.nspname::text AS schema,
  t.typname::text AS name,
  format_type(t.typbasetype, t.typtypmod)::text AS type,
  CASE
    WHEN t.typcollation = 0 OR t.typcollation = base.typcollation THEN NULL
    WHEN coll_ns.nspname = 'pg_catalog' THEN quote_ident(coll.collname)
    ELSE quote_ident(coll_ns.nspname) || '.' || quote_ident(coll.collname)
  END::text AS collation,
  pg_get_expr(t.typdefaultbin, 0)::text AS default_expr,
  t.typnotnull::boolean AS not_null,
  ARRAY(
    SELECT co.conname::text FROM pg_constraint co
    WHERE co.contypid = t.oid AND co.contype = 'c' ORDER BY co.conname
  )::text[] AS check_names,
  ARRAY(
    SELECT pg_get_constraintdef(co.oid)::text FROM pg_constraint co
    WHERE co.contypid = t.oid AND co.contype = 'c' ORDER BY co.conname
  )::text[] AS check_definitions
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_type base ON base.oid = t.typbasetype
LEFT JOIN pg_collation coll ON coll.oid = t.typcollation
LEFT JOIN pg_namespace coll_ns ON coll_ns.oid = coll.collnamespace
WHERE t.typtype = 'd'
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_type'::regclass AND x.objid = t.oid AND x.deptype = 'e'
  )
ORDER BY n.nspname, t.typname
