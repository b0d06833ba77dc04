-- The dependencies between user objects (pg_depend rows whose both ends were created after initdb:
-- oid >= 16384), each end as classid:objid:objsubid (the ids of dependencies.sql).
SELECT
  deptype::text AS deptype,
  classid::int8::text || ':' || objid::int8::text || ':' || objsubid::text AS dependent,
  refclassid::int8::text || ':' || refobjid::int8::text || ':' || refobjsubid::text AS referenced
FROM pg_depend
WHERE objid >= 16384 AND refobjid >= 16384 AND deptype IN ('n', 'a', 'i', 'e', 'P', 'S')
