-- Primary key, unique, foreign key, check and exclusion constraints of the tables that tables.sql reads,
-- ordered by table and name (build-model.ts sorts them again; the order of the tables does not matter).
-- NOT NULL constraints (contype 'n', PostgreSQL 18) and constraint triggers ('t') are not selected, but
-- for a NOT NULL that is NOT VALID (18), which map-constraint.ts refuses: the model's NOT NULL is validated.
-- Constraints that PostgreSQL derives from another one are left out: the copies it makes on each
-- partition (and, for a foreign key referencing a partitioned table, for each referenced partition),
-- which have a parent constraint (conparentid), and the checks an inheritance child or partition has only
-- from its parent (not conislocal).
-- columns / ref_columns: the column names of a primary key, unique or foreign key (or NOT NULL) in key order
--   (conkey / confkey positions); empty for checks and exclusions, which the model describes by their
--   definition alone. A single-column key (the usual case) is a plain join, a longer one a subquery.
-- definition: pg_get_constraintdef for check and exclusion constraints; also for the few keys whose
--   definition may hold what the model has no field for (PostgreSQL 18): a foreign key not validated
--   (NOT ENFORCED is never validated) and a key on an index that is not a btree (WITHOUT OVERLAPS,
--   PERIOD), so that map-constraint.ts can refuse them instead of reading them as plain keys.
-- validated: convalidated (false for a constraint added NOT VALID and not validated since).
-- nulls_not_distinct: a unique constraint's index treats nulls as equal (UNIQUE NULLS NOT DISTINCT).
-- tablespace: the tablespace of a primary key's, unique or exclusion constraint's own index (NULL for the
--   database's default: reltablespace 0), which pg_get_constraintdef does not print.
-- match_type: a foreign key's confmatchtype (f FULL, s SIMPLE, p PARTIAL); on_delete_columns: the columns
--   its ON DELETE SET NULL / SET DEFAULT (...) sets (confdelsetcols, PostgreSQL 15), in order, else NULL.
-- include_columns: the INCLUDE columns of a primary key's or unique constraint's index (not in conkey), in
--   order; NULL for none and for other kinds.
-- storage_parameters: the reloptions (WITH (...)) of a primary key's or unique constraint's index, in order,
--   which pg_get_constraintdef does not print (it does an exclusion's); NULL for other kinds.
-- also_inherited: a check the table has of its own and from a parent as well (INHERIT merges a parent's
--   check into the child's of the same name, which must be there first).
-- reads: of a check or exclusion, the columns of its table that it (a check) or its index (an exclusion)
--   depends on (pg_depend), in attribute order: those whose drop takes it along; NULL for other kinds.
-- How it is read (bench/README.md, "constraints.sql nearer its floor"): pg_constraint through its
-- (conrelid, contypid, conname) index, rows coming in the ORDER BY's order; a key's index by its oid; what
-- only some rows need (a unique key's pg_index row, a tablespace's name) in subqueries run for those rows.
-- What is left above the floor is mostly printing the checks: pg_get_constraintdef opens each table with a
-- check, building its relation cache entry in a new backend (about 45 microseconds a table here), which no
-- rewrite of this query avoids.
WITH tables AS MATERIALIZED (
  SELECT c.oid, n.nspname, c.relname
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
  t.nspname::text AS table_schema,
  t.relname::text AS table_name,
  co.conname::text AS name,
  co.contype::text AS type,
  CASE
    WHEN co.contype NOT IN ('p', 'u', 'f', 'n') THEN '{}'
    WHEN cardinality(co.conkey) = 1 THEN ARRAY[key1.attname]
    ELSE ARRAY(
      SELECT a.attname
      FROM unnest(co.conkey) WITH ORDINALITY AS k(attnum, position)
      JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.attnum
      ORDER BY k.position
    )
  END::text[] AS columns,
  ref_ns.nspname::text AS ref_schema,
  ref.relname::text AS ref_table,
  CASE
    WHEN co.contype <> 'f' THEN '{}'
    WHEN cardinality(co.confkey) = 1 THEN ARRAY[ref1.attname]
    ELSE ARRAY(
      SELECT a.attname
      FROM unnest(co.confkey) WITH ORDINALITY AS k(attnum, position)
      JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.attnum
      ORDER BY k.position
    )
  END::text[] AS ref_columns,
  co.confupdtype::text AS on_update,
  co.confdeltype::text AS on_delete,
  CASE WHEN co.contype = 'f' THEN co.confmatchtype::text END AS match_type,
  CASE WHEN co.contype = 'f' AND cardinality(co.confdelsetcols) > 0 THEN ARRAY(
    SELECT a.attname FROM unnest(co.confdelsetcols) WITH ORDINALITY AS k(attnum, n)
    JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.attnum
    ORDER BY k.n
  ) END::text[] AS on_delete_columns,
  co.condeferrable::boolean AS deferrable,
  co.condeferred::boolean AS initially_deferred,
  CASE
    WHEN co.contype IN ('c', 'x')
      OR (co.contype IN ('p', 'u', 'f')
        AND (NOT co.convalidated OR key_index.relam IS DISTINCT FROM (SELECT oid FROM pg_am WHERE amname = 'btree')))
    THEN pg_get_constraintdef(co.oid)
  END::text AS definition,
  co.convalidated::boolean AS validated,
  COALESCE(CASE WHEN co.contype = 'u' THEN (
    SELECT i.indnullsnotdistinct FROM pg_index i WHERE i.indexrelid = co.conindid
  ) END, false)::boolean AS nulls_not_distinct,
  -- Looked up only for a key whose index has more columns than the key (relnatts counts INCLUDE's too).
  CASE WHEN co.contype IN ('p', 'u') AND key_index.relnatts > cardinality(co.conkey) THEN ARRAY(
    SELECT a.attname FROM pg_index ki, generate_series(ki.indnkeyatts, ki.indnatts - 1) AS k
    JOIN pg_attribute a ON a.attrelid = co.conrelid
    WHERE ki.indexrelid = co.conindid AND a.attnum = ki.indkey[k]
    ORDER BY k
  ) END::text[] AS include_columns,
  CASE WHEN co.contype IN ('p', 'u', 'x') AND key_index.reltablespace <> 0 THEN (
    SELECT ts.spcname FROM pg_tablespace ts WHERE ts.oid = key_index.reltablespace
  ) END::text AS tablespace,
  CASE WHEN co.contype IN ('p', 'u') THEN key_index.reloptions END::text[] AS storage_parameters,
  (co.contype = 'c' AND co.coninhcount > 0)::boolean AS also_inherited,
  -- Its conkey lists the columns a check's expression reads, and an exclusion's column keys (what their
  -- pg_depend rows name too, without a look-up per row); an exclusion's expression keys (0 in conkey) are
  -- found through its index's pg_depend rows, by depender (pg_depend's index).
  CASE WHEN co.contype IN ('c', 'x') THEN ARRAY(
    SELECT a.attname FROM pg_attribute a
    WHERE a.attrelid = co.conrelid AND a.attnum > 0 AND (a.attnum = ANY (co.conkey) OR (co.contype = 'x' AND a.attnum IN (
      SELECT d.refobjsubid FROM pg_depend d
      WHERE d.classid = 'pg_class'::regclass AND d.objid = co.conindid
        AND d.refclassid = 'pg_class'::regclass AND d.refobjid = co.conrelid AND d.refobjsubid > 0)))
    ORDER BY a.attnum
  ) END::text[] AS reads
FROM tables t
-- contypid is 0 for every constraint of a table (it names a domain's): said here, it lets the planner read
-- pg_constraint through its (conrelid, contypid, conname) index, in the ORDER BY's order, with no sort.
JOIN pg_constraint co ON co.conrelid = t.oid AND co.contypid = 0
LEFT JOIN pg_attribute key1
  ON co.contype IN ('p', 'u', 'f', 'n') AND key1.attrelid = co.conrelid AND key1.attnum = co.conkey[1]
LEFT JOIN pg_attribute ref1 ON co.contype = 'f' AND ref1.attrelid = co.confrelid AND ref1.attnum = co.confkey[1]
LEFT JOIN pg_class ref ON co.contype = 'f' AND ref.oid = co.confrelid
LEFT JOIN pg_namespace ref_ns ON ref_ns.oid = ref.relnamespace
-- A key's index (a foreign key's: the referenced key's): its access method, size, options and tablespace.
LEFT JOIN pg_class key_index ON co.contype IN ('p', 'u', 'f', 'x') AND key_index.oid = co.conindid
WHERE (co.contype IN ('p', 'u', 'f', 'c', 'x') OR (co.contype = 'n' AND NOT co.convalidated))
  AND co.conparentid = 0
  AND co.conislocal
ORDER BY co.conrelid, co.conname
