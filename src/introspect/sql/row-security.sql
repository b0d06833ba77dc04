-- Row-level security of the tables of the schemas $1: the ENABLE / FORCE flags and the policies, one row
-- per table that has either flag or a policy. Policy expressions as pg_get_expr prints them (the printing
-- depends on search_path, pinned by session-settings.ts); roles in their stored order, `public` for
-- PUBLIC; command letters as in pg_policy.polcmd (* all, r select, a insert, w update, d delete).
-- depends_on: dependency keys (src/model/object-ref.ts) of the relation, columns and functions a policy
-- reads. Tables that belong to an extension are left out.
SELECT
  n.nspname::text AS schema,
  c.relname::text AS name,
  c.relrowsecurity::boolean AS enabled,
  c.relforcerowsecurity::boolean AS forced,
  COALESCE((
    SELECT json_agg(json_build_object(
      'name', p.polname::text,
      'permissive', p.polpermissive,
      'command', p.polcmd::text,
      'roles', ARRAY(
        SELECT CASE WHEN r.role = 0 THEN 'public' ELSE pg_get_userbyid(r.role)::text END
        FROM unnest(p.polroles) WITH ORDINALITY AS r(role, position)
        ORDER BY r.position
      ),
      'using', pg_get_expr(p.polqual, p.polrelid),
      'with_check', pg_get_expr(p.polwithcheck, p.polrelid),
      'depends_on', ARRAY(
        SELECT DISTINCT k.key
        FROM pg_depend d
        CROSS JOIN LATERAL (
          SELECT CASE
              WHEN d.refobjsubid = 0 THEN
                'relation "' || replace(rn.nspname, '"', '""') || '"."' || replace(r.relname, '"', '""') || '"'
              ELSE 'column "' || replace(rn.nspname, '"', '""') || '"."' || replace(r.relname, '"', '""')
                || '"."' || replace(a.attname, '"', '""') || '"'
            END AS key
          FROM pg_class r
          JOIN pg_namespace rn ON rn.oid = r.relnamespace
          LEFT JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = d.refobjsubid
          WHERE d.refclassid = 'pg_class'::regclass AND r.oid = d.refobjid
          UNION ALL
          SELECT 'function "' || replace(fn.nspname, '"', '""') || '"."' || replace(f.proname, '"', '""')
            || '"(' || pg_get_function_identity_arguments(f.oid) || ')'
          FROM pg_proc f JOIN pg_namespace fn ON fn.oid = f.pronamespace
          WHERE d.refclassid = 'pg_proc'::regclass AND f.oid = d.refobjid
            AND fn.nspname NOT IN ('pg_catalog', 'information_schema')
        ) k
        WHERE d.classid = 'pg_policy'::regclass AND d.objid = p.oid
        ORDER BY 1
      )
    ) ORDER BY p.polname)
    FROM pg_policy p
    WHERE p.polrelid = c.oid
  ), '[]'::json) AS policies
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')
  AND n.nspname = ANY ($1::text[])
  AND (c.relrowsecurity OR c.relforcerowsecurity OR EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e'
  )
ORDER BY 1, 2
