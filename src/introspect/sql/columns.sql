-- Ordinary columns (attnum > 0, not dropped) of the tables that tables.sql reads, in no particular order:
-- build-model.ts groups them by table and puts each table's in attribute order (position = attnum).
-- Sorting 50,000 wide rows here would spill to disk past work_mem.
--   default_expr     pg_get_expr of pg_attrdef: the default, or the expression of a generated column.
--                    A default cannot reference a column, so it is printed without its table (relid 0):
--                    the same text, without Postgres opening the table (building its relation cache
--                    entry and taking a lock on it) for every column; a generated column's expression
--                    names columns and is printed against its table;
--   generated_kind   attgenerated: '' (none), 's' (stored), 'v' (virtual, PostgreSQL 18);
--   identity_kind    attidentity: '' (none), 'a' (ALWAYS), 'd' (BY DEFAULT);
--   collation        only when it is not the type's default collation, printed the way Postgres prints
--                    it with search_path = pg_catalog: quote_ident(name), schema-qualified unless the
--                    collation lives in pg_catalog ("C", "en_US", public.german);
--   serial_sequence_*  the sequence OWNED BY this column whose nextval() is exactly its default: the
--                    column is a serial and that sequence belongs to it;
--   inherited        the column comes only from a parent: an inheritance child's column that is not
--                    also defined locally (attislocal), or any column of a partition;
--   generated_reads  a generated column's: the other columns of its table its expression reads, in
--                    attribute order (pg_depend of its pg_attrdef), else null. PostgreSQL refuses to
--                    retype a column a generated column reads.
--   storage          attstorage when it is not the type's typstorage (then type_storage gives that), else null;
--   compression      attcompression: p (pglz), l (lz4), else null (the server's default_toast_compression);
--   statistics_target  attstattarget when set: not -1 (15, 16) or NULL (17+);
--   attribute_options  attoptions (n_distinct, n_distinct_inherited) as stored, sorted, else null.
-- Each default is printed once, in the inner query (OFFSET 0 keeps the planner from merging it into the
-- outer one); the owned sequence is looked up only for a default that starts with nextval(.
WITH tables AS MATERIALIZED (
  SELECT c.oid, n.nspname, c.relname, c.relispartition
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p')
    AND n.nspname = ANY ($1::text[])
    AND NOT EXISTS (
      SELECT 1 FROM pg_depend x
      WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
        AND x.refclassid = 'pg_extension'::regclass
    )
)
SELECT
  col.table_schema,
  col.table_name,
  col.position,
  col.name,
  col.type,
  col.nullable,
  col.default_expr,
  col.generated_kind,
  col.identity_kind,
  col.collation,
  col.comment,
  serial.sequence_schema AS serial_sequence_schema,
  serial.sequence_name AS serial_sequence_name,
  col.inherited,
  col.generated_reads,
  col.storage,
  col.type_storage,
  col.compression,
  col.statistics_target,
  col.attribute_options
FROM (
  SELECT
    c.nspname::text AS table_schema,
    c.relname::text AS table_name,
    a.attrelid,
    a.attnum::int4 AS position,
    a.attname::text AS name,
    format_type(a.atttypid, a.atttypmod)::text AS type,
    (NOT a.attnotnull)::boolean AS nullable,
    pg_get_expr(ad.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE ad.adrelid END)::text AS default_expr,
    a.attgenerated::text AS generated_kind,
    a.attidentity::text AS identity_kind,
    CASE
      WHEN a.attcollation = 0 OR a.attcollation = t.typcollation THEN NULL
      WHEN coll_ns.nspname = 'pg_catalog' THEN quote_ident(coll.collname)
      ELSE quote_ident(coll_ns.nspname) || '.' || quote_ident(coll.collname)
    END::text AS collation,
    ds.description::text AS comment,
    (NOT a.attislocal OR c.relispartition)::boolean AS inherited,
    CASE WHEN a.attgenerated <> '' THEN ARRAY(
      SELECT ra.attname::text
      FROM pg_depend d
      JOIN pg_attribute ra ON ra.attrelid = d.refobjid AND ra.attnum = d.refobjsubid
      WHERE d.classid = 'pg_attrdef'::regclass AND d.objid = ad.oid
        AND d.refclassid = 'pg_class'::regclass AND d.refobjid = a.attrelid
        AND d.refobjsubid > 0 AND d.refobjsubid <> a.attnum
      ORDER BY ra.attnum
    ) END AS generated_reads,
    CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END AS storage,
    CASE WHEN a.attstorage <> t.typstorage THEN t.typstorage::text END AS type_storage,
    NULLIF(a.attcompression, '')::text AS compression,
    NULLIF(a.attstattarget::int4, -1) AS statistics_target,
    CASE WHEN a.attoptions IS NOT NULL THEN ARRAY(SELECT o FROM unnest(a.attoptions) AS o ORDER BY o)::text[] END
      AS attribute_options
  FROM tables c
  JOIN pg_attribute a ON a.attrelid = c.oid
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  LEFT JOIN pg_description ds
    ON ds.objoid = a.attrelid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum
  LEFT JOIN pg_collation coll ON coll.oid = a.attcollation
  LEFT JOIN pg_namespace coll_ns ON coll_ns.oid = coll.collnamespace
  WHERE a.attnum > 0
    AND NOT a.attisdropped
  OFFSET 0
) col
LEFT JOIN LATERAL (
  SELECT
    sn.nspname::text AS sequence_schema,
    s.relname::text AS sequence_name
  FROM pg_depend d
  JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
  JOIN pg_namespace sn ON sn.oid = s.relnamespace
  WHERE left(col.default_expr, 8) = 'nextval('
    AND col.generated_kind = ''
    AND d.classid = 'pg_class'::regclass
    AND d.refclassid = 'pg_class'::regclass
    AND d.refobjid = col.attrelid
    AND d.refobjsubid = col.position
    AND d.deptype = 'a'
    -- The literal as pg_get_expr prints it under standard_conforming_strings = on (pinned): quotes
    -- doubled, backslashes kept. quote_literal would write E'...' for a name with a backslash.
    AND col.default_expr = 'nextval(''' || replace(s.oid::regclass::text, '''', '''''') || '''::regclass)'
  LIMIT 1
) serial ON true
