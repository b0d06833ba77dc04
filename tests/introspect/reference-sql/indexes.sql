-- Reference read for tests/introspect/reference-read.test.ts: src/introspect/sql/indexes.sql as it was
-- before the speed work (per-row functions and subqueries), unchanged but for the tablespace and storage
-- parameters and validity read since, and the columns an expression or predicate reads (reads).
-- Indexes of the tables that tables.sql reads and of materialized views, except those behind a primary key, unique or exclusion
-- constraint (they belong to the constraint). One row per index; per-key facts are parallel text[]
-- arrays over the key columns (1 .. indnkeyatts):
--   key_expressions  pg_get_indexdef(oid, k, true): a quoted column name or an expression;
--   key_options      indoption bits as text (1 = DESC, 2 = NULLS FIRST);
--   key_opclasses    the operator class, or NULL when it is the default one: for a column key, the
--                    default for the column's type (or, when that type has no default of its own, any
--                    default opclass, as for varchar -> text_ops); for an expression key, any default
--                    opclass (opcdefault);
--   key_collations   the collation, or NULL when it is the column's (column key) or when Postgres does
--                    not print it after the key in pg_get_indexdef (expression key: its own collation
--                    is not stored in the catalog);
-- include_columns are the INCLUDE columns (indnkeyatts + 1 .. indnatts). Operator class and collation
-- names print as Postgres prints them with search_path = pg_catalog: quote_ident(name),
-- schema-qualified unless in pg_catalog.
SELECT
  n.nspname::text AS table_schema,
  c.relname::text AS table_name,
  ic.relname::text AS name,
  i.indisunique::boolean AS is_unique,
  am.amname::text AS method,
  keys.expressions AS key_expressions,
  keys.options AS key_options,
  keys.opclasses AS key_opclasses,
  keys.collations AS key_collations,
  ARRAY(
    SELECT pg_get_indexdef(i.indexrelid, k, true)::text
    FROM generate_series(i.indnkeyatts + 1, i.indnatts) AS k
    ORDER BY k
  )::text[] AS include_columns,
  pg_get_expr(i.indpred, i.indrelid, true)::text AS predicate,
  i.indnullsnotdistinct::boolean AS nulls_not_distinct,
  NOT i.indisvalid AS invalid,
  (SELECT t.spcname FROM pg_tablespace t WHERE t.oid = ic.reltablespace)::text AS tablespace,
  COALESCE(ic.reloptions, '{}')::text[] AS storage_parameters,
  ARRAY(
    SELECT v FROM pg_attribute a, unnest(ARRAY[a.attnum::int4, a.attstattarget::int4]) WITH ORDINALITY AS u(v, ord)
    WHERE a.attrelid = i.indexrelid AND a.attnum > 0 AND a.attstattarget >= 0 ORDER BY a.attnum, u.ord
  )::int4[] AS statistics_targets,
  CASE WHEN i.indexprs IS NOT NULL OR i.indpred IS NOT NULL THEN ARRAY(
    SELECT a.attname FROM pg_depend d
    JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
    WHERE d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid
      AND d.refclassid = 'pg_class'::regclass AND d.refobjid = i.indrelid
    GROUP BY a.attnum, a.attname ORDER BY a.attnum
  ) END::text[] AS reads
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_am am ON am.oid = ic.relam
CROSS JOIN LATERAL (
  SELECT
    array_agg(key.expression ORDER BY key.n)::text[] AS expressions,
    array_agg(key.option ORDER BY key.n)::text[] AS options,
    array_agg(key.opclass ORDER BY key.n)::text[] AS opclasses,
    array_agg(key.collation ORDER BY key.n)::text[] AS collations
  FROM (
    SELECT
      k.n,
      pg_get_indexdef(i.indexrelid, k.n, true)::text AS expression,
      i.indoption[k.n - 1]::text AS option,
      CASE
        WHEN opc.opcdefault AND NOT EXISTS (
          SELECT 1 FROM pg_opclass d
          WHERE d.opcmethod = opc.opcmethod AND d.opcdefault AND d.opcintype = col.atttypid
            AND d.oid <> opc.oid
        ) THEN NULL
        WHEN opc_ns.nspname = 'pg_catalog' THEN quote_ident(opc.opcname)
        ELSE quote_ident(opc_ns.nspname) || '.' || quote_ident(opc.opcname)
      END::text AS opclass,
      CASE
        WHEN coll.oid IS NULL THEN NULL
        WHEN col.attnum IS NOT NULL AND coll.oid = col.attcollation THEN NULL
        -- An expression's own collation is not in the catalog: keep the collation only when Postgres
        -- prints it in the index definition, right after the key.
        WHEN col.attnum IS NULL AND position(
          pg_get_indexdef(i.indexrelid, k.n, true) || ' COLLATE ' || coll_name.printed
          IN pg_get_indexdef(i.indexrelid, 0, true)
        ) = 0 THEN NULL
        ELSE coll_name.printed
      END::text AS collation
    FROM generate_series(1, i.indnkeyatts) AS k(n)
    JOIN pg_opclass opc ON opc.oid = i.indclass[k.n - 1]
    JOIN pg_namespace opc_ns ON opc_ns.oid = opc.opcnamespace
    LEFT JOIN pg_attribute col ON col.attrelid = i.indrelid AND col.attnum = i.indkey[k.n - 1]
      AND i.indkey[k.n - 1] <> 0
    LEFT JOIN pg_collation coll ON coll.oid = i.indcollation[k.n - 1]
    LEFT JOIN pg_namespace coll_ns ON coll_ns.oid = coll.collnamespace
    LEFT JOIN LATERAL (
      SELECT CASE
        WHEN coll_ns.nspname = 'pg_catalog' THEN quote_ident(coll.collname)
        ELSE quote_ident(coll_ns.nspname) || '.' || quote_ident(coll.collname)
      END AS printed
    ) coll_name ON true
  ) key
) keys
WHERE c.relkind IN ('r', 'p', 'm')
  -- An index PostgreSQL creates on a partition for an index of its partitioned table belongs to that one.
  AND NOT ic.relispartition
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_constraint co
    WHERE co.conindid = i.indexrelid AND co.contype IN ('p', 'u', 'x')
  )
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
  )
ORDER BY n.nspname, c.relname, ic.relname
