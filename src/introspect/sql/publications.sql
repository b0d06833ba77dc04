-- Every publication (logical replication, objects of the database), with
--   schemas   those of $1 it publishes whole, sorted (another schema's entry is not this comparison's);
--   publish   the operations it publishes, in the order insert, update, delete, truncate;
--   comment   its comment (COMMENT ON PUBLICATION), or null;
--   in_scope  whether it is this comparison's: it publishes every table (FOR ALL TABLES), a schema of $1
--             whole (FOR TABLES IN SCHEMA) or a table of $1, or nothing yet (one side's tables may be
--             added to it);
--   elsewhere whether it lists a table or a schema outside $1 (another comparison's entries, which
--             neither dropping it nor creating it again may lose).
-- A publication that is not in scope is still read: the other side's may be, and it exists all the same.
SELECT
  p.pubname::text AS name,
  p.puballtables AS all_tables,
  ARRAY(
    SELECT n.nspname::text
    FROM pg_publication_namespace pn
    JOIN pg_namespace n ON n.oid = pn.pnnspid
    WHERE pn.pnpubid = p.oid AND n.nspname = ANY ($1::text[])
    ORDER BY 1
  )::text[] AS schemas,
  array_remove(ARRAY[
    CASE WHEN p.pubinsert THEN 'insert' END,
    CASE WHEN p.pubupdate THEN 'update' END,
    CASE WHEN p.pubdelete THEN 'delete' END,
    CASE WHEN p.pubtruncate THEN 'truncate' END
  ], NULL)::text[] AS publish,
  p.pubviaroot AS via_partition_root,
  (SELECT d.description FROM pg_description d
    WHERE d.classoid = 'pg_publication'::regclass AND d.objoid = p.oid AND d.objsubid = 0)::text AS comment,
  (
    p.puballtables
    OR EXISTS (
      SELECT 1 FROM pg_publication_namespace pn JOIN pg_namespace n ON n.oid = pn.pnnspid
      WHERE pn.pnpubid = p.oid AND n.nspname = ANY ($1::text[])
    )
    OR EXISTS (
      SELECT 1 FROM pg_publication_rel pr JOIN pg_class c ON c.oid = pr.prrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE pr.prpubid = p.oid AND n.nspname = ANY ($1::text[])
    )
    OR (
      NOT EXISTS (SELECT 1 FROM pg_publication_namespace pn WHERE pn.pnpubid = p.oid)
      AND NOT EXISTS (SELECT 1 FROM pg_publication_rel pr WHERE pr.prpubid = p.oid)
    )
  ) AS in_scope,
  (
    EXISTS (
      SELECT 1 FROM pg_publication_namespace pn JOIN pg_namespace n ON n.oid = pn.pnnspid
      WHERE pn.pnpubid = p.oid AND NOT n.nspname = ANY ($1::text[])
    )
    OR EXISTS (
      SELECT 1 FROM pg_publication_rel pr JOIN pg_class c ON c.oid = pr.prrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE pr.prpubid = p.oid AND NOT n.nspname = ANY ($1::text[])
    )
  ) AS elsewhere
FROM pg_publication p
ORDER BY 1
