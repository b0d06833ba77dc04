/**
 * What a database-to-database diff needs to move an extension to another schema (src/compare/
 * extension-moves.ts): whether ALTER EXTENSION ... SET SCHEMA can move it (`relocatable`), and the names of
 * the types, functions, operators, operator classes and families it owns in its schema (`members`), which
 * the texts PostgreSQL prints qualify with that schema (column types, defaults, index operator classes,
 * views) and which follow the move, with the names that objects outside the extension also have in that
 * schema (`clashes`: a text naming one could mean either). Read only for the extensions whose schema differs
 * between the two sides, so every other diff pays nothing; kept out of sql/ (never cached) as
 * read-uncompared.ts is.
 */
import type { Queryable } from "../db/database";
import type { ExtensionContents } from "../model/schema-model";
import { CatalogQueryError } from "./introspect-errors";
import { PIN_SESSION_SETTINGS } from "./session-settings";

const CONTENTS_SQL = `
WITH
  moved AS (
    SELECT e.oid, e.extname, e.extnamespace, e.extrelocatable FROM pg_extension e WHERE e.extname::text = ANY ($1::text[])
  ),
  owned AS (
    SELECT d.refobjid AS ext, d.classid, d.objid FROM pg_depend d
    WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND d.refobjid IN (SELECT oid FROM moved)
  ),
  members AS (
    SELECT o.ext, t.typname AS name, t.typnamespace AS ns FROM owned o JOIN pg_type t ON o.classid = 'pg_type'::regclass AND t.oid = o.objid
    UNION SELECT o.ext, p.proname, p.pronamespace FROM owned o JOIN pg_proc p ON o.classid = 'pg_proc'::regclass AND p.oid = o.objid
    UNION SELECT o.ext, op.oprname, op.oprnamespace FROM owned o JOIN pg_operator op ON o.classid = 'pg_operator'::regclass AND op.oid = o.objid
    UNION SELECT o.ext, c.opcname, c.opcnamespace FROM owned o JOIN pg_opclass c ON o.classid = 'pg_opclass'::regclass AND c.oid = o.objid
    UNION SELECT o.ext, f.opfname, f.opfnamespace FROM owned o JOIN pg_opfamily f ON o.classid = 'pg_opfamily'::regclass AND f.oid = o.objid
  ),
  -- Objects of the same name in the same schema that the extension does not own (another extension's, or
  -- no extension's), but the array types PostgreSQL makes with its own types.
  clashes AS (
    SELECT m.ext, m.name, oe.extname
    FROM members m
    JOIN moved e ON e.oid = m.ext AND e.extnamespace = m.ns
    CROSS JOIN LATERAL (
      SELECT t.oid, 'pg_type'::regclass AS catalog FROM pg_type t
      WHERE t.typnamespace = m.ns AND t.typname = m.name
        AND NOT EXISTS (SELECT 1 FROM owned w WHERE w.ext = m.ext AND w.classid = 'pg_type'::regclass AND w.objid = t.typelem)
      UNION ALL SELECT p.oid, 'pg_proc'::regclass FROM pg_proc p WHERE p.pronamespace = m.ns AND p.proname = m.name
      UNION ALL SELECT o.oid, 'pg_operator'::regclass FROM pg_operator o WHERE o.oprnamespace = m.ns AND o.oprname = m.name
      UNION ALL SELECT c.oid, 'pg_class'::regclass FROM pg_class c WHERE c.relnamespace = m.ns AND c.relname = m.name
    ) other
    LEFT JOIN pg_depend x ON x.classid = other.catalog AND x.objid = other.oid AND x.refclassid = 'pg_extension'::regclass AND x.deptype = 'e'
    LEFT JOIN pg_extension oe ON oe.oid = x.refobjid
    WHERE x.refobjid IS DISTINCT FROM m.ext
  )
SELECT
  e.extname::text AS name,
  e.extrelocatable AS relocatable,
  ARRAY(SELECT DISTINCT m.name::text FROM members m WHERE m.ext = e.oid AND m.ns = e.extnamespace ORDER BY 1) AS members,
  COALESCE((
    SELECT json_agg(json_build_object('name', c.name::text, 'extension', c.extname::text) ORDER BY c.name, c.extname)
    FROM (SELECT DISTINCT c.name, c.extname FROM clashes c WHERE c.ext = e.oid) c
  ), '[]'::json) AS clashes
FROM moved e
ORDER BY e.extname
`;

/**
 * The contents of the extensions named `names` that `db` has, by extension name; read in a read-only
 * transaction of its own, under the introspection's settings.
 * @throws CatalogQueryError when the query fails
 */
export async function readExtensionContents(db: Queryable, names: readonly string[]): Promise<Record<string, ExtensionContents>> {
  if (names.length === 0) return {};
  await db.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    await db.query(PIN_SESSION_SETTINGS);
    const { rows } = await db.query<{ name: string; relocatable: boolean; members: string[]; clashes: ExtensionContents["clashes"] }>(
      CONTENTS_SQL,
      [names],
    );
    return Object.fromEntries(rows.map((row) => [row.name, { relocatable: row.relocatable, members: [...row.members], clashes: row.clashes }]));
  } catch (error) {
    throw new CatalogQueryError("extension contents", error, "src/introspect/read-extension-contents.ts");
  } finally {
    await db.query("ROLLBACK").catch(() => undefined);
  }
}
