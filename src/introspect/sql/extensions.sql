-- Every installed extension except plpgsql (always there). Extensions are database-wide: not filtered
-- by schema. `comment` is COMMENT ON EXTENSION's, `control_comment` the one its control file gives it
-- (pg_available_extensions), which CREATE EXTENSION sets: null when the control file is gone.
SELECT
  e.extname::text AS name,
  n.nspname::text AS schema,
  e.extversion::text AS version,
  d.description::text AS comment,
  a.comment::text AS control_comment
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
LEFT JOIN pg_description d ON d.classoid = 'pg_extension'::regclass AND d.objoid = e.oid AND d.objsubid = 0
LEFT JOIN pg_available_extensions a ON a.name = e.extname
WHERE e.extname <> 'plpgsql'
ORDER BY e.extname
