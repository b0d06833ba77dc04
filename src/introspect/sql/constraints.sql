-- Primary key, unique, foreign key, check and exclusion constraints of the tables that tables.sql reads.
-- NOT NULL constraints (contype 'n', PostgreSQL 18) and constraint triggers ('t') are not selected.
-- Column names come in constraint key order (conkey / confkey positions). The copies of a foreign key
-- that PostgreSQL adds to the same table for each partition of a referenced partitioned table (their
-- parent constraint is on the same table) are left out.
-- definition: pg_get_constraintdef for check and exclusion constraints only.
SELECT
  n.nspname::text AS table_schema,
  c.relname::text AS table_name,
  co.conname::text AS name,
  co.contype::text AS type,
  ARRAY(
    SELECT a.attname::text
    FROM unnest(co.conkey) WITH ORDINALITY AS k(attnum, position)
    JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.attnum
    ORDER BY k.position
  )::text[] AS columns,
  ref_ns.nspname::text AS ref_schema,
  ref.relname::text AS ref_table,
  ARRAY(
    SELECT a.attname::text
    FROM unnest(co.confkey) WITH ORDINALITY AS k(attnum, position)
    JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.attnum
    ORDER BY k.position
  )::text[] AS ref_columns,
  co.confupdtype::text AS on_update,
  co.confdeltype::text AS on_delete,
  co.condeferrable::boolean AS deferrable,
  co.condeferred::boolean AS initially_deferred,
  CASE WHEN co.contype IN ('c', 'x') THEN pg_get_constraintdef(co.oid) END::text AS definition
FROM pg_constraint co
JOIN pg_class c ON c.oid = co.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class ref ON ref.oid = co.confrelid
LEFT JOIN pg_namespace ref_ns ON ref_ns.oid = ref.relnamespace
WHERE co.contype IN ('p', 'u', 'f', 'c', 'x')
  AND c.relkind IN ('r', 'p')
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_constraint parent
    WHERE parent.oid = co.conparentid AND parent.conrelid = co.conrelid
  )
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
  )
ORDER BY n.nspname, c.relname, co.conname
