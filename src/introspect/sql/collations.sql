-- Collations in the schemas $1. The provider-specific locale columns differ between server versions
-- (colliculocale in 15 and 16, colllocale from 17; collicurules from 16), so they are read through the
-- row's JSON form, which holds whichever the server has. Collations that belong to an extension are left
-- out.
SELECT
  n.nspname::text AS schema,
  c.collname::text AS name,
  c.collprovider::text AS provider,
  c.collisdeterministic::boolean AS deterministic,
  c.collcollate::text AS lc_collate,
  c.collctype::text AS lc_ctype,
  COALESCE(to_jsonb(c) ->> 'colllocale', to_jsonb(c) ->> 'colliculocale')::text AS locale,
  (to_jsonb(c) ->> 'collicurules')::text AS rules
FROM pg_collation c
JOIN pg_namespace n ON n.oid = c.collnamespace
WHERE n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_collation'::regclass AND x.objid = c.oid AND x.deptype = 'e'
  )
ORDER BY 1, 2
