/**
 * The floor of each catalog query of `introspect`: a query that reads the same catalog rows (the same
 * tables, joins and schema filter) and selects the raw columns a reader needs, with no per-row function
 * call (no format_type, pg_get_expr, pg_get_*def, col_description, aclexplode), no correlated
 * subquery, no extension filter and no ORDER BY. Names are read as they are stored (nspname, relname,
 * attname), by plain joins: the names of a constraint's or an index's key columns are the pg_attribute
 * rows joined on `attnum = ANY (conkey)` (one row per key column, not aggregated), the owner of a
 * sequence the pg_depend, pg_class and pg_attribute rows behind it. Expression trees (adbin, indexprs,
 * conbin, ...) are not read at all, since the deparsed text replaces them. What is left is what any
 * introspection must pay: finding and reading the rows.
 *
 * Keyed by the query file it is the floor of (src/introspect/load-sql.ts). `$1` is the schema list.
 */
import type { CatalogQueryName } from "../src/introspect/load-sql";

const inSchemas = "n.nspname = ANY ($1::text[])";

export const CATALOG_FLOOR: Readonly<Record<CatalogQueryName, string>> = {
  "schemas.sql": `SELECT n.oid, n.nspname::text FROM pg_namespace n WHERE ${inSchemas}`,
  "extensions.sql": `SELECT e.extname::text, n.nspname::text, e.extversion FROM pg_extension e
    JOIN pg_namespace n ON n.oid = e.extnamespace`,
  "enums.sql": `SELECT n.nspname::text, t.typname::text, e.enumlabel::text, e.enumsortorder
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
    WHERE t.typtype = 'e' AND ${inSchemas}`,
  "sequences.sql": `SELECT n.nspname::text, c.relname::text, s.seqtypid, s.seqstart, s.seqincrement, s.seqmin,
      s.seqmax, s.seqcache, s.seqcycle, d.deptype, tn.nspname::text, t.relname::text, a.attname::text
    FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid
      AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
    LEFT JOIN pg_class t ON t.oid = d.refobjid
    LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
    WHERE ${inSchemas}`,
  "tables.sql": `SELECT n.nspname::text, c.relname::text, c.oid, d.description
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
    WHERE c.relkind IN ('r', 'p') AND ${inSchemas}`,
  "columns.sql": `SELECT n.nspname::text, c.relname::text, a.attname::text, a.atttypid, a.atttypmod, a.attnotnull,
      a.attgenerated, a.attidentity, a.attcollation, t.typcollation, a.attislocal, c.relispartition,
      ad.oid AS default_oid, d.description
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    LEFT JOIN pg_description d ON d.objoid = a.attrelid AND d.classoid = 'pg_class'::regclass
      AND d.objsubid = a.attnum
    WHERE c.relkind IN ('r', 'p') AND ${inSchemas} AND a.attnum > 0 AND NOT a.attisdropped`,
  "constraints.sql": `SELECT n.nspname::text, c.relname::text, co.conname::text, co.contype, co.conkey, co.confrelid,
      co.confkey, co.confupdtype, co.confdeltype, co.condeferrable, co.condeferred, co.convalidated, co.conindid,
      a.attname::text, fa.attname::text
    FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = ANY (co.conkey)
    LEFT JOIN pg_attribute fa ON fa.attrelid = co.confrelid AND fa.attnum = ANY (co.confkey)
    WHERE co.contype IN ('p', 'u', 'f', 'c', 'x') AND c.relkind IN ('r', 'p') AND ${inSchemas}
      AND co.conparentid = 0 AND co.conislocal`,
  "indexes.sql": `SELECT n.nspname::text, c.relname::text, ic.relname::text, i.indisunique, ic.relam,
      i.indnkeyatts, i.indnatts, i.indkey, i.indclass, i.indcollation, i.indoption, i.indnullsnotdistinct,
      i.indexprs IS NOT NULL AS has_expressions, i.indpred IS NOT NULL AS has_predicate, a.attname::text
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
    WHERE c.relkind IN ('r', 'p', 'm') AND NOT ic.relispartition AND ${inSchemas}`,
  "views.sql": `SELECT n.nspname::text, c.relname::text, c.relkind
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('v', 'm') AND ${inSchemas}`,
  "table-kinds.sql": `SELECT n.nspname::text, c.relname::text, c.relkind, c.relispartition, c.relpersistence,
      c.reloptions
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND ${inSchemas}
      AND (c.relkind = 'p' OR c.relispartition OR c.relpersistence = 'u' OR c.reloptions IS NOT NULL
        OR EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid))`,
  "domains.sql": `SELECT n.nspname::text, t.typname::text, t.typbasetype, t.typtypmod, t.typcollation, t.typnotnull
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE t.typtype = 'd' AND ${inSchemas}`,
  "composite-types.sql": `SELECT n.nspname::text, t.typname::text, a.attname::text, a.atttypid, a.atttypmod,
      a.attcollation
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_class c ON c.oid = t.typrelid
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE t.typtype = 'c' AND c.relkind = 'c' AND ${inSchemas}`,
  "range-types.sql": `SELECT n.nspname::text, t.typname::text, r.rngsubtype, r.rngsubopc, r.rngcollation, r.rngcanonical,
      r.rngsubdiff, m.typname::text, mn.nspname::text
    FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid JOIN pg_namespace n ON n.oid = t.typnamespace
    JOIN pg_type m ON m.oid = r.rngmultitypid JOIN pg_namespace mn ON mn.oid = m.typnamespace
    WHERE ${inSchemas}`,
  "functions.sql": `SELECT n.nspname::text, p.proname::text, p.prokind, p.proargtypes, p.prorettype, p.prosrc, a.*
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace LEFT JOIN pg_aggregate a ON a.aggfnoid = p.oid
    WHERE p.prokind IN ('f', 'p', 'a') AND ${inSchemas}`,
  "triggers.sql": `SELECT n.nspname::text, c.relname::text, t.tgname::text, t.tgenabled, t.tgfoid, t.tgtype, t.tgattr
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND ${inSchemas}`,
  "rules.sql": `SELECT n.nspname::text, c.relname::text, r.rulename::text, r.ev_enabled, r.ev_type, r.is_instead
    FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE r.rulename <> '_RETURN' AND ${inSchemas}`,
  "publications.sql": `SELECT p.pubname::text, p.puballtables, p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate, p.pubviaroot
    FROM pg_publication p`,
  "publication-tables.sql": `SELECT p.pubname::text, n.nspname::text, c.relname::text, pr.prattrs, pr.prqual
    FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid JOIN pg_class c ON c.oid = pr.prrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${inSchemas}`,
  "statistics.sql": `SELECT n.nspname::text, s.stxname::text, c.relname::text, s.stxkeys, s.stxkind, s.stxstattarget
    FROM pg_statistic_ext s JOIN pg_class c ON c.oid = s.stxrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${inSchemas}`,
  "row-security.sql": `SELECT n.nspname::text, c.relname::text, c.relrowsecurity, c.relforcerowsecurity,
      p.polname::text, p.polcmd, p.polpermissive, p.polroles
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_policy p ON p.polrelid = c.oid
    WHERE c.relkind IN ('r', 'p') AND ${inSchemas}
      AND (c.relrowsecurity OR c.relforcerowsecurity OR p.oid IS NOT NULL)`,
  "privileges.sql": `SELECT n.nspname::text, c.relname::text, NULL::text, c.relacl
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND c.relacl IS NOT NULL AND ${inSchemas}
    UNION ALL
    SELECT n.nspname::text, c.relname::text, a.attname::text, a.attacl
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
      AND ${inSchemas}
    UNION ALL
    SELECT n.nspname::text, p.proname::text, NULL, p.proacl
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE p.prokind IN ('f', 'p', 'a') AND p.proacl IS NOT NULL AND ${inSchemas}
    UNION ALL
    SELECT NULL, n.nspname::text, NULL, n.nspacl FROM pg_namespace n WHERE n.nspacl IS NOT NULL AND ${inSchemas}`,
  "default-privileges.sql": `SELECT d.defaclrole, n.nspname::text, d.defaclobjtype, d.defaclacl
    FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
    WHERE d.defaclnamespace = 0 OR ${inSchemas}`,
  "comments.sql": `SELECT d.classoid, d.objoid, d.objsubid, d.description FROM pg_description d
    WHERE d.objoid >= 16384 OR d.classoid = 'pg_namespace'::regclass`,
  "collations.sql": `SELECT n.nspname::text, c.collname::text, c.collprovider, c.collisdeterministic, c.collcollate,
      c.collctype
    FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace WHERE ${inSchemas}`,
};
