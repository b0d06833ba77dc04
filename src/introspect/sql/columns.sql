-- Ordinary columns (attnum > 0, not dropped) of the tables that tables.sql reads, in no particular order:
-- build-model.ts groups them by table and puts each table's in attribute order (position = attnum).
-- Sorting 50,000 wide rows here would spill to disk past work_mem.
--   default_expr     pg_get_expr of pg_attrdef: the default, or the expression of a generated column.
--                    A default cannot reference a column, so it is printed without its table (relid 0):
--                    the same text, without Postgres opening the table (building its relation cache
--                    entry and taking a lock on it) for every column; a generated column's expression
--                    names columns and is printed against its table;
--   generated_kind   attgenerated: '' (none), 's' (stored), 'v' (virtual, PostgreSQL 18);
--   identity_kind    attidentity: '' (none), 'a' (ALWAYS), 'd' (BY DEFAULT); '' for a partition's column whose
--                    identity is its parent's (PostgreSQL 17+: a partition takes its parent's identity when
--                    attached and loses it when detached, owns no sequence for it, and can neither add nor
--                    drop one of its own), told by the catalog: the partition's column owns no identity
--                    sequence (pg_depend 'i'). On 15 and 16 a partition's identity is its own, with its sequence;
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
-- How it is read (bench/README.md, "Issue 11: columns.sql and indexes.sql nearer their floors"): each
-- table's columns through pg_attribute's (attrelid, attnum) index, as the floor does, with no hash of
-- every column row.
-- Each default is printed once, in the inner query (OFFSET 0 keeps the planner from merging it into the
-- outer one). The serial's sequence: every sequence OWNED BY a column of a table in the schemas, with the
-- default its serial would have, hashed once and joined on (table, column, default), instead of a lookup
-- per column. A column owns at most one sequence whose nextval() text is its default (two sequences
-- never print the same name), so the join adds no row; DISTINCT drops a repeated pg_depend record.
-- A collation is named only for a column whose collation is not its type's (a subquery, run on those).
WITH owned AS (
  SELECT DISTINCT
    d.refobjid AS attrelid,
    d.refobjsubid::int4 AS position,
    sn.nspname::text AS sequence_schema,
    s.relname::text AS sequence_name,
    -- The literal as pg_get_expr prints it under standard_conforming_strings = on (pinned): quotes
    -- doubled, backslashes kept. quote_literal would write E'...' for a name with a backslash.
    'nextval(''' || replace(s.oid::regclass::text, '''', '''''') || '''::regclass)' AS default_expr
  FROM pg_depend d
  JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
  JOIN pg_namespace sn ON sn.oid = s.relnamespace
  JOIN pg_class owner ON owner.oid = d.refobjid
  JOIN pg_namespace owner_ns ON owner_ns.oid = owner.relnamespace
  WHERE d.classid = 'pg_class'::regclass
    AND d.refclassid = 'pg_class'::regclass
    AND d.refobjsubid > 0
    AND d.deptype = 'a'
    AND owner_ns.nspname = ANY ($1::text[])
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
    n.nspname::text AS table_schema,
    c.relname::text AS table_name,
    a.attrelid,
    a.attnum::int4 AS position,
    a.attname::text AS name,
    format_type(a.atttypid, a.atttypmod)::text AS type,
    (NOT a.attnotnull)::boolean AS nullable,
    pg_get_expr(ad.adbin, CASE WHEN a.attgenerated = '' THEN 0 ELSE ad.adrelid END)::text AS default_expr,
    a.attgenerated::text AS generated_kind,
    CASE
      WHEN a.attidentity <> '' AND c.relispartition AND NOT EXISTS (
        SELECT 1 FROM pg_depend i
        WHERE i.refclassid = 'pg_class'::regclass AND i.refobjid = a.attrelid AND i.refobjsubid = a.attnum
          AND i.classid = 'pg_class'::regclass AND i.deptype = 'i'
      ) THEN ''
      ELSE a.attidentity::text
    END AS identity_kind,
    CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN (
      SELECT CASE
        WHEN coll_ns.nspname = 'pg_catalog' THEN quote_ident(coll.collname)
        ELSE quote_ident(coll_ns.nspname) || '.' || quote_ident(coll.collname)
      END
      FROM pg_collation coll
      JOIN pg_namespace coll_ns ON coll_ns.oid = coll.collnamespace
      WHERE coll.oid = a.attcollation
    ) END::text AS collation,
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
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  LEFT JOIN pg_description ds
    ON ds.objoid = a.attrelid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum
  WHERE c.relkind IN ('r', 'p')
    AND n.nspname = ANY ($1::text[])
    AND NOT EXISTS (
      SELECT 1 FROM pg_depend x
      WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
        AND x.refclassid = 'pg_extension'::regclass
    )
  OFFSET 0
) col
LEFT JOIN owned serial
  ON serial.attrelid = col.attrelid
  AND serial.position = col.position
  AND serial.default_expr = col.default_expr
  AND col.generated_kind = ''
