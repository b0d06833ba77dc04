-- Sequences in the schemas $1 with the column that owns them, if any: owner_kind 'a' for OWNED BY
-- (serial columns and ALTER SEQUENCE ... OWNED BY), 'i' for an identity column's sequence. Numbers are
-- int8 in the catalog and are returned as text. Sequences that belong to an extension are left out.
SELECT
  n.nspname::text AS schema,
  c.relname::text AS name,
  format_type(s.seqtypid, NULL)::text AS data_type,
  s.seqstart::text AS start,
  s.seqincrement::text AS increment,
  s.seqmin::text AS min_value,
  s.seqmax::text AS max_value,
  s.seqcache::text AS cache,
  s.seqcycle::boolean AS cycle,
  c.relpersistence = 'u' AS unlogged,
  owner.kind AS owner_kind,
  owner.table_schema AS owner_schema,
  owner.table_name AS owner_table,
  owner.column_name AS owner_column
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN LATERAL (
  SELECT
    d.deptype::text AS kind,
    tn.nspname::text AS table_schema,
    t.relname::text AS table_name,
    a.attname::text AS column_name
  FROM pg_depend d
  JOIN pg_class t ON t.oid = d.refobjid
  JOIN pg_namespace tn ON tn.oid = t.relnamespace
  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
  WHERE d.classid = 'pg_class'::regclass
    AND d.objid = c.oid
    AND d.refclassid = 'pg_class'::regclass
    AND d.refobjsubid > 0
    AND d.deptype IN ('a', 'i')
  LIMIT 1
) owner ON true
WHERE c.relkind = 'S'
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
      AND x.refclassid = 'pg_extension'::regclass
  )
ORDER BY n.nspname, c.relname
