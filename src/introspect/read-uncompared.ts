/**
 * The objects of the kinds the model does not describe (UNCOMPARED_SQL below): foreign tables and servers,
 * event triggers, operators, casts, text search objects and the like, each as a kind, a name and a
 * definition text, so that a database-to-database diff can say which of them the two sides do not share
 * (src/api/uncompared.ts).
 */
import type { Queryable } from "../db/database";
import { CatalogQueryError } from "./introspect-errors";
import { PIN_SESSION_SETTINGS } from "./session-settings";

/** One object of a kind the model does not describe. */
export interface UncomparedObject {
  /** `foreign table`, `event trigger`, `cast`, ... */
  readonly kind: string;
  /** As a message names it: `public.ft`, `etr`, `(integer AS public.floatrange)`. */
  readonly name: string;
  /** A text that differs when the object does (never a secret or an environment's host). */
  readonly definition: string;
}

const QUERY = "uncompared objects";

/**
 * The objects of the kinds the model does not describe, so that a database-to-database diff can say
 * which of them the two sides do not share instead of leaving them out in silence
 * (src/api/uncompared.ts): foreign tables, servers, user mappings and foreign-data wrappers, event
 * triggers, operators, operator classes and families, casts, text search configurations, dictionaries,
 * parsers and templates, conversions, transforms, procedural languages, access methods, base types,
 * the statistics targets of the expression columns of indexes the model does not hold (an exclusion
 * constraint's, a partition's index set apart from its parent's; other indexes' are compared) and
 * subscriptions (range types are compared: src/compare/compare-range-types.ts). Only what a user
 * created (oid >= 16384, FirstNormalObjectId) and no extension owns (pg_depend deptype 'e') nor
 * PostgreSQL made as part of another object (deptype 'i': the casts of a range type to its multirange);
 * the kinds that live in a schema, only in the schemas $1.
 * One row per object: `kind`, `name` (how a message names it, schema-qualified and with its arguments
 * where the kind has them) and `definition`, a text that differs when the object does. Settings-sensitive
 * texts (regproc, format_type) print under the settings of session-settings.ts. What is environment's or
 * secret stays out of `definition`: a server's OPTIONS (host, port, dbname) and a user mapping's (its
 * password), a subscription's connection string.
 *
 * Kept here, not in sql/: its rows are read on every diff and never cached, so the catalog state of the
 * introspection cache (src/cache/introspection-cache.ts), which covers every catalog sql/ reads, need
 * not cover its catalogs.
 */
