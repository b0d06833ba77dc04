-- Reference read for tests/introspect/reference-read.test.ts: src/introspect/sql/columns.sql as it was
-- before the speed work (one correlated lookup per column), plus the position column the rows now carry.
-- Ordinary columns (attnum > 0, not dropped) of the tables that tables.sql reads, in attribute order.
--   default_expr     pg_get_expr of pg_attrdef: the default, or the expression of a generated column;
--   generated_kind   attgenerated: '' (none), 's' (stored), 'v' (virtual, PostgreSQL 18);
--   identity_kind    attidentity: '' (none), 'a' (ALWAYS), 'd' (BY DEFAULT); '' on a partition whose column
--                    has no sequence of its own (PostgreSQL 17+: the identity is its parent's);
--   collation        only when it is not the type's default collation, printed the way Postgres prints
--                    it with search_path = pg_catalog: quote_ident(name), schema-qualified unless the
--                    collation lives in pg_catalog ("C", "en_US", public.german);
--   serial_sequence_*  the sequence OWNED BY this column whose nextval() is exactly its default: the
--                    column is a serial and that sequence belongs to it;
--   inherited        the column comes only from a parent: an inheritance child's column that is not
--                    also defined locally (attislocal), or any column of a partition;
--   generated_reads  (added with it) a generated column's: the columns its expression depends on
--                    normally, in attribute order;
--   storage, type_storage, compression, statistics_target, attribute_options  (added with them) the
--                    column's physical settings where they are not the defaults, else null.
SELECT
  n.nspname::text AS table_schema,
  c.relname::text AS table_name,
  a.attnum::int4 AS position,
  a.attname::text AS name,
  format_type(a.atttypid, a.atttypmod)::text AS type,
  (NOT a.attnotnull)::boolean AS nullable,
  pg_get_expr(ad.adbin, ad.adrelid)::text AS default_expr,
  a.attgenerated::text AS generated_kind,
  CASE WHEN a.attidentity <> '' AND c.relispartition
    AND pg_get_serial_sequence(c.oid::regclass::text, quote_ident(a.attname)) IS NULL THEN ''
    ELSE a.attidentity::text END AS identity_kind,
  CASE
    WHEN a.attcollation = 0 OR a.attcollation = t.typcollation THEN NULL
    WHEN coll_ns.nspname = 'pg_catalog' THEN quote_ident(coll.collname)
    ELSE quote_ident(coll_ns.nspname) || '.' || quote_ident(coll.collname)
  END::text AS collation,
  col_description(a.attrelid, a.attnum)::text AS comment,
  serial.sequence_schema AS serial_sequence_schema,
  serial.sequence_name AS serial_sequence_name,
  (NOT a.attislocal OR c.relispartition)::boolean AS inherited,
  CASE WHEN a.attgenerated <> '' THEN ARRAY(
    SELECT r.attname::text FROM pg_attribute r
    WHERE r.attrelid = a.attrelid
      AND r.attnum IN (
        SELECT d.refobjsubid FROM pg_depend d
        WHERE d.classid = 'pg_attrdef'::regclass AND d.objid = ad.oid AND d.deptype = 'n'
          AND d.refclassid = 'pg_class'::regclass AND d.refobjid = a.attrelid
      )
    ORDER BY r.attnum
  ) END AS generated_reads,
  CASE WHEN a.attstorage = t.typstorage THEN NULL ELSE a.attstorage::text END AS storage,
  CASE WHEN a.attstorage = t.typstorage THEN NULL ELSE t.typstorage::text END AS type_storage,
  CASE WHEN a.attcompression = '' THEN NULL ELSE a.attcompression::text END AS compression,
  CASE WHEN a.attstattarget IS NULL OR a.attstattarget = -1 THEN NULL ELSE a.attstattarget::int4 END AS statistics_target,
  (SELECT array_agg(o ORDER BY o) FROM unnest(a.attoptions) AS o)::text[] AS attribute_options
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_collation coll ON coll.oid = a.attcollation
LEFT JOIN pg_namespace coll_ns ON coll_ns.oid = coll.collnamespace
LEFT JOIN LATERAL (
  SELECT
    sn.nspname::text AS sequence_schema,
    s.relname::text AS sequence_name
  FROM pg_depend d
  JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
  JOIN pg_namespace sn ON sn.oid = s.relnamespace
  WHERE d.classid = 'pg_class'::regclass
    AND d.refclassid = 'pg_class'::regclass
    AND d.refobjid = a.attrelid
    AND d.refobjsubid = a.attnum
    AND d.deptype = 'a'
    AND a.attgenerated = ''
    -- The literal as pg_get_expr prints it under standard_conforming_strings = on (pinned): quotes
    -- doubled, backslashes kept. quote_literal would write E'...' for a name with a backslash.
    AND pg_get_expr(ad.adbin, ad.adrelid) = 'nextval(''' || replace(s.oid::regclass::text, '''', '''''') || '''::regclass)'
  LIMIT 1
) serial ON true
WHERE c.relkind IN ('r', 'p')
  AND n.nspname = ANY ($1::text[])
  AND a.attnum > 0
  AND NOT a.attisdropped
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
  )
ORDER BY n.nspname, c.relname, a.attnum
