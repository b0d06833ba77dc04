-- Comments on the objects of the schemas $1 other than tables and their columns (which tables.sql and
-- columns.sql read): the schemas themselves, views, materialized views and their columns, composite types'
-- columns, sequences, indexes, constraints (of tables and domains), types, functions and procedures,
-- triggers, policies and collations. One row per comment; objects that belong to an extension (and
-- extensions themselves) are left out. `parent` is the relation (or domain) of a column, index,
-- constraint, trigger or policy; `arguments` a function's identity arguments.
WITH objects AS (
  SELECT 'schema' AS kind, NULL::text AS schema, n.nspname::text AS name, NULL::text AS parent,
    NULL::text AS arguments, 'pg_namespace'::regclass AS classid, n.oid AS objid, 0 AS objsubid
  FROM pg_namespace n
  WHERE n.nspname = ANY ($1::text[])
  UNION ALL
  SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materializedView' WHEN 'S' THEN 'sequence'
      ELSE 'index' END,
    n.nspname::text, c.relname::text, ic.relname::text, NULL, 'pg_class'::regclass, c.oid, 0
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_index i ON i.indexrelid = c.oid
  LEFT JOIN pg_class ic ON ic.oid = i.indrelid
  WHERE c.relkind IN ('v', 'm', 'S', 'i', 'I') AND n.nspname = ANY ($1::text[])
  UNION ALL
  SELECT 'column', n.nspname::text, a.attname::text, c.relname::text, NULL, 'pg_class'::regclass, c.oid, a.attnum
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('v', 'm', 'c') AND a.attnum > 0 AND NOT a.attisdropped AND n.nspname = ANY ($1::text[])
  UNION ALL
  SELECT CASE WHEN co.contypid <> 0 THEN 'domainConstraint' ELSE 'constraint' END,
    n.nspname::text, co.conname::text, COALESCE(c.relname, t.typname)::text, NULL, 'pg_constraint'::regclass,
    co.oid, 0
  FROM pg_constraint co
  JOIN pg_namespace n ON n.oid = co.connamespace
  LEFT JOIN pg_class c ON c.oid = co.conrelid AND co.conrelid <> 0
  LEFT JOIN pg_type t ON t.oid = co.contypid AND co.contypid <> 0
  WHERE co.contype <> 't' AND n.nspname = ANY ($1::text[])
  UNION ALL
  SELECT CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END, n.nspname::text, t.typname::text, NULL, NULL,
    'pg_type'::regclass, t.oid, 0
  FROM pg_type t
  JOIN pg_namespace n ON n.oid = t.typnamespace
  LEFT JOIN pg_class c ON c.oid = t.typrelid
  WHERE t.typtype IN ('e', 'd', 'r', 'm', 'c', 'b') AND (t.typrelid = 0 OR c.relkind = 'c')
    AND NOT (t.typelem <> 0 AND t.typlen = -1)
    AND n.nspname = ANY ($1::text[])
  UNION ALL
  SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, n.nspname::text, p.proname::text, NULL,
    pg_get_function_identity_arguments(p.oid)::text, 'pg_proc'::regclass, p.oid, 0
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE p.prokind IN ('f', 'p') AND n.nspname = ANY ($1::text[])
  UNION ALL
  SELECT 'trigger', n.nspname::text, tg.tgname::text, c.relname::text, NULL, 'pg_trigger'::regclass, tg.oid, 0
  FROM pg_trigger tg
  JOIN pg_class c ON c.oid = tg.tgrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE NOT tg.tgisinternal AND tg.tgparentid = 0 AND n.nspname = ANY ($1::text[])
  UNION ALL
  SELECT 'policy', n.nspname::text, po.polname::text, c.relname::text, NULL, 'pg_policy'::regclass, po.oid, 0
  FROM pg_policy po
  JOIN pg_class c ON c.oid = po.polrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ANY ($1::text[])
  UNION ALL
  SELECT 'collation', n.nspname::text, co.collname::text, NULL, NULL, 'pg_collation'::regclass, co.oid, 0
  FROM pg_collation co
  JOIN pg_namespace n ON n.oid = co.collnamespace
  WHERE n.nspname = ANY ($1::text[])
)
SELECT o.kind, o.schema, o.name, o.parent, o.arguments, d.description::text AS comment
FROM objects o
JOIN pg_description d ON d.classoid = o.classid AND d.objoid = o.objid AND d.objsubid = o.objsubid
WHERE NOT EXISTS (
  -- The object, or (for a member) the object it belongs to, belongs to an extension.
  SELECT 1 FROM pg_depend x
  WHERE x.deptype = 'e'
    AND ((x.classid = o.classid AND x.objid = o.objid)
      OR (o.classid = 'pg_class'::regclass AND x.classid = 'pg_class'::regclass AND x.objid IN (
        SELECT i.indrelid FROM pg_index i WHERE i.indexrelid = o.objid)))
)
ORDER BY 1, 2, 4, 3, 5
