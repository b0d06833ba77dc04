-- Indexes of the tables that tables.sql reads and of materialized views, except those behind a primary
-- key, unique or exclusion constraint (they belong to the constraint). One row per index (build-model.ts
-- sorts them by name); per-key facts are parallel text[] arrays over the key columns (1 .. indnkeyatts):
--   key_expressions  a column key's name as pg_get_indexdef(oid, k, true) prints it, quote_ident(attname)
--                    (the function it calls for a column), or, for an expression key,
--                    pg_get_indexdef(oid, k, true) itself;
--   key_options      indoption bits as text (1 = DESC, 2 = NULLS FIRST);
--   key_opclasses    the operator class, or NULL when it is the default one: for a column key, the
--                    default for the column's type (or, when that type has no default of its own, any
--                    default opclass, as for varchar -> text_ops); for an expression key, any default
--                    opclass (opcdefault); with its parameters (the index column's attoptions) as
--                    pg_get_indexdef prints them, `public.gist_trgm_ops (siglen='32')`, the class
--                    named then even where it is the default, as pg_get_indexdef names it;
--   key_collations   the collation, or NULL when it is the column's (column key) or when Postgres does
--                    not print it after the key in pg_get_indexdef (expression key: its own collation
--                    is not stored in the catalog);
-- include_columns are the INCLUDE columns (indnkeyatts + 1 .. indnatts), always plain columns;
-- tablespace the index's tablespace (NULL for the database's default: reltablespace 0), which
-- pg_get_indexdef does not print; storage_parameters its reloptions (WITH (...)) in their order, empty for none; invalid an
-- index a CREATE INDEX CONCURRENTLY left INVALID (failed, or still running); statistics_targets the
-- statistics targets set on its expression columns (ALTER INDEX ... ALTER COLUMN n SET STATISTICS m) as
-- a flat array of pairs {n, m, n, m ...}, empty for none (attstattarget -1 is the default in 15; NULL from 17). Operator
-- class and collation names print as Postgres prints them with search_path = pg_catalog:
-- quote_ident(name), schema-qualified unless in pg_catalog.
-- reads: of an index with an expression key or a predicate, the columns of its table it depends on
-- (pg_depend), in attribute order: those whose drop takes it along; NULL for an index of plain columns.
-- The keys of all indexes are one set (one row per index column), aggregated per index: no subquery
-- runs per index or per key.
WITH idx AS MATERIALIZED (
  SELECT
    i.indexrelid, i.indrelid, i.indnkeyatts, i.indkey, i.indclass, i.indcollation, i.indoption,
    i.indisunique, i.indnullsnotdistinct, i.indpred, i.indisvalid, i.indexprs IS NOT NULL AS has_expressions,
    n.nspname, c.relname AS table_name, ic.relname AS index_name, am.amname, ic.reltablespace, ic.reloptions
  FROM pg_index i
  JOIN pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_class c ON c.oid = i.indrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_am am ON am.oid = ic.relam
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
        AND x.refclassid = 'pg_extension'::regclass
    )
),
keys AS MATERIALIZED (
  SELECT
    idx.indexrelid,
    k.n,
    k.n <= idx.indnkeyatts AS is_key,
    CASE WHEN k.attnum <> 0 THEN quote_ident(col.attname)
      ELSE pg_get_indexdef(idx.indexrelid, k.n, true) END::text AS expression,
    idx.indoption[k.n - 1]::text AS option,
    CASE
      WHEN opc.oid IS NULL THEN NULL
      WHEN opc.opcdefault AND other.oid IS NULL AND key_att.attoptions IS NULL THEN NULL
      ELSE CASE
          WHEN opc_ns.nspname = 'pg_catalog' THEN quote_ident(opc.opcname)
          ELSE quote_ident(opc_ns.nspname) || '.' || quote_ident(opc.opcname)
        END
        -- Each parameter as pg_get_indexdef prints it: name=value, the value quoted unless it is an
        -- identifier that needs no quotes.
        || CASE WHEN key_att.attoptions IS NULL THEN '' ELSE ' (' || array_to_string(ARRAY(
          SELECT quote_ident(split_part(o.option, '=', 1)) || '=' || CASE
              WHEN quote_ident(substr(o.option, strpos(o.option, '=') + 1)) = substr(o.option, strpos(o.option, '=') + 1)
                THEN substr(o.option, strpos(o.option, '=') + 1)
              ELSE quote_literal(substr(o.option, strpos(o.option, '=') + 1))
            END
          FROM unnest(key_att.attoptions) WITH ORDINALITY AS o(option, position)
          ORDER BY o.position
        ), ', ') || ')' END
    END::text AS opclass,
    col.attnum AS column_number,
    col.attcollation AS column_collation,
    coll.oid AS collation_oid,
    CASE
      WHEN coll_ns.nspname = 'pg_catalog' THEN quote_ident(coll.collname)
      ELSE quote_ident(coll_ns.nspname) || '.' || quote_ident(coll.collname)
    END::text AS collation_printed
  FROM idx
  CROSS JOIN LATERAL (
    SELECT u.attnum, u.position::int4 AS n
    FROM unnest(idx.indkey::int2[]) WITH ORDINALITY AS u(attnum, position)
  ) k
  -- A lookup through pg_attribute's index per column key (OFFSET 0 keeps it one): the planner would
  -- otherwise hash all of pg_attribute, every table's and catalog's columns, for a few keys per index.
  LEFT JOIN LATERAL (
    SELECT a.attname, a.attnum, a.attcollation, a.atttypid
    FROM pg_attribute a
    WHERE a.attrelid = idx.indrelid AND a.attnum = k.attnum AND k.attnum <> 0
    OFFSET 0
  ) col ON true
  -- The index's own column of the key: its attoptions are the operator class's parameters.
  LEFT JOIN LATERAL (
    SELECT ia.attoptions
    FROM pg_attribute ia
    WHERE ia.attrelid = idx.indexrelid AND ia.attnum = k.n AND k.n <= idx.indnkeyatts
    OFFSET 0
  ) key_att ON true
  LEFT JOIN pg_opclass opc ON k.n <= idx.indnkeyatts AND opc.oid = idx.indclass[k.n - 1]
  LEFT JOIN pg_namespace opc_ns ON opc_ns.oid = opc.opcnamespace
  -- Another default operator class of the key's method for the column's type (at most one exists): the
  -- key's own default class is then not the one Postgres would pick, and is spelled out.
  LEFT JOIN pg_opclass other
    ON other.opcmethod = opc.opcmethod AND other.opcdefault AND other.opcintype = col.atttypid
    AND other.oid <> opc.oid
  LEFT JOIN pg_collation coll ON k.n <= idx.indnkeyatts AND coll.oid = idx.indcollation[k.n - 1]
  LEFT JOIN pg_namespace coll_ns ON coll_ns.oid = coll.collnamespace
),
per_index AS (
  SELECT
    keys.indexrelid,
    array_agg(keys.expression ORDER BY keys.n) FILTER (WHERE keys.is_key) AS expressions,
    array_agg(keys.option ORDER BY keys.n) FILTER (WHERE keys.is_key) AS options,
    array_agg(keys.opclass ORDER BY keys.n) FILTER (WHERE keys.is_key) AS opclasses,
    array_agg(
      CASE
        WHEN keys.collation_oid IS NULL THEN NULL
        WHEN keys.column_number IS NOT NULL AND keys.collation_oid = keys.column_collation THEN NULL
        -- An expression's own collation is not in the catalog: keep the collation only when Postgres
        -- prints it in the index definition, right after the key.
        WHEN keys.column_number IS NULL AND position(
          keys.expression || ' COLLATE ' || keys.collation_printed IN pg_get_indexdef(keys.indexrelid, 0, true)
        ) = 0 THEN NULL
        ELSE keys.collation_printed
      END
      ORDER BY keys.n
    ) FILTER (WHERE keys.is_key) AS collations,
    array_agg(keys.expression ORDER BY keys.n) FILTER (WHERE NOT keys.is_key) AS include
  FROM keys
  GROUP BY keys.indexrelid
)
SELECT
  idx.nspname::text AS table_schema,
  idx.table_name::text AS table_name,
  idx.index_name::text AS name,
  idx.indisunique::boolean AS is_unique,
  idx.amname::text AS method,
  k.expressions::text[] AS key_expressions,
  k.options::text[] AS key_options,
  k.opclasses::text[] AS key_opclasses,
  k.collations::text[] AS key_collations,
  COALESCE(k.include, '{}')::text[] AS include_columns,
  pg_get_expr(idx.indpred, idx.indrelid, true)::text AS predicate,
  idx.indnullsnotdistinct::boolean AS nulls_not_distinct,
  NOT idx.indisvalid AS invalid,
  ts.spcname::text AS tablespace,
  COALESCE(idx.reloptions, '{}')::text[] AS storage_parameters,
  COALESCE(st.targets, '{}')::int4[] AS statistics_targets,
  CASE WHEN idx.has_expressions OR idx.indpred IS NOT NULL THEN ARRAY(
    SELECT a.attname FROM pg_attribute a
    WHERE a.attrelid = idx.indrelid AND a.attnum > 0 AND a.attnum IN (
      SELECT d.refobjsubid FROM pg_depend d
      WHERE d.classid = 'pg_class'::regclass AND d.objid = idx.indexrelid
        AND d.refclassid = 'pg_class'::regclass AND d.refobjid = idx.indrelid AND d.refobjsubid > 0)
    ORDER BY a.attnum
  ) END::text[] AS reads
FROM idx
JOIN per_index k ON k.indexrelid = idx.indexrelid
LEFT JOIN LATERAL (
  SELECT array_agg(u.v ORDER BY a.attnum, u.ord) AS targets
  FROM pg_attribute a
  CROSS JOIN LATERAL unnest(ARRAY[a.attnum::int4, a.attstattarget::int4]) WITH ORDINALITY AS u(v, ord)
  -- Only an expression column takes a target: an index without expressions reads no attribute.
  WHERE idx.has_expressions AND a.attrelid = idx.indexrelid AND a.attnum > 0 AND a.attstattarget >= 0
) st ON true
LEFT JOIN pg_tablespace ts ON ts.oid = idx.reltablespace
ORDER BY idx.indrelid, idx.index_name
