-- Rewrite rules on the tables and views of the schemas $1 as pg_get_ruledef prints them (the printing
-- depends on search_path, pinned by session-settings.ts), but a view's own _RETURN rule (its query,
-- read by views.sql), and no rule on a relation that belongs to an extension. enabled: ev_enabled (O
-- origin, D disabled, R replica, A always). depends_on: dependency keys (src/model/object-ref.ts) of the
-- relations, columns and functions the rule reads (with the relation of each column), its own relation
-- included.
SELECT
  n.nspname::text AS schema,
  c.relname::text AS table_name,
  r.rulename::text AS name,
  pg_get_ruledef(r.oid)::text AS definition,
  r.ev_enabled::text AS enabled,
  ARRAY(
    SELECT DISTINCT k.key
    FROM pg_depend d
    CROSS JOIN LATERAL (
      SELECT 'relation "' || replace(rn.nspname, '"', '""') || '"."' || replace(rc.relname, '"', '""') || '"' AS key
      FROM pg_class rc
      JOIN pg_namespace rn ON rn.oid = rc.relnamespace
      WHERE d.refclassid = 'pg_class'::regclass AND rc.oid = d.refobjid
        AND rn.nspname NOT IN ('pg_catalog', 'information_schema')
      UNION ALL
      SELECT 'column "' || replace(rn.nspname, '"', '""') || '"."' || replace(rc.relname, '"', '""') || '"."'
        || replace(a.attname, '"', '""') || '"'
      FROM pg_class rc
      JOIN pg_namespace rn ON rn.oid = rc.relnamespace
      JOIN pg_attribute a ON a.attrelid = rc.oid AND a.attnum = d.refobjsubid
      WHERE d.refclassid = 'pg_class'::regclass AND rc.oid = d.refobjid AND d.refobjsubid <> 0
        AND rn.nspname NOT IN ('pg_catalog', 'information_schema')
      UNION ALL
      SELECT 'function "' || replace(fn.nspname, '"', '""') || '"."' || replace(f.proname, '"', '""') || '"('
        || pg_get_function_identity_arguments(f.oid) || ')'
      FROM pg_proc f JOIN pg_namespace fn ON fn.oid = f.pronamespace
      WHERE d.refclassid = 'pg_proc'::regclass AND f.oid = d.refobjid
        AND fn.nspname NOT IN ('pg_catalog', 'information_schema')
    ) k
    WHERE d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
    ORDER BY 1
  )::text[] AS depends_on
FROM pg_rewrite r
JOIN pg_class c ON c.oid = r.ev_class
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE r.rulename <> '_RETURN'
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
      AND x.refclassid = 'pg_extension'::regclass
  )
ORDER BY 1, 2, 3
