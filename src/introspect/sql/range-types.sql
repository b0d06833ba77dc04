-- Range types (pg_range) in the schemas $1: the subtype (format_type); the subtype's operator class only
-- when it is not the one PostgreSQL picks for the subtype (a default B-tree class with no other default
-- class for the subtype itself, as indexes.sql decides for a column key) and the collation only when it
-- is not the subtype's default, both printed as indexes.sql and columns.sql print them; the canonical and
-- subtype difference functions as regproc prints them (qualified unless PostgreSQL finds them unqualified
-- with search_path pinned to pg_catalog by session-settings.ts), NULL for none; and the multirange type,
-- by schema and name (to tell PostgreSQL's default name from one given) and as format_type prints it.
-- The multirange type, its array and the constructor functions PostgreSQL makes with the range type are
-- its own parts (pg_depend 'i'), not read apart. Range types that belong to an extension are left out.
SELECT
  n.nspname::text AS schema,
  t.typname::text AS name,
  format_type(r.rngsubtype, NULL)::text AS subtype,
  CASE
    WHEN opc.opcdefault AND other.oid IS NULL THEN NULL
    WHEN opc_ns.nspname = 'pg_catalog' THEN quote_ident(opc.opcname)
    ELSE quote_ident(opc_ns.nspname) || '.' || quote_ident(opc.opcname)
  END::text AS opclass,
  CASE
    WHEN r.rngcollation = 0 OR r.rngcollation = sub.typcollation THEN NULL
    WHEN coll_ns.nspname = 'pg_catalog' THEN quote_ident(coll.collname)
    ELSE quote_ident(coll_ns.nspname) || '.' || quote_ident(coll.collname)
  END::text AS collation,
  CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::regproc::text END AS canonical,
  CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::regproc::text END AS subtype_diff,
  mn.nspname::text AS multirange_schema,
  m.typname::text AS multirange_name,
  format_type(r.rngmultitypid, NULL)::text AS multirange
FROM pg_range r
JOIN pg_type t ON t.oid = r.rngtypid
JOIN pg_namespace n ON n.oid = t.typnamespace
JOIN pg_type sub ON sub.oid = r.rngsubtype
JOIN pg_opclass opc ON opc.oid = r.rngsubopc
JOIN pg_namespace opc_ns ON opc_ns.oid = opc.opcnamespace
-- Another default B-tree class for the subtype itself: the range's own default class is then not the
-- one PostgreSQL picks, and is spelled out.
LEFT JOIN pg_opclass other
  ON other.opcmethod = opc.opcmethod AND other.opcdefault AND other.opcintype = r.rngsubtype AND other.oid <> opc.oid
LEFT JOIN pg_collation coll ON coll.oid = r.rngcollation
LEFT JOIN pg_namespace coll_ns ON coll_ns.oid = coll.collnamespace
JOIN pg_type m ON m.oid = r.rngmultitypid
JOIN pg_namespace mn ON mn.oid = m.typnamespace
WHERE n.nspname = ANY ($1::text[])
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend x
    WHERE x.classid = 'pg_type'::regclass AND x.objid = t.oid AND x.deptype = 'e'
      AND x.refclassid = 'pg_extension'::regclass
  )
ORDER BY n.nspname, t.typname
