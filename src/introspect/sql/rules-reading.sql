-- The rewrite rules that read the named relations and types, as pg_depend records them: a view's or a
-- materialized view's query (its _RETURN rule) and a rule on a table (CREATE RULE), each with what it
-- reads: a column (the rule's normal dependency with refobjsubid = the column's attnum), a whole relation
-- (refobjsubid 0) or a type (a constant or cast of it). PostgreSQL refuses to retype or drop a column, or
-- drop a relation or type, that such a rule reads. $1/$2: the schema and name of each relation or type.
WITH pairs(schema, name) AS (SELECT * FROM unnest($1::text[], $2::text[]))
SELECT rn.nspname::text AS schema, rc.relname::text AS relation, rc.relkind::text AS relkind, r.rulename::text AS rule,
  CASE WHEN d.refclassid = 'pg_class'::regclass THEN 'relation' ELSE 'type' END AS "readsKind",
  n.nspname::text AS "readsSchema", coalesce(c.relname, t.typname)::text AS "readsName", a.attname::text AS "readsColumn"
FROM pg_depend d
JOIN pg_rewrite r ON r.oid = d.objid
JOIN pg_class rc ON rc.oid = r.ev_class JOIN pg_namespace rn ON rn.oid = rc.relnamespace
LEFT JOIN pg_class c ON d.refclassid = 'pg_class'::regclass AND c.oid = d.refobjid
LEFT JOIN pg_type t ON d.refclassid = 'pg_type'::regclass AND t.oid = d.refobjid
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid AND d.refobjsubid > 0
JOIN pg_namespace n ON n.oid = coalesce(c.relnamespace, t.typnamespace)
WHERE d.classid = 'pg_rewrite'::regclass AND d.deptype = 'n' AND d.objid >= 16384
  AND d.refclassid IN ('pg_class'::regclass, 'pg_type'::regclass)
  AND (n.nspname, coalesce(c.relname, t.typname)) IN (SELECT schema, name FROM pairs)
ORDER BY 1, 2, 4, 5, 6, 7, 8
