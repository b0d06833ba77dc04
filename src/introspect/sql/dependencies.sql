-- The objects that take part in a dependency between user objects (pg_depend rows whose both ends were
-- created after initdb: oid >= 16384), each with an id (classid:objid:objsubid, as dependency-edges.sql
-- gives them) and described as kind, schema, name, member for read-dependencies.ts to turn into an
-- object key:
--   relation (pg_class but composite types; member: the column of a column-level reference), type,
--   function (member: pg_get_function_identity_arguments), constraint / trigger / policy / rule (name:
--   the table; member: the object), domain constraint (name: the domain), schema, extension, collation;
--   a column default (pg_attrdef) is described as its column. Objects of other classes are left out.
-- Runs with search_path pinned to pg_catalog, so argument types print schema-qualified. The rows are
-- joined with the edges in JavaScript: joined here, on catalogs without statistics (a database just
-- created), the planner picked nested loops that took minutes for 5,000 tables.
WITH deps AS (
  SELECT classid, objid, objsubid, refclassid, refobjid, refobjsubid, deptype::text AS deptype
  FROM pg_depend
  WHERE objid >= 16384 AND refobjid >= 16384 AND deptype IN ('n', 'a', 'i', 'e', 'P', 'S')
),
objects AS (
  SELECT classid, objid, objsubid FROM deps
  UNION
  SELECT refclassid, refobjid, refobjsubid FROM deps
),
described AS (
  SELECT o.classid, o.objid, o.objsubid,
    CASE WHEN c.relkind = 'c' THEN 'type' ELSE 'relation' END AS kind, n.nspname AS schema, c.relname AS name,
    NULL::name AS member
  FROM objects o
  JOIN pg_class c ON c.oid = o.objid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE o.classid = 'pg_class'::regclass AND o.objsubid = 0
  UNION ALL
  -- A column: found by its key (a left join on the relation's columns made the planner scan them all).
  SELECT o.classid, o.objid, o.objsubid,
    CASE WHEN c.relkind = 'c' THEN 'type' ELSE 'relation' END, n.nspname, c.relname, a.attname
  FROM objects o
  JOIN pg_class c ON c.oid = o.objid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  CROSS JOIN LATERAL (SELECT attname FROM pg_attribute WHERE attrelid = o.objid AND attnum = o.objsubid::int2 OFFSET 0) a
  WHERE o.classid = 'pg_class'::regclass AND o.objsubid > 0
  UNION ALL
  SELECT o.classid, o.objid, o.objsubid, 'type', n.nspname, t.typname, NULL
  FROM objects o JOIN pg_type t ON t.oid = o.objid JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE o.classid = 'pg_type'::regclass
  UNION ALL
  SELECT o.classid, o.objid, o.objsubid, 'function', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)
  FROM objects o JOIN pg_proc p ON p.oid = o.objid JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE o.classid = 'pg_proc'::regclass
  UNION ALL
  SELECT o.classid, o.objid, o.objsubid,
    CASE WHEN k.conrelid <> 0 THEN 'constraint' ELSE 'domain constraint' END,
    n.nspname, coalesce(r.relname, t.typname), k.conname
  FROM objects o
  JOIN pg_constraint k ON k.oid = o.objid
  JOIN pg_namespace n ON n.oid = k.connamespace
  LEFT JOIN pg_class r ON r.oid = k.conrelid
  LEFT JOIN pg_type t ON t.oid = k.contypid
  WHERE o.classid = 'pg_constraint'::regclass
  UNION ALL
  SELECT o.classid, o.objid, o.objsubid, 'relation', n.nspname, c.relname, a.attname
  FROM objects o
  JOIN pg_attrdef d ON d.oid = o.objid
  JOIN pg_class c ON c.oid = d.adrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
  WHERE o.classid = 'pg_attrdef'::regclass
  UNION ALL
  SELECT o.classid, o.objid, o.objsubid, 'trigger', n.nspname, c.relname, g.tgname
  FROM objects o
  JOIN pg_trigger g ON g.oid = o.objid
  JOIN pg_class c ON c.oid = g.tgrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE o.classid = 'pg_trigger'::regclass
  UNION ALL
  SELECT o.classid, o.objid, o.objsubid, 'policy', n.nspname, c.relname, p.polname
  FROM objects o
  JOIN pg_policy p ON p.oid = o.objid
  JOIN pg_class c ON c.oid = p.polrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE o.classid = 'pg_policy'::regclass
  UNION ALL
  SELECT o.classid, o.objid, o.objsubid, 'rule', n.nspname, c.relname, r.rulename
  FROM objects o
  JOIN pg_rewrite r ON r.oid = o.objid
  JOIN pg_class c ON c.oid = r.ev_class
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE o.classid = 'pg_rewrite'::regclass
  UNION ALL
  SELECT o.classid, o.objid, o.objsubid, 'schema', n.nspname, NULL, NULL
  FROM objects o JOIN pg_namespace n ON n.oid = o.objid
  WHERE o.classid = 'pg_namespace'::regclass
  UNION ALL
  SELECT o.classid, o.objid, o.objsubid, 'extension', NULL, e.extname, NULL
  FROM objects o JOIN pg_extension e ON e.oid = o.objid
  WHERE o.classid = 'pg_extension'::regclass
  UNION ALL
  SELECT o.classid, o.objid, o.objsubid, 'collation', n.nspname, c.collname, NULL
  FROM objects o JOIN pg_collation c ON c.oid = o.objid JOIN pg_namespace n ON n.oid = c.collnamespace
  WHERE o.classid = 'pg_collation'::regclass
)
SELECT
  o.classid::int8::text || ':' || o.objid::int8::text || ':' || o.objsubid::text AS id,
  o.kind::text AS kind, o.schema::text AS schema, o.name::text AS name, o.member::text AS member
FROM described o
