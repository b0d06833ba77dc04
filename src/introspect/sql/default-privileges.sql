-- Default privileges (`ALTER DEFAULT PRIVILEGES`, pg_default_acl): those set IN SCHEMA one of the schemas
-- $1, and those of the whole database (no IN SCHEMA: defaclnamespace = 0), on tables, sequences,
-- functions, types and schemas. One row per entry: the role whose new objects get them (FOR ROLE), the
-- schema (NULL for the whole database), the kind of object (pg_default_acl's letter), its ACL exploded
-- (PostgreSQL keeps it sorted by grantee), and `built_in`: what an entry of the whole database replaces,
-- the built-in ACL of the kind for that role (`acldefault`, whose letter for sequences is `s`), exploded
-- likewise. An IN SCHEMA entry replaces nothing: it adds to the others, so its `built_in` is empty.
WITH entries AS (
  SELECT d.defaclrole, d.defaclnamespace, d.defaclobjtype, d.defaclacl, n.nspname
  FROM pg_default_acl d
  LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
  WHERE d.defaclobjtype IN ('r', 'S', 'f', 'T', 'n')
    AND (d.defaclnamespace = 0 OR n.nspname = ANY ($1::text[]))
)
SELECT
  pg_get_userbyid(d.defaclrole)::text AS role,
  d.nspname::text AS schema,
  d.defaclobjtype::text AS object_type,
  COALESCE((
    SELECT json_agg(json_build_object(
      'grantee', CASE WHEN e.grantee = 0 THEN 'public' ELSE pg_get_userbyid(e.grantee)::text END,
      'privilege', e.privilege_type,
      'grantable', e.is_grantable
    ) ORDER BY e.position)
    FROM aclexplode(d.defaclacl) WITH ORDINALITY AS e(grantor, grantee, privilege_type, is_grantable, position)
  ), '[]'::json) AS grants,
  COALESCE((
    SELECT json_agg(json_build_object(
      'grantee', CASE WHEN e.grantee = 0 THEN 'public' ELSE pg_get_userbyid(e.grantee)::text END,
      'privilege', e.privilege_type,
      'grantable', e.is_grantable
    ) ORDER BY e.position)
    FROM aclexplode(acldefault(CASE d.defaclobjtype WHEN 'S' THEN 's' ELSE d.defaclobjtype END, d.defaclrole))
      WITH ORDINALITY AS e(grantor, grantee, privilege_type, is_grantable, position)
    WHERE d.defaclnamespace = 0
  ), '[]'::json) AS built_in
FROM entries d
ORDER BY 1, 2 NULLS FIRST, 3
