-- Views ('v') and materialized views ('m') in the schemas $1, with their query as pg_get_viewdef prints
-- it (the printing depends on search_path, pinned by session-settings.ts), and the tables and views
-- their query reads (depends_on, as "schema"."name" keys, from the dependencies of the view's rewrite
-- rule), then the functions it calls as `function "schema"."name"(arguments)` (see src/model/object-ref.ts),
-- its output columns in order, its options (reloptions as stored, name=value, sorted: a view's
-- security_barrier, security_invoker and check_option, a materialized view's storage parameters),
-- a materialized view's tablespace (NULL for the database's default: reltablespace 0) and its index
-- marked indisclustered (CLUSTER ON), if any: looked up in pg_index for materialized views only.
-- default_columns and default_expressions: a view's column defaults (ALTER VIEW ... SET DEFAULT), in
-- column order, as pg_get_expr prints them.
-- reads_columns: the columns of those tables and views the query reads, as `"schema"."name"."column"`,
-- and `"schema"."name".*` for a whole-row reference (PostgreSQL records that on the relation, not its
-- columns); a column the query does not read can be retyped or dropped under the view.
-- Views that belong to an extension are left out.
SELECT
  n.nspname::text AS schema,
  c.relname::text AS name,
  (c.relkind = 'm')::boolean AS materialized,
  pg_get_viewdef(c.oid)::text AS definition,
  ARRAY(
    SELECT DISTINCT
      '"' || replace(rn.nspname::text, '"', '""') || '"."' || replace(r.relname::text, '"', '""') || '"'
    FROM pg_rewrite rw
    JOIN pg_depend d
      ON d.classid = 'pg_rewrite'::regclass AND d.objid = rw.oid AND d.refclassid = 'pg_class'::regclass
    JOIN pg_class r ON r.oid = d.refobjid
    JOIN pg_namespace rn ON rn.oid = r.relnamespace
    WHERE rw.ev_class = c.oid AND d.refobjid <> c.oid
    UNION
    SELECT 'function "' || replace(fn.nspname::text, '"', '""') || '"."' || replace(f.proname::text, '"', '""')
      || '"(' || pg_get_function_identity_arguments(f.oid) || ')'
    FROM pg_rewrite rw
    JOIN pg_depend d
      ON d.classid = 'pg_rewrite'::regclass AND d.objid = rw.oid AND d.refclassid = 'pg_proc'::regclass
    JOIN pg_proc f ON f.oid = d.refobjid
    JOIN pg_namespace fn ON fn.oid = f.pronamespace
    WHERE rw.ev_class = c.oid AND fn.nspname NOT IN ('pg_catalog', 'information_schema')
    ORDER BY 1
  )::text[] AS depends_on,
  ARRAY(
    SELECT DISTINCT
      '"' || replace(rn.nspname::text, '"', '""') || '"."' || replace(r.relname::text, '"', '""') || '".'
        || CASE WHEN d.refobjsubid = 0 THEN '*' ELSE '"' || replace(a.attname::text, '"', '""') || '"' END
    FROM pg_rewrite rw
    JOIN pg_depend d
      ON d.classid = 'pg_rewrite'::regclass AND d.objid = rw.oid AND d.refclassid = 'pg_class'::regclass
    JOIN pg_class r ON r.oid = d.refobjid
    JOIN pg_namespace rn ON rn.oid = r.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid AND d.refobjsubid > 0
    WHERE rw.ev_class = c.oid AND d.refobjid <> c.oid
    ORDER BY 1
  )::text[] AS reads_columns,
  ARRAY(
    SELECT a.attname::text FROM pg_attribute a
    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY a.attnum
  )::text[] AS columns,
  ARRAY(SELECT o FROM unnest(c.reloptions) AS o ORDER BY o)::text[] AS options,
  ts.spcname::text AS tablespace,
  CASE WHEN c.relkind = 'm' THEN (
    SELECT x.relname FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid
    WHERE i.indrelid = c.oid AND i.indisclustered
  ) END::text AS cluster_index,
  ARRAY(
    SELECT a.attname::text FROM pg_attrdef ad JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
    WHERE ad.adrelid = c.oid ORDER BY a.attnum
  )::text[] AS default_columns,
  ARRAY(
    SELECT pg_get_expr(ad.adbin, ad.adrelid) FROM pg_attrdef ad JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
    WHERE ad.adrelid = c.oid ORDER BY a.attnum
  )::text[] AS default_expressions
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace
WHERE c.relkind IN ('v', 'm')
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
      AND x.refclassid = 'pg_extension'::regclass
  )
ORDER BY n.nspname, c.relname
