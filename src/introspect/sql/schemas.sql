-- The server version and which of the requested schemas ($1) exist, split into the readable ones and the
-- system schemas that are never read (the catalog, information_schema, TOAST, other sessions' temporary
-- schemas). The session's own temporary schema (pg_my_temp_schema()) is readable.
SELECT
  current_setting('server_version_num')::int4 AS server_version,
  ARRAY(
    SELECT n.nspname::text
    FROM pg_namespace n
    WHERE n.nspname = ANY ($1::text[])
      AND NOT (
        n.nspname IN ('pg_catalog', 'information_schema')
        OR n.nspname LIKE 'pg\_toast%'
        OR (n.nspname LIKE 'pg\_temp\_%' AND n.oid <> pg_my_temp_schema())
      )
    ORDER BY n.nspname
  )::text[] AS readable,
  ARRAY(
    SELECT n.nspname::text
    FROM pg_namespace n
    WHERE n.nspname = ANY ($1::text[])
      AND (
        n.nspname IN ('pg_catalog', 'information_schema')
        OR n.nspname LIKE 'pg\_toast%'
        OR (n.nspname LIKE 'pg\_temp\_%' AND n.oid <> pg_my_temp_schema())
      )
    ORDER BY n.nspname
  )::text[] AS system,
  c.commented,
  c.schema_comments
FROM (
  SELECT
    COALESCE(array_agg(n.nspname::text ORDER BY n.nspname), '{}')::text[] AS commented,
    COALESCE(array_agg(d.description::text ORDER BY n.nspname), '{}')::text[] AS schema_comments
  FROM pg_namespace n
  JOIN pg_description d ON d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass
  WHERE n.nspname = ANY ($1::text[])
    AND NOT (
      n.nspname IN ('pg_catalog', 'information_schema')
      OR n.nspname LIKE 'pg\_toast%'
      OR (n.nspname LIKE 'pg\_temp\_%' AND n.oid <> pg_my_temp_schema())
    )
    AND NOT EXISTS (
      SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_namespace'::regclass AND x.objid = n.oid AND x.deptype = 'e'
        AND x.refclassid = 'pg_extension'::regclass
    )
) c
