-- Partitioning, inheritance and storage of the tables that tables.sql reads: one row for each table that
-- is partitioned, a partition, an inheritance child, UNLOGGED, has storage parameters, a REPLICA IDENTITY
-- other than DEFAULT, an index marked for CLUSTER or is a typed table (a plain table has no row). Tables that belong to an extension are left out.
--   partition_by      pg_get_partkeydef of a partitioned table: RANGE (logdate), LIST (city_id), ...;
--   partition_bound   pg_get_expr(relpartbound) of a partition: FOR VALUES ..., or DEFAULT;
--   parent_schemas / parent_names  the parents in pg_inherits order (inhseqno): a partition's one
--                     partitioned table, or an inheritance child's parents;
--   storage_parameters  reloptions as stored (name=value), with those of its TOAST table, which
--                     PostgreSQL keeps there (`toast.name=value`, as WITH (...) says them), sorted;
--   replica_identity  relreplident: d (DEFAULT), n (NOTHING), f (FULL), i (USING INDEX);
--   replica_identity_index  the index marked indisreplident, for i (none once that index is dropped);
--   cluster_index     the index marked indisclustered (CLUSTER ON), if any;
--   of_type_schema / of_type_name  the composite type of a typed table (CREATE TABLE ... OF type), whose
--                     columns are the type's attributes;
--   partition_columns  a partitioned table's columns its key names or reads in an expression, in attribute
--                     order: the key's internal dependencies (pg_depend), recorded from each such column
--                     to its table. PostgreSQL refuses to retype them.
SELECT
  n.nspname::text AS schema,
  c.relname::text AS name,
  CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END::text AS partition_by,
  CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END::text AS partition_bound,
  ARRAY(
    SELECT pn.nspname::text
    FROM pg_inherits i
    JOIN pg_class p ON p.oid = i.inhparent
    JOIN pg_namespace pn ON pn.oid = p.relnamespace
    WHERE i.inhrelid = c.oid
    ORDER BY i.inhseqno
  )::text[] AS parent_schemas,
  ARRAY(
    SELECT p.relname::text
    FROM pg_inherits i
    JOIN pg_class p ON p.oid = i.inhparent
    WHERE i.inhrelid = c.oid
    ORDER BY i.inhseqno
  )::text[] AS parent_names,
  (c.relpersistence = 'u')::boolean AS unlogged,
  ARRAY(
    SELECT o FROM unnest(c.reloptions) AS o
    UNION ALL
    SELECT 'toast.' || o FROM pg_class tc, unnest(tc.reloptions) AS o WHERE tc.oid = c.reltoastrelid
    ORDER BY 1
  )::text[] AS storage_parameters,
  c.relreplident::text AS replica_identity,
  (SELECT x.relname::text FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid
   WHERE i.indrelid = c.oid AND i.indisreplident) AS replica_identity_index,
  (SELECT x.relname::text FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid
   WHERE i.indrelid = c.oid AND i.indisclustered) AS cluster_index,
  ARRAY(
    SELECT a.attname::text
    FROM pg_depend d
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid
    WHERE c.relkind = 'p'
      AND d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.objsubid > 0
      AND d.refclassid = 'pg_class'::regclass AND d.refobjid = c.oid AND d.refobjsubid = 0
      AND d.deptype = 'i'
    ORDER BY a.attnum
  )::text[] AS partition_columns,
  tn.nspname::text AS of_type_schema,
  t.typname::text AS of_type_name
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_type t ON t.oid = c.reloftype
LEFT JOIN pg_namespace tn ON tn.oid = t.typnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname = ANY ($1::text[])
  AND (
    c.relkind = 'p'
    OR c.relispartition
    OR c.relpersistence = 'u'
    OR c.reloptions IS NOT NULL
    OR EXISTS (SELECT 1 FROM pg_class tc WHERE tc.oid = c.reltoastrelid AND tc.reloptions IS NOT NULL)
    OR c.relreplident <> 'd'
    OR c.reloftype <> 0
    OR EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisclustered)
    OR EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid)
  )
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
      AND x.refclassid = 'pg_extension'::regclass
  )
ORDER BY n.nspname, c.relname
