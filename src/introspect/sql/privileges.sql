-- Access control lists set on the objects of the schemas $1 (a NULL list is the default one and is not
-- read): tables, views, materialized views, foreign tables, sequences, their columns, functions,
-- procedures and aggregates, enums, domains, composite types and range types, and the schemas themselves. One row per object;
-- grants: its ACL exploded in ACL order (`position`), the owner's own entry included, each entry with its
-- grantor where that is not the owner (a role passing on what it holds WITH GRANT OPTION, an entry apart
-- from the owner's to the same grantee); owner and owner_default: the owning role, and what its entry
-- holds in the default ACL of the object's kind (`acldefault`, so that the server says what "all" is).
-- Objects that belong to an extension are left out, and so are the parts of a range type PostgreSQL
-- makes with it (its multirange type and constructor functions), whose privileges pg_dump prints none of.
WITH acls AS (
  SELECT
    CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materializedView' WHEN 'S' THEN 'sequence'
      ELSE 'table' END AS kind,
    n.nspname::text AS schema, c.relname::text AS name, NULL::text AS member, NULL::text AS arguments,
    c.relacl AS acl, c.relowner AS owner, CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::"char" AS defaults
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND c.relacl IS NOT NULL
    AND n.nspname = ANY ($1::text[])
    AND NOT EXISTS (
      SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
        AND x.refclassid = 'pg_extension'::regclass
    )
  UNION ALL
  SELECT 'column', n.nspname::text, c.relname::text, a.attname::text, NULL, a.attacl, c.relowner, 'c'
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
    AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
    AND n.nspname = ANY ($1::text[])
    AND NOT EXISTS (
      SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
        AND x.refclassid = 'pg_extension'::regclass
    )
  UNION ALL
  SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,
    n.nspname::text, p.proname::text, NULL,
    pg_get_function_identity_arguments(p.oid)::text, p.proacl, p.proowner, 'f'
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE p.prokind IN ('f', 'p', 'a') AND p.proacl IS NOT NULL
    AND n.nspname = ANY ($1::text[])
    AND NOT EXISTS (
      SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_proc'::regclass AND x.objid = p.oid
        AND (x.deptype = 'e' AND x.refclassid = 'pg_extension'::regclass OR x.deptype = 'i' AND x.refclassid = 'pg_type'::regclass)
    )
  UNION ALL
  SELECT CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END, n.nspname::text, t.typname::text, NULL, NULL,
    t.typacl, t.typowner, 'T'
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typacl IS NOT NULL
    -- Enums, domains, range types and free-standing composite types (what the model holds); not array
    -- types, multirange types, nor a table's row type.
    AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND EXISTS (
      SELECT 1 FROM pg_class r WHERE r.oid = t.typrelid AND r.relkind = 'c')))
    AND n.nspname = ANY ($1::text[])
    AND NOT EXISTS (
      SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_type'::regclass AND x.objid = t.oid AND x.deptype = 'e'
        AND x.refclassid = 'pg_extension'::regclass
    )
  UNION ALL
  SELECT 'schema', NULL, n.nspname::text, NULL, NULL, n.nspacl, n.nspowner, 'n'
  FROM pg_namespace n
  WHERE n.nspacl IS NOT NULL AND n.nspname = ANY ($1::text[])
)
SELECT
  acls.kind,
  acls.schema,
  acls.name,
  acls.member,
  acls.arguments,
  COALESCE((
    SELECT json_agg(json_build_object(
      'grantee', CASE WHEN e.grantee = 0 THEN 'public' ELSE pg_get_userbyid(e.grantee)::text END,
      'privilege', e.privilege_type,
      'grantable', e.is_grantable,
      'grantor', CASE WHEN e.grantor = acls.owner THEN NULL ELSE pg_get_userbyid(e.grantor)::text END
    ) ORDER BY e.position)
    FROM aclexplode(acls.acl) WITH ORDINALITY AS e(grantor, grantee, privilege_type, is_grantable, position)
  ), '[]'::json) AS grants,
  pg_get_userbyid(acls.owner)::text AS owner,
  COALESCE((
    SELECT json_agg(json_build_object('privilege', e.privilege_type, 'grantable', e.is_grantable) ORDER BY e.position)
    FROM aclexplode(acldefault(acls.defaults, acls.owner)) WITH ORDINALITY AS e(grantor, grantee, privilege_type, is_grantable, position)
    WHERE e.grantee = acls.owner
  ), '[]'::json) AS owner_default
FROM acls
ORDER BY 1, 2, 3, 4, 5
