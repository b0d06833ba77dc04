-- The server version and which of the requested schemas ($1) exist, split into the readable ones and the
-- system schemas that are never read (the catalog, information_schema, TOAST, other sessions' temporary
-- schemas). The session's own temporary schema (pg_my_temp_schema()) is readable. Also the comments on the
-- readable schemas (not on a schema an extension made), by name: every database has one, on `public`,
-- which is older than every user object, so comments.sql (which reads no schema's) need only be sent for a
-- database where other user objects have comments.
WITH requested AS (
  SELECT n.oid, n.nspname,
    n.nspname IN ('pg_catalog', 'information_schema')
      OR n.nspname LIKE 'pg\_toast%'
      OR (n.nspname LIKE 'pg\_temp\_%' AND n.oid <> pg_my_temp_schema()) AS system
  FROM pg_namespace n
  WHERE n.nspname = ANY ($1::text[])
)
SELECT
  current_setting('server_version_num')::int4 AS server_version,
  ARRAY(SELECT r.nspname::text FROM requested r WHERE NOT r.system ORDER BY r.nspname)::text[] AS readable,
  ARRAY(SELECT r.nspname::text FROM requested r WHERE r.system ORDER BY r.nspname)::text[] AS system,
  c.commented,
  c.schema_comments
FROM (
  SELECT
    COALESCE(array_agg(r.nspname::text ORDER BY r.nspname), '{}')::text[] AS commented,
    COALESCE(array_agg(d.description::text ORDER BY r.nspname), '{}')::text[] AS schema_comments
  FROM requested r
  JOIN pg_description d ON d.objoid = r.oid AND d.classoid = 'pg_namespace'::regclass
  WHERE NOT r.system
    AND NOT EXISTS (
      SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_namespace'::regclass AND x.objid = r.oid AND x.deptype = 'e'
        AND x.refclassid = 'pg_extension'::regclass
    )
) c
