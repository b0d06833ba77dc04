/**
 * Names the owners that `setPrivileges` ops leave to be looked up when they run (`owner: true`: the
 * comparator changes an owner's own entry without knowing who owns the object in the database the
 * migration changes). When that database is at hand (`autogen diff` from a database URL), its owners are
 * read once and put in the ops, so that the script says `REVOKE ... FROM "app_owner"` instead of a DO
 * block that looks the owner up. An object the database does not have yet (created by the same
 * migration, owned by whoever runs it) keeps the lookup.
 * @internal
 */
import type { Queryable } from "../db/database";
import type { CatalogObjectRef } from "../model/object-ref";
import type { Operation } from "../ops/operation";
import { isRoutine, OWNER_LOOKUPS, ownedName, routineOwnerQuery } from "../sql/owner-lookup";

/**
 * `operations` with each `setPrivileges` that has `owner` naming the owner `db` gives its object (and
 * without `owner`); the others unchanged. One query, only when there is such an op.
 */
export async function nameOwnerGrantees(db: Queryable, operations: readonly Operation[]): Promise<Operation[]> {
  const wanted = new Map<string, CatalogObjectRef>();
  for (const op of operations) {
    if (op.kind !== "setPrivileges" || op.owner !== true || OWNER_LOOKUPS[op.object.kind] === undefined) continue;
    wanted.set(`${op.object.kind} ${ownedName(op.object)}`, op.object);
  }
  if (wanted.size === 0) return [...operations];
  const entries = [...wanted];
  const params: string[] = [];
  const branches = entries.map(([, ref], i) => {
    const lookup = OWNER_LOOKUPS[ref.kind]!;
    const owner = isRoutine(ref)
      ? `(${routineOwnerQuery(ref)})`
      : `(SELECT pg_catalog.pg_get_userbyid(${lookup.owner})::text FROM pg_catalog.${lookup.catalog} ` +
        `WHERE oid = pg_catalog.to_${lookup.type}($${params.push(ownedName(ref))}))`;
    return `SELECT ${i} AS i, ${owner} AS owner`;
  });
  // A routine's identity arguments match as printed under search_path = pg_catalog (routineOwnerQuery).
  await db.query("BEGIN READ ONLY");
  let rows: { i: number; owner: string | null }[];
  try {
    await db.query("SELECT pg_catalog.set_config('search_path', 'pg_catalog', true)");
    rows = (await db.query<{ i: number; owner: string | null }>(branches.join(" UNION ALL "), params)).rows;
  } finally {
    await db.query("ROLLBACK");
  }
  const owners = new Map<string, string>();
  for (const row of rows) if (row.owner !== null) owners.set(entries[row.i]![0], row.owner);
  return operations.map((op) => {
    if (op.kind !== "setPrivileges" || op.owner !== true) return op;
    const owner = owners.get(`${op.object.kind} ${ownedName(op.object)}`);
    if (owner === undefined) return op;
    const { owner: _, ...named } = op;
    return { ...named, grantee: owner };
  });
}
