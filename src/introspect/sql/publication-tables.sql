-- The tables of the schemas $1 that publications list (FOR TABLE, ADD TABLE):
--   columns     the column list, in attribute order; NULL: every column;
--   where       the row filter as pg_get_expr prints it; NULL: none;
--   depends_on  dependency keys (src/model/object-ref.ts) of the columns the entry names, in its column
--               list or its row filter (pg_depend): PostgreSQL refuses to drop or retype those.
SELECT
  p.pubname::text AS publication,
  n.nspname::text AS table_schema,
  c.relname::text AS table_name,
  CASE WHEN pr.prattrs IS NOT NULL THEN ARRAY(
    SELECT a.attname::text
    FROM pg_attribute a
    WHERE a.attrelid = pr.prrelid AND a.attnum = ANY (pr.prattrs::int2[])
    ORDER BY a.attnum
  ) END::text[] AS columns,
  pg_get_expr(pr.prqual, pr.prrelid)::text AS "where",
  ARRAY(
    SELECT DISTINCT 'column "' || replace(n.nspname, '"', '""') || '"."' || replace(c.relname, '"', '""') || '"."'
      || replace(a.attname, '"', '""') || '"'
    FROM pg_depend d
    JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
    WHERE d.classid = 'pg_publication_rel'::regclass AND d.objid = pr.oid
      AND d.refclassid = 'pg_class'::regclass AND d.refobjid = pr.prrelid AND d.refobjsubid > 0
    ORDER BY 1
  )::text[] AS depends_on
FROM pg_publication_rel pr
JOIN pg_publication p ON p.oid = pr.prpubid
JOIN pg_class c ON c.oid = pr.prrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY ($1::text[])
ORDER BY 1, 2, 3
