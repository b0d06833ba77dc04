-- Extended statistics objects (CREATE STATISTICS) on the tables of the schemas $1 (whatever the object's
-- own schema), as pg_get_statisticsobjdef prints them (the printing depends on search_path, pinned by
-- session-settings.ts), with their statistics target (NULL for the default: -1 up to 16, NULL from 17)
-- and depends_on: dependency keys (src/model/object-ref.ts) of the table, the columns and the functions
-- of its expressions. Objects on a relation that belongs to an extension are left out.
-- The definition's plain columns are in name order: pg_get_statisticsobjdef prints them in their table's
-- (stxkeys is sorted by attnum), which is the table's history (a column added later, or dropped and added
-- again) and not the object's, and CREATE STATISTICS sorts them again whatever order it is given. Its
-- column list (pg_get_statisticsobjdef_columns: the columns, then the expressions) starts with them as
-- quote_ident prints them in attnum order; that start is put in name order.
SELECT
  n.nspname::text AS schema,
  s.stxname::text AS name,
  tn.nspname::text AS table_schema,
  c.relname::text AS table_name,
  CASE
    WHEN position(' ON ' || p.listed || ' FROM ' IN p.printed) = 0 OR left(p.listed, length(p.by_number)) <> p.by_number THEN p.printed
    ELSE overlay(p.printed PLACING ' ON ' || p.by_name || substr(p.listed, length(p.by_number) + 1) || ' FROM '
      FROM position(' ON ' || p.listed || ' FROM ' IN p.printed) FOR length(' ON ' || p.listed || ' FROM '))
  END::text AS definition,
  NULLIF(s.stxstattarget::int, -1) AS target,
  ARRAY(
    SELECT DISTINCT k.key
    FROM pg_depend d
    CROSS JOIN LATERAL (
      SELECT CASE
          WHEN d.refobjsubid = 0 THEN
            'relation "' || replace(rn.nspname, '"', '""') || '"."' || replace(rc.relname, '"', '""') || '"'
          ELSE 'column "' || replace(rn.nspname, '"', '""') || '"."' || replace(rc.relname, '"', '""') || '"."'
            || replace(a.attname, '"', '""') || '"'
        END AS key
      FROM pg_class rc
      JOIN pg_namespace rn ON rn.oid = rc.relnamespace
      LEFT JOIN pg_attribute a ON a.attrelid = rc.oid AND a.attnum = d.refobjsubid
      WHERE d.refclassid = 'pg_class'::regclass AND rc.oid = d.refobjid
      UNION ALL
      SELECT 'function "' || replace(fn.nspname, '"', '""') || '"."' || replace(f.proname, '"', '""') || '"('
        || pg_get_function_identity_arguments(f.oid) || ')'
      FROM pg_proc f JOIN pg_namespace fn ON fn.oid = f.pronamespace
      WHERE d.refclassid = 'pg_proc'::regclass AND f.oid = d.refobjid
        AND fn.nspname NOT IN ('pg_catalog', 'information_schema')
    ) k
    WHERE d.classid = 'pg_statistic_ext'::regclass AND d.objid = s.oid
    ORDER BY 1
  )::text[] AS depends_on
FROM pg_statistic_ext s
JOIN pg_namespace n ON n.oid = s.stxnamespace
JOIN pg_class c ON c.oid = s.stxrelid
JOIN pg_namespace tn ON tn.oid = c.relnamespace
CROSS JOIN LATERAL (
  SELECT pg_get_statisticsobjdef(s.oid) AS printed, pg_get_statisticsobjdef_columns(s.oid) AS listed,
    COALESCE(string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum), '') AS by_number,
    COALESCE(string_agg(quote_ident(a.attname), ', ' ORDER BY a.attname COLLATE "C"), '') AS by_name
  FROM pg_attribute a
  WHERE a.attrelid = s.stxrelid AND a.attnum = ANY (s.stxkeys::int2[])
) p
WHERE tn.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
      AND x.refclassid = 'pg_extension'::regclass
  )
ORDER BY 1, 2
