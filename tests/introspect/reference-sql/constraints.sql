-- Reference read for tests/introspect/reference-read.test.ts: src/introspect/sql/constraints.sql as it was
-- before the speed work (per-row functions and subqueries), unchanged but for the tablespace and storage
-- parameters, INCLUDE columns and
-- foreign keys' MATCH and ON DELETE SET columns read since, and the columns a check or exclusion reads (reads).
-- Primary key, unique, foreign key, check and exclusion constraints of the tables that tables.sql reads.
-- NOT NULL constraints (contype 'n', PostgreSQL 18) and constraint triggers ('t') are not selected.
-- Column names come in constraint key order (conkey / confkey positions). Constraints that PostgreSQL
-- derives from another one are left out: the copies it makes on each partition (and, for a foreign key
-- referencing a partitioned table, for each referenced partition), which have a parent constraint
-- (conparentid), and the checks an inheritance child or partition has only from its parent (not
-- conislocal).
-- definition: pg_get_constraintdef for check and exclusion constraints, and for keys not validated or
--   not on a btree index (PostgreSQL 18's NOT ENFORCED, WITHOUT OVERLAPS and PERIOD).
-- validated: convalidated (false for a constraint added NOT VALID and not validated since).
-- nulls_not_distinct: a unique constraint's index treats nulls as equal (UNIQUE NULLS NOT DISTINCT).
SELECT
  n.nspname::text AS table_schema,
  c.relname::text AS table_name,
  co.conname::text AS name,
  co.contype::text AS type,
  ARRAY(
    SELECT a.attname::text
    FROM unnest(co.conkey) WITH ORDINALITY AS k(attnum, position)
    JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.attnum
    ORDER BY k.position
  )::text[] AS columns,
  ref_ns.nspname::text AS ref_schema,
  ref.relname::text AS ref_table,
  ARRAY(
    SELECT a.attname::text
    FROM unnest(co.confkey) WITH ORDINALITY AS k(attnum, position)
    JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.attnum
    ORDER BY k.position
  )::text[] AS ref_columns,
  co.confupdtype::text AS on_update,
  co.confdeltype::text AS on_delete,
  (SELECT co.confmatchtype::text WHERE co.contype = 'f') AS match_type,
  (
    SELECT array_agg(a.attname ORDER BY k.n)
    FROM unnest(co.confdelsetcols) WITH ORDINALITY AS k(attnum, n)
    JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.attnum
    WHERE co.contype = 'f'
  )::text[] AS on_delete_columns,
  co.condeferrable::boolean AS deferrable,
  co.condeferred::boolean AS initially_deferred,
  CASE
    WHEN co.contype IN ('c', 'x') OR (co.contype IN ('p', 'u', 'f') AND NOT co.convalidated)
      OR (co.contype IN ('p', 'u', 'f') AND NOT EXISTS (
        SELECT 1 FROM pg_class ic JOIN pg_am am ON am.oid = ic.relam WHERE ic.oid = co.conindid AND am.amname = 'btree'
      ))
    THEN pg_get_constraintdef(co.oid)
  END::text AS definition,
  co.convalidated::boolean AS validated,
  COALESCE(
    (SELECT i.indnullsnotdistinct FROM pg_index i WHERE co.contype = 'u' AND i.indexrelid = co.conindid),
    false
  )::boolean AS nulls_not_distinct,
  (
    SELECT array_agg(a.attname ORDER BY k.n)
    FROM pg_index i, unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
    JOIN pg_attribute a ON a.attnum = k.attnum
    WHERE co.contype IN ('p', 'u') AND i.indexrelid = co.conindid AND a.attrelid = co.conrelid AND k.n > i.indnkeyatts
  )::text[] AS include_columns,
  (
    SELECT t.spcname FROM pg_class ic JOIN pg_tablespace t ON t.oid = ic.reltablespace
    WHERE co.contype IN ('p', 'u', 'x') AND ic.oid = co.conindid
  )::text AS tablespace,
  (SELECT ic.reloptions FROM pg_class ic WHERE co.contype IN ('p', 'u') AND ic.oid = co.conindid)::text[] AS storage_parameters,
  CASE WHEN co.contype = 'c' THEN co.coninhcount > 0 ELSE false END AS also_inherited,
  CASE WHEN co.contype IN ('c', 'x') THEN ARRAY(
    SELECT a.attname FROM pg_depend d
    JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
    WHERE ((d.classid = 'pg_constraint'::regclass AND d.objid = co.oid) OR (d.classid = 'pg_class'::regclass AND d.objid = co.conindid))
      AND d.refclassid = 'pg_class'::regclass AND d.refobjid = co.conrelid
    GROUP BY a.attnum, a.attname ORDER BY a.attnum
  ) END::text[] AS reads
FROM pg_constraint co
JOIN pg_class c ON c.oid = co.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class ref ON ref.oid = co.confrelid
LEFT JOIN pg_namespace ref_ns ON ref_ns.oid = ref.relnamespace
WHERE (co.contype IN ('p', 'u', 'f', 'c', 'x') OR (co.contype = 'n' AND NOT co.convalidated))
  AND c.relkind IN ('r', 'p')
  AND n.nspname = ANY ($1::text[])
  AND co.conparentid = 0
  AND co.conislocal
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
  )
ORDER BY n.nspname, c.relname, co.conname
