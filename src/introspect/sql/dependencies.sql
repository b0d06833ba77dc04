-- Dependencies between user objects (pg_depend, both ends created after initdb: oid >= 16384), with
-- one row per dependency and each end described as kind, schema, name, member for read-dependencies.ts
-- to turn into an object key:
--   relation (pg_class but composite types; member: the column of a column-level reference), type,
--   function (member: pg_get_function_identity_arguments), constraint / trigger / policy / rule (name:
--   the table; member: the object), domain constraint (name: the domain), schema, extension, collation;
--   a column default (pg_attrdef) is described as its column. Other classes come back as NULL.
-- Runs with search_path pinned to pg_catalog, so argument types print schema-qualified.
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
    CASE o.classid
      WHEN 'pg_class'::regclass THEN (
        SELECT ARRAY[
          CASE WHEN c.relkind = 'c' THEN 'type' ELSE 'relation' END, n.nspname::text, c.relname::text,
          (SELECT a.attname::text FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum = o.objsubid AND o.objsubid > 0)]
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = o.objid)
      WHEN 'pg_type'::regclass THEN (
        SELECT ARRAY['type', n.nspname::text, t.typname::text, NULL]
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.oid = o.objid)
      WHEN 'pg_proc'::regclass THEN (
        SELECT ARRAY['function', n.nspname::text, p.proname::text, pg_get_function_identity_arguments(p.oid)]
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.oid = o.objid)
      WHEN 'pg_constraint'::regclass THEN (
        SELECT CASE WHEN k.conrelid <> 0
          THEN ARRAY['constraint', n.nspname::text, (SELECT relname::text FROM pg_class WHERE oid = k.conrelid), k.conname::text]
          ELSE ARRAY['domain constraint', n.nspname::text, (SELECT typname::text FROM pg_type WHERE oid = k.contypid), k.conname::text]
        END
        FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace WHERE k.oid = o.objid)
      WHEN 'pg_attrdef'::regclass THEN (
        SELECT ARRAY['relation', n.nspname::text, c.relname::text, a.attname::text]
        FROM pg_attrdef d
        JOIN pg_class c ON c.oid = d.adrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
        WHERE d.oid = o.objid)
      WHEN 'pg_trigger'::regclass THEN (
        SELECT ARRAY['trigger', n.nspname::text, c.relname::text, g.tgname::text]
        FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE g.oid = o.objid)
      WHEN 'pg_policy'::regclass THEN (
        SELECT ARRAY['policy', n.nspname::text, c.relname::text, p.polname::text]
        FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE p.oid = o.objid)
      WHEN 'pg_rewrite'::regclass THEN (
        SELECT ARRAY['rule', n.nspname::text, c.relname::text, r.rulename::text]
        FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE r.oid = o.objid)
      WHEN 'pg_namespace'::regclass THEN (SELECT ARRAY['schema', nspname::text, NULL, NULL] FROM pg_namespace WHERE oid = o.objid)
      WHEN 'pg_extension'::regclass THEN (SELECT ARRAY['extension', NULL, extname::text, NULL] FROM pg_extension WHERE oid = o.objid)
      WHEN 'pg_collation'::regclass THEN (
        SELECT ARRAY['collation', n.nspname::text, c.collname::text, NULL]
        FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace WHERE c.oid = o.objid)
    END AS described
  FROM objects o
)
SELECT
  d.deptype,
  a.described[1] AS kind, a.described[2] AS schema, a.described[3] AS name, a.described[4] AS member,
  b.described[1] AS ref_kind, b.described[2] AS ref_schema, b.described[3] AS ref_name, b.described[4] AS ref_member
FROM deps d
JOIN described a ON a.classid = d.classid AND a.objid = d.objid AND a.objsubid = d.objsubid
JOIN described b ON b.classid = d.refclassid AND b.objid = d.refobjid AND b.objsubid = d.refobjsubid
WHERE a.described IS NOT NULL AND b.described IS NOT NULL
