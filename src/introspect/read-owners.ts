/**
 * Reads the owners of catalog objects from the database a migration is generated from, for the passes
 * that write them into its operations (owner-grantees.ts, dropped-owners.ts). One query in a read-only
 * transaction under search_path = pg_catalog, where a routine's identity arguments print as the model
 * has them (routineOwnerQuery).
 * @internal
 */
import type { Queryable } from "../db/database";
import type { CatalogObjectRef } from "../model/object-ref";
import { isRoutine, OWNER_LOOKUPS, ownedName, routineOwnerQuery } from "../sql/owner-lookup";

export interface Owners {
  /** Each object's owner, in the order asked (a column's: its table's); null where `db` has no such object. */
  readonly owners: readonly (string | null)[];
  /** The role connected, which reads them. */
  readonly role: string;
}

/** The owners `db` gives `refs`, each of a kind OWNER_LOOKUPS knows. */
export async function readOwners(db: Queryable, refs: readonly CatalogObjectRef[]): Promise<Owners> {
  const params: string[] = [];
  const branches = refs.map((ref, i) => {
    const lookup = OWNER_LOOKUPS[ref.kind]!;
    const owner = isRoutine(ref)
      ? routineOwnerQuery(ref)
      : `SELECT pg_catalog.pg_get_userbyid(${lookup.owner})::text FROM pg_catalog.${lookup.catalog} ` +
        `WHERE oid = pg_catalog.to_${lookup.type}($${params.push(ownedName(ref))})`;
    return `SELECT ${i} AS i, (${owner}) AS owner`;
  });
  await db.query("BEGIN READ ONLY");
  try {
    await db.query("SELECT pg_catalog.set_config('search_path', 'pg_catalog', true)");
    const { rows } = await db.query<{ i: number; owner: string | null }>(
      [...branches, "SELECT -1, current_user::text"].join(" UNION ALL "),
      params,
    );
    const owners = refs.map(() => null as string | null);
    let role = "";
    for (const row of rows) {
      if (row.i < 0) role = row.owner!;
      else owners[row.i] = row.owner;
    }
    return { owners, role };
  } finally {
    await db.query("ROLLBACK");
  }
}
