-- Triggers on the tables and views of the schemas $1 as pg_get_triggerdef prints them (the printing
-- depends on search_path, pinned by session-settings.ts). Internal triggers (those behind foreign keys)
-- and the clones PostgreSQL puts on partitions (tgparentid) are not read, nor triggers on relations that
-- belong to an extension. enabled: tgenabled (O origin, D disabled, R replica, A always). depends_on:
-- dependency keys (src/model/object-ref.ts) of the relation, the columns it names (UPDATE OF, WHEN) and
-- the functions it calls. partition_states: the clones on the partitions of a partitioned table (any
-- generation, through tgparentid) whose enabled state is not the trigger's own (ALTER TABLE partition
-- DISABLE TRIGGER t), as [[schema, table, tgenabled], ...] in name order; empty where none.
SELECT
  n.nspname::text AS schema,
  c.relname::text AS table_name,
  t.tgname::text AS name,
  pg_get_triggerdef(t.oid)::text AS definition,
  t.tgenabled::text AS enabled,
  ARRAY(
    SELECT DISTINCT k.key
    FROM pg_depend d
    CROSS JOIN LATERAL (
      SELECT CASE
          WHEN d.refobjsubid = 0 THEN
            'relation "' || replace(rn.nspname, '"', '""') || '"."' || replace(r.relname, '"', '""') || '"'
          ELSE 'column "' || replace(rn.nspname, '"', '""') || '"."' || replace(r.relname, '"', '""') || '"."'
            || replace(a.attname, '"', '""') || '"'
        END AS key
      FROM pg_class r
      JOIN pg_namespace rn ON rn.oid = r.relnamespace
      LEFT JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = d.refobjsubid
      WHERE d.refclassid = 'pg_class'::regclass AND r.oid = d.refobjid
      UNION ALL
      SELECT 'function "' || replace(fn.nspname, '"', '""') || '"."' || replace(f.proname, '"', '""') || '"('
        || pg_get_function_identity_arguments(f.oid) || ')'
      FROM pg_proc f JOIN pg_namespace fn ON fn.oid = f.pronamespace
      WHERE d.refclassid = 'pg_proc'::regclass AND f.oid = d.refobjid
        AND fn.nspname NOT IN ('pg_catalog', 'information_schema')
    ) k
    WHERE d.classid = 'pg_trigger'::regclass AND d.objid = t.oid
    ORDER BY 1
  )::text[] AS depends_on,
  CASE WHEN c.relkind <> 'p' THEN '[]'::json ELSE (
    WITH RECURSIVE clone AS (
      SELECT k.oid, k.tgrelid, k.tgenabled FROM pg_trigger k WHERE k.tgparentid = t.oid
      UNION ALL
      SELECT k.oid, k.tgrelid, k.tgenabled FROM pg_trigger k JOIN clone ON k.tgparentid = clone.oid
    )
    SELECT COALESCE(json_agg(json_build_array(pn.nspname, p.relname, clone.tgenabled) ORDER BY pn.nspname, p.relname), '[]'::json)
    FROM clone JOIN pg_class p ON p.oid = clone.tgrelid JOIN pg_namespace pn ON pn.oid = p.relnamespace
    WHERE clone.tgenabled <> t.tgenabled
  ) END AS partition_states
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE NOT t.tgisinternal
  AND t.tgparentid = 0
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
      AND x.refclassid = 'pg_extension'::regclass
  )
ORDER BY 1, 2, 3
