-- Free-standing composite types (CREATE TYPE ... AS (...): pg_class relkind 'c', not a table's row type)
-- in the schemas $1, with their attributes in order: names, types (format_type) and collations (only
-- when not the type's default, printed as columns.sql prints them), as parallel arrays. Types that
-- belong to an extension are left out.
SELECT
  n.nspname::text AS schema,
  t.typname::text AS name,
  ARRAY(
    SELECT a.attname::text FROM pg_attribute a
    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
  )::text[] AS attribute_names,
  ARRAY(
    SELECT format_type(a.atttypid, a.atttypmod)::text FROM pg_attribute a
    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
  )::text[] AS attribute_types,
  ARRAY(
    SELECT CASE
      WHEN a.attcollation = 0 OR a.attcollation = at.typcollation THEN NULL
      WHEN coll_ns.nspname = 'pg_catalog' THEN quote_ident(coll.collname)
      ELSE quote_ident(coll_ns.nspname) || '.' || quote_ident(coll.collname)
    END::text
    FROM pg_attribute a
    JOIN pg_type at ON at.oid = a.atttypid
    LEFT JOIN pg_collation coll ON coll.oid = a.attcollation
    LEFT JOIN pg_namespace coll_ns ON coll_ns.oid = coll.collnamespace
    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
  )::text[] AS attribute_collations
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
WHERE t.typtype = 'c'
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_type'::regclass AND x.objid = t.oid AND x.deptype = 'e'
  )
ORDER BY n.nspname, t.typname
