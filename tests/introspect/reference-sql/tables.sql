-- Reference read for tests/introspect/reference-read.test.ts: src/introspect/sql/tables.sql as it was
-- before the speed work (per-row functions and subqueries), unchanged but for the tablespace read since.
-- Ordinary ('r') and partitioned ('p') tables in the schemas $1 with their comments. Tables that belong
-- to an extension are left out. Partitions are ordinary tables here (relispartition is not modelled).
SELECT
  n.nspname::text AS schema,
  c.relname::text AS name,
  obj_description(c.oid, 'pg_class')::text AS comment,
  COALESCE(
    (SELECT t.spcname FROM pg_tablespace t WHERE t.oid = c.reltablespace),
    (
      SELECT t.spcname FROM pg_database db JOIN pg_tablespace t ON t.oid = db.dattablespace
      WHERE db.datname = current_database() AND c.relispartition AND c.relkind = 'r' AND c.reltablespace = 0
        AND (SELECT p.reltablespace FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE i.inhrelid = c.oid) <> 0
    )
  )::text AS tablespace
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
  )
ORDER BY n.nspname, c.relname
