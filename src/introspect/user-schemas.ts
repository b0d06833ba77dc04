/**
 * The schemas a whole-database comparison covers: every schema but the system ones (pg_catalog,
 * information_schema, TOAST, temporary schemas) and those an extension created.
 */
import type { Queryable } from "../db/database";

const USER_SCHEMAS = `
SELECT n.nspname::text AS name
FROM pg_namespace n
WHERE n.nspname NOT LIKE 'pg\\_%'
  AND n.nspname <> 'information_schema'
  AND NOT EXISTS (
    SELECT 1 FROM pg_depend d
    WHERE d.classid = 'pg_namespace'::regclass AND d.objid = n.oid AND d.deptype = 'e'
  )
ORDER BY 1`;

/** The user schemas of `db`, sorted. */
export async function userSchemas(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(USER_SCHEMAS);
  return rows.map((row) => row.name);
}
