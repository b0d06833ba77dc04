-- Publications (logical replication, objects of the database) that publish something of the schemas $1:
-- every table (FOR ALL TABLES), a schema of $1 whole (FOR TABLES IN SCHEMA), or a table of $1; and those
-- that publish nothing yet (every comparison's: one side's tables may be added to it).
--   schemas   those of $1 it publishes whole, sorted (another schema's entry is not this comparison's);
--   publish   the operations it publishes, in the order insert, update, delete, truncate.
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
  p.pubviaroot AS via_partition_root
FROM pg_publication p
WHERE p.puballtables
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
ORDER BY 1
