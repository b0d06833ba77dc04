-- Every installed extension except plpgsql (always there). Extensions are database-wide: not filtered
-- by schema.
SELECT
  e.extname::text AS name,
  n.nspname::text AS schema,
  e.extversion::text AS version
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'
ORDER BY e.extname
