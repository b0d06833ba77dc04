-- Ordinary ('r') and partitioned ('p') tables in the schemas $1 with their comments (pg_description,
-- joined: obj_description() would run a query per table) and tablespaces (NULL for the database's
-- default: reltablespace 0; but a partition there under a parent outside it gets the default's name,
-- since CREATE TABLE ... PARTITION OF without one would put it in its parent's). Tables that belong to an
-- extension are left out. Partitions are ordinary tables here (relispartition is not modelled).
SELECT
  n.nspname::text AS schema,
  c.relname::text AS name,
  d.description::text AS comment,
  COALESCE(ts.spcname, parent_elsewhere.default_tablespace)::text AS tablespace
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace
LEFT JOIN LATERAL (
  SELECT dts.spcname AS default_tablespace
  FROM pg_inherits i
  JOIN pg_class p ON p.oid = i.inhparent
  JOIN pg_database db ON db.datname = current_database()
  JOIN pg_tablespace dts ON dts.oid = db.dattablespace
  WHERE c.relispartition AND c.relkind = 'r' AND c.reltablespace = 0 AND i.inhrelid = c.oid AND p.reltablespace <> 0
) parent_elsewhere ON true
WHERE c.relkind IN ('r', 'p')
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
      AND x.refclassid = 'pg_extension'::regclass
  )
ORDER BY n.nspname, c.relname