const UNCOMPARED_SQL = `
WITH
  ext AS (
    SELECT d.classid, d.objid FROM pg_depend d WHERE d.deptype IN ('e', 'i')
  ),
  ns AS (
    SELECT n.oid, n.nspname FROM pg_namespace n WHERE n.nspname = ANY ($1::text[])
  )
SELECT 'foreign table' AS kind,
  quote_ident(ns.nspname) || '.' || quote_ident(c.relname) AS name,
  concat_ws(' ',
    '(' || (
      SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
          || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
          || COALESCE(' OPTIONS (' || array_to_string(a.attfdwoptions, ', ') || ')', ''),
        ', ' ORDER BY a.attnum)
      FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    ) || ')',
    'SERVER ' || quote_ident(s.srvname),
    'OPTIONS (' || array_to_string(ft.ftoptions, ', ') || ')'
  ) AS definition
FROM pg_class c
JOIN ns ON ns.oid = c.relnamespace
JOIN pg_foreign_table ft ON ft.ftrelid = c.oid
JOIN pg_foreign_server s ON s.oid = ft.ftserver
WHERE c.relkind = 'f' AND c.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_class'::regclass AND ext.objid = c.oid)
UNION ALL
SELECT 'foreign server', quote_ident(s.srvname),
  concat_ws(' ', 'TYPE ' || quote_literal(s.srvtype), 'VERSION ' || quote_literal(s.srvversion),
    'FOREIGN DATA WRAPPER ' || quote_ident(w.fdwname))
FROM pg_foreign_server s
JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
WHERE s.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_foreign_server'::regclass AND ext.objid = s.oid)
UNION ALL
SELECT 'user mapping', 'for ' || quote_ident(m.usename) || ' server ' || quote_ident(m.srvname), ''
FROM pg_user_mappings m
WHERE m.umid >= 16384
UNION ALL
SELECT 'foreign-data wrapper', quote_ident(w.fdwname),
  concat_ws(' ', 'HANDLER ' || NULLIF(w.fdwhandler, 0)::regproc::text, 'VALIDATOR ' || NULLIF(w.fdwvalidator, 0)::regproc::text)
FROM pg_foreign_data_wrapper w
WHERE w.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_foreign_data_wrapper'::regclass AND ext.objid = w.oid)
UNION ALL
SELECT 'event trigger', quote_ident(e.evtname),
  concat_ws(' ', 'ON ' || e.evtevent, 'WHEN TAG IN (' || array_to_string(e.evttags, ', ') || ')',
    'EXECUTE FUNCTION ' || e.evtfoid::regprocedure::text, 'ENABLED ' || e.evtenabled::text)
FROM pg_event_trigger e
WHERE e.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_event_trigger'::regclass AND ext.objid = e.oid)
UNION ALL
SELECT 'operator', o.oid::regoperator::text,
  concat_ws(' ', 'FUNCTION ' || o.oprcode::regprocedure::text,
    'COMMUTATOR ' || NULLIF(o.oprcom, 0)::regoperator::text, 'NEGATOR ' || NULLIF(o.oprnegate, 0)::regoperator::text,
    'RESTRICT ' || NULLIF(o.oprrest, 0)::regproc::text, 'JOIN ' || NULLIF(o.oprjoin, 0)::regproc::text,
    CASE WHEN o.oprcanhash THEN 'HASHES' END, CASE WHEN o.oprcanmerge THEN 'MERGES' END)
FROM pg_operator o
JOIN ns ON ns.oid = o.oprnamespace
WHERE o.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_operator'::regclass AND ext.objid = o.oid)
UNION ALL
SELECT 'operator class', quote_ident(ns.nspname) || '.' || quote_ident(oc.opcname) || ' USING ' || quote_ident(am.amname),
  concat_ws(' ', CASE WHEN oc.opcdefault THEN 'DEFAULT' END, 'FOR TYPE ' || format_type(oc.opcintype, NULL),
    'FAMILY ' || quote_ident(fns.nspname) || '.' || quote_ident(f.opfname),
    'STORAGE ' || format_type(NULLIF(oc.opckeytype, 0), NULL),
    (SELECT string_agg('OPERATOR ' || ao.amopstrategy || ' ' || ao.amopopr::regoperator::text, ', ' ORDER BY ao.amopstrategy)
      FROM pg_amop ao WHERE ao.amopfamily = oc.opcfamily AND ao.amoplefttype = oc.opcintype AND ao.amoprighttype = oc.opcintype),
    (SELECT string_agg('FUNCTION ' || ap.amprocnum || ' ' || ap.amproc::regprocedure::text, ', ' ORDER BY ap.amprocnum)
      FROM pg_amproc ap WHERE ap.amprocfamily = oc.opcfamily AND ap.amproclefttype = oc.opcintype AND ap.amprocrighttype = oc.opcintype))
FROM pg_opclass oc
JOIN ns ON ns.oid = oc.opcnamespace
JOIN pg_am am ON am.oid = oc.opcmethod
JOIN pg_opfamily f ON f.oid = oc.opcfamily
JOIN pg_namespace fns ON fns.oid = f.opfnamespace
WHERE oc.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_opclass'::regclass AND ext.objid = oc.oid)
UNION ALL
SELECT 'operator family', quote_ident(ns.nspname) || '.' || quote_ident(f.opfname) || ' USING ' || quote_ident(am.amname), ''
FROM pg_opfamily f
JOIN ns ON ns.oid = f.opfnamespace
JOIN pg_am am ON am.oid = f.opfmethod
WHERE f.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_opfamily'::regclass AND ext.objid = f.oid)
UNION ALL
SELECT 'cast', '(' || format_type(c.castsource, NULL) || ' AS ' || format_type(c.casttarget, NULL) || ')',
  concat_ws(' ', CASE c.castmethod WHEN 'f' THEN 'WITH FUNCTION ' || c.castfunc::regprocedure::text
      WHEN 'i' THEN 'WITH INOUT' ELSE 'WITHOUT FUNCTION' END,
    CASE c.castcontext WHEN 'a' THEN 'AS ASSIGNMENT' WHEN 'i' THEN 'AS IMPLICIT' END)
FROM pg_cast c
WHERE c.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_cast'::regclass AND ext.objid = c.oid)
UNION ALL
SELECT 'text search configuration', quote_ident(ns.nspname) || '.' || quote_ident(cfg.cfgname),
  concat_ws(' ', (SELECT 'PARSER ' || quote_ident(pn.nspname) || '.' || quote_ident(p.prsname)
    FROM pg_ts_parser p JOIN pg_namespace pn ON pn.oid = p.prsnamespace WHERE p.oid = cfg.cfgparser), (
    SELECT string_agg(m.maptokentype || ':' || m.mapdict::regdictionary::text, ', ' ORDER BY m.maptokentype, m.mapseqno)
    FROM pg_ts_config_map m WHERE m.mapcfg = cfg.oid
  ))
FROM pg_ts_config cfg
JOIN ns ON ns.oid = cfg.cfgnamespace
WHERE cfg.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_ts_config'::regclass AND ext.objid = cfg.oid)
UNION ALL
SELECT 'text search dictionary', quote_ident(ns.nspname) || '.' || quote_ident(d.dictname),
  concat_ws(' ', 'TEMPLATE ' || quote_ident(tn.nspname) || '.' || quote_ident(t.tmplname), d.dictinitoption)
FROM pg_ts_dict d
JOIN ns ON ns.oid = d.dictnamespace
JOIN pg_ts_template t ON t.oid = d.dicttemplate
JOIN pg_namespace tn ON tn.oid = t.tmplnamespace
WHERE d.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_ts_dict'::regclass AND ext.objid = d.oid)
UNION ALL
SELECT 'text search parser', quote_ident(ns.nspname) || '.' || quote_ident(p.prsname),
  concat_ws(' ', p.prsstart::text, p.prstoken::text, p.prsend::text, p.prsheadline::text, p.prslextype::text)
FROM pg_ts_parser p
JOIN ns ON ns.oid = p.prsnamespace
WHERE p.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_ts_parser'::regclass AND ext.objid = p.oid)
UNION ALL
SELECT 'text search template', quote_ident(ns.nspname) || '.' || quote_ident(t.tmplname),
  concat_ws(' ', t.tmplinit::text, t.tmpllexize::text)
FROM pg_ts_template t
JOIN ns ON ns.oid = t.tmplnamespace
WHERE t.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_ts_template'::regclass AND ext.objid = t.oid)
UNION ALL
SELECT 'conversion', quote_ident(ns.nspname) || '.' || quote_ident(cv.conname),
  concat_ws(' ', CASE WHEN cv.condefault THEN 'DEFAULT' END, 'FOR ' || pg_encoding_to_char(cv.conforencoding),
    'TO ' || pg_encoding_to_char(cv.contoencoding), 'FROM ' || cv.conproc::regproc::text)
FROM pg_conversion cv
JOIN ns ON ns.oid = cv.connamespace
WHERE cv.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_conversion'::regclass AND ext.objid = cv.oid)
UNION ALL
SELECT 'transform', 'FOR ' || format_type(tr.trftype, NULL) || ' LANGUAGE ' || quote_ident(l.lanname),
  concat_ws(' ', 'FROM SQL WITH FUNCTION ' || NULLIF(tr.trffromsql, 0)::regprocedure::text,
    'TO SQL WITH FUNCTION ' || NULLIF(tr.trftosql, 0)::regprocedure::text)
FROM pg_transform tr
JOIN pg_language l ON l.oid = tr.trflang
WHERE tr.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_transform'::regclass AND ext.objid = tr.oid)
UNION ALL
SELECT 'language', quote_ident(l.lanname),
  concat_ws(' ', CASE WHEN l.lanpltrusted THEN 'TRUSTED' END, 'HANDLER ' || NULLIF(l.lanplcallfoid, 0)::regproc::text,
    'INLINE ' || NULLIF(l.laninline, 0)::regproc::text, 'VALIDATOR ' || NULLIF(l.lanvalidator, 0)::regproc::text)
FROM pg_language l
WHERE l.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_language'::regclass AND ext.objid = l.oid)
UNION ALL
SELECT 'access method', quote_ident(am.amname),
  concat_ws(' ', 'TYPE ' || CASE am.amtype WHEN 'i' THEN 'INDEX' WHEN 't' THEN 'TABLE' END, 'HANDLER ' || am.amhandler::text)
FROM pg_am am
WHERE am.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_am'::regclass AND ext.objid = am.oid)
UNION ALL
-- A base type made with CREATE TYPE ... (INPUT = ..., OUTPUT = ...), not the array type PostgreSQL makes
-- for every type; a shell type (CREATE TYPE name; not yet defined) too.
SELECT 'base type',
  quote_ident(ns.nspname) || '.' || quote_ident(t.typname),
  concat_ws(' ', CASE WHEN NOT t.typisdefined THEN 'SHELL' END, 'INPUT ' || t.typinput::text,
    'OUTPUT ' || t.typoutput::text, 'LENGTH ' || t.typlen, 'ALIGN ' || t.typalign::text, 'STORAGE ' || t.typstorage::text)
FROM pg_type t
JOIN ns ON ns.oid = t.typnamespace
WHERE t.oid >= 16384
  AND ((t.typtype = 'b' AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid))
    OR (t.typtype = 'p' AND NOT t.typisdefined))
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_type'::regclass AND ext.objid = t.oid)
UNION ALL
-- A statistics target set on an expression column (ALTER INDEX ... ALTER COLUMN n SET STATISTICS) of an
-- index the model does not hold: an exclusion constraint's, or a partition's index whose target is not
-- its parent index's (which it takes from it, and which is compared: indexes.sql). -1 (NULL from
-- PostgreSQL 17) is the default.
SELECT 'index statistics target', quote_ident(ns.nspname) || '.' || quote_ident(c.relname),
  string_agg('COLUMN ' || a.attnum || ' ' || COALESCE(a.attstattarget, -1), ', ' ORDER BY a.attnum)
FROM pg_class c
JOIN ns ON ns.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid
LEFT JOIN pg_inherits parent ON c.relispartition AND parent.inhrelid = c.oid
LEFT JOIN pg_attribute pa ON pa.attrelid = parent.inhparent AND pa.attnum = a.attnum
WHERE c.relkind IN ('i', 'I') AND c.oid >= 16384 AND a.attnum > 0
  -- Not ext: a constraint's index is its internal dependent (deptype 'i').
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  AND CASE
    WHEN c.relispartition THEN COALESCE(a.attstattarget, -1) <> COALESCE(pa.attstattarget, -1)
    ELSE a.attstattarget >= 0 AND EXISTS (SELECT 1 FROM pg_constraint co WHERE co.conindid = c.oid AND co.contype = 'x')
  END
GROUP BY ns.nspname, c.relname
UNION ALL
SELECT 'subscription', quote_ident(s.subname),
  concat_ws(' ', 'PUBLICATION ' || array_to_string(s.subpublications, ', '), CASE WHEN NOT s.subenabled THEN 'DISABLED' END)
FROM pg_subscription s
WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database())
ORDER BY 1, 2
`;

/**
 * The objects of `db` of the kinds the model does not describe, in `schemas` for the kinds that live in
 * one, sorted by kind and name; read in a read-only transaction of its own, under the introspection's
 * settings (names print schema-qualified alike on every server).
 * @throws CatalogQueryError when the query fails
 */
export async function readUncompared(db: Queryable, schemas: readonly string[]): Promise<UncomparedObject[]> {
  await db.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    await db.query(PIN_SESSION_SETTINGS);
    return (await db.query<UncomparedObject>(UNCOMPARED_SQL, [schemas])).rows;
  } catch (error) {
    throw new CatalogQueryError(QUERY, error, "src/introspect/read-uncompared.ts");
  } finally {
    await db.query("ROLLBACK").catch(() => undefined);
  }
}
