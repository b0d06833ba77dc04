-- Functions and procedures (prokind 'f', 'p') in the schemas $1 as pg_get_functiondef prints them (the
-- printing depends on search_path, pinned by session-settings.ts), with the identity arguments that tell
-- overloads apart. Aggregates and window functions are not read; functions that belong to an extension
-- are left out. depends_on: dependency keys (see src/model/object-ref.ts) of the relations (a relation's
-- row type counting as the relation), functions and types outside the system schemas the function
-- depends on (pg_depend: argument and result types, the body of a BEGIN ATOMIC function).
SELECT
  n.nspname::text AS schema,
  p.proname::text AS name,
  p.prokind::text AS kind,
  pg_get_function_identity_arguments(p.oid)::text AS arguments,
  pg_get_function_arguments(p.oid)::text AS signature,
  pg_get_function_result(p.oid)::text AS returns,
  pg_get_functiondef(p.oid)::text AS definition,
  ARRAY(
    SELECT DISTINCT k.key
    FROM pg_depend d
    CROSS JOIN LATERAL (
      SELECT 'relation "' || replace(rn.nspname, '"', '""') || '"."' || replace(r.relname, '"', '""') || '"' AS key
      FROM pg_class r JOIN pg_namespace rn ON rn.oid = r.relnamespace
      WHERE d.refclassid = 'pg_class'::regclass AND r.oid = d.refobjid
        AND rn.nspname NOT IN ('pg_catalog', 'information_schema')
      UNION ALL
      SELECT 'function "' || replace(fn.nspname, '"', '""') || '"."' || replace(f.proname, '"', '""') || '"('
        || pg_get_function_identity_arguments(f.oid) || ')'
      FROM pg_proc f JOIN pg_namespace fn ON fn.oid = f.pronamespace
      WHERE d.refclassid = 'pg_proc'::regclass AND f.oid = d.refobjid
        AND fn.nspname NOT IN ('pg_catalog', 'information_schema')
      UNION ALL
      SELECT CASE
          WHEN r.oid IS NOT NULL THEN
            'relation "' || replace(rn.nspname, '"', '""') || '"."' || replace(r.relname, '"', '""') || '"'
          ELSE 'type "' || replace(tn.nspname, '"', '""') || '"."' || replace(t.typname, '"', '""') || '"'
        END
      FROM pg_type a
      JOIN pg_type t ON t.oid = CASE WHEN a.typelem <> 0 AND a.typlen = -1 THEN a.typelem ELSE a.oid END
      JOIN pg_namespace tn ON tn.oid = t.typnamespace
      LEFT JOIN pg_class r ON r.oid = t.typrelid
      LEFT JOIN pg_namespace rn ON rn.oid = r.relnamespace
      WHERE d.refclassid = 'pg_type'::regclass AND a.oid = d.refobjid
        AND tn.nspname NOT IN ('pg_catalog', 'information_schema')
    ) k
    WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'n'
    ORDER BY 1
  )::text[] AS depends_on
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind IN ('f', 'p')
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_proc'::regclass AND x.objid = p.oid AND x.deptype = 'e'
  )
ORDER BY 1, 2, 4
