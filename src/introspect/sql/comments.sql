-- Comments on the objects of the schemas $1 other than tables and their columns (which tables.sql and
-- columns.sql read) and the schemas themselves (which schemas.sql reads): views, materialized views and
-- their columns, composite types'
-- columns, sequences, indexes, constraints (of tables and domains), types, functions, procedures, aggregates,
-- triggers, rules, statistics objects (on the tables of $1, whatever their own schema), policies and
-- collations. One row per comment, each branch starting from pg_description (few
-- rows); objects that belong to an extension are left out (and so are extensions themselves: extensions.sql
-- reads their comments). `parent` is the
-- relation (or domain) of a column, index, constraint, trigger or policy; `arguments` a function's
-- identity arguments. A comment on a NOT NULL constraint (contype 'n', PostgreSQL 18) is left out: the
-- model describes a NOT NULL by its column, without the constraint's name, so none could be set again.
-- The multirange type and constructor functions PostgreSQL makes with a range type are parts of it (as
-- pg_dump, which prints none of their comments, takes them): their comments are not read.
WITH described AS (
  SELECT d.classoid, d.objoid, d.objsubid, d.description::text AS comment
  FROM pg_description d
  -- Objects created after initdb: the thousands of comments on the system's own functions and types are
  -- not even looked at.
  WHERE d.objoid >= 16384
    AND NOT EXISTS (
      SELECT 1 FROM pg_depend x WHERE x.classid = d.classoid AND x.objid = d.objoid AND x.deptype = 'e'
        AND x.refclassid = 'pg_extension'::regclass
    )
)
SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materializedView' WHEN 'S' THEN 'sequence'
    ELSE 'index' END AS kind,
  n.nspname::text AS schema, c.relname::text AS name, ic.relname::text AS parent, NULL::text AS arguments,
  d.comment
FROM described d
JOIN pg_class c ON c.oid = d.objoid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_index i ON i.indexrelid = c.oid
LEFT JOIN pg_class ic ON ic.oid = i.indrelid
WHERE d.classoid = 'pg_class'::regclass AND d.objsubid = 0 AND c.relkind IN ('v', 'm', 'S', 'i', 'I')
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = i.indrelid AND x.deptype = 'e'
      AND x.refclassid = 'pg_extension'::regclass
  )
UNION ALL
SELECT 'column', n.nspname::text, a.attname::text, c.relname::text, NULL, d.comment
FROM described d
JOIN pg_class c ON c.oid = d.objoid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid
WHERE d.classoid = 'pg_class'::regclass AND d.objsubid > 0 AND c.relkind IN ('v', 'm', 'c') AND NOT a.attisdropped
  AND n.nspname = ANY ($1::text[])
UNION ALL
SELECT CASE WHEN co.contypid <> 0 THEN 'domainConstraint' ELSE 'constraint' END,
  n.nspname::text, co.conname::text, COALESCE(c.relname, t.typname)::text, NULL, d.comment
FROM described d
JOIN pg_constraint co ON co.oid = d.objoid
JOIN pg_namespace n ON n.oid = co.connamespace
LEFT JOIN pg_class c ON c.oid = co.conrelid AND co.conrelid <> 0
LEFT JOIN pg_type t ON t.oid = co.contypid AND co.contypid <> 0
WHERE d.classoid = 'pg_constraint'::regclass AND co.contype NOT IN ('t', 'n') AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = co.conrelid AND x.deptype = 'e'
      AND x.refclassid = 'pg_extension'::regclass
  )
UNION ALL
SELECT CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END, n.nspname::text, t.typname::text, NULL, NULL, d.comment
FROM described d
JOIN pg_type t ON t.oid = d.objoid
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_class c ON c.oid = t.typrelid
WHERE d.classoid = 'pg_type'::regclass AND t.typtype IN ('e', 'd', 'r', 'c', 'b')
  AND (t.typrelid = 0 OR c.relkind = 'c') AND NOT (t.typelem <> 0 AND t.typlen = -1)
  AND n.nspname = ANY ($1::text[])
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
  n.nspname::text, p.proname::text, NULL,
  pg_get_function_identity_arguments(p.oid)::text, d.comment
FROM described d
JOIN pg_proc p ON p.oid = d.objoid
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE d.classoid = 'pg_proc'::regclass AND p.prokind IN ('f', 'p', 'a') AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_proc'::regclass AND x.objid = p.oid AND x.deptype = 'i'
      AND x.refclassid = 'pg_type'::regclass
  )
UNION ALL
SELECT 'trigger', n.nspname::text, tg.tgname::text, c.relname::text, NULL, d.comment
FROM described d
JOIN pg_trigger tg ON tg.oid = d.objoid
JOIN pg_class c ON c.oid = tg.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE d.classoid = 'pg_trigger'::regclass AND NOT tg.tgisinternal AND tg.tgparentid = 0
  AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
      AND x.refclassid = 'pg_extension'::regclass
  )
UNION ALL
SELECT 'rule', n.nspname::text, rw.rulename::text, c.relname::text, NULL, d.comment
FROM described d
JOIN pg_rewrite rw ON rw.oid = d.objoid
JOIN pg_class c ON c.oid = rw.ev_class
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE d.classoid = 'pg_rewrite'::regclass AND rw.rulename <> '_RETURN' AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
      AND x.refclassid = 'pg_extension'::regclass
  )
UNION ALL
SELECT 'statistics', n.nspname::text, st.stxname::text, NULL, NULL, d.comment
FROM described d
JOIN pg_statistic_ext st ON st.oid = d.objoid
JOIN pg_namespace n ON n.oid = st.stxnamespace
JOIN pg_class c ON c.oid = st.stxrelid
JOIN pg_namespace tn ON tn.oid = c.relnamespace
WHERE d.classoid = 'pg_statistic_ext'::regclass AND tn.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
      AND x.refclassid = 'pg_extension'::regclass
  )
UNION ALL
SELECT 'policy', n.nspname::text, po.polname::text, c.relname::text, NULL, d.comment
FROM described d
JOIN pg_policy po ON po.oid = d.objoid
JOIN pg_class c ON c.oid = po.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE d.classoid = 'pg_policy'::regclass AND n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
      AND x.refclassid = 'pg_extension'::regclass
  )
UNION ALL
SELECT 'collation', n.nspname::text, co.collname::text, NULL, NULL, d.comment
FROM described d
JOIN pg_collation co ON co.oid = d.objoid
JOIN pg_namespace n ON n.oid = co.collnamespace
WHERE d.classoid = 'pg_collation'::regclass AND n.nspname = ANY ($1::text[])
ORDER BY 1, 2, 4, 3, 5
