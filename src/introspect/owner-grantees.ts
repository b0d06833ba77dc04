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
import { OWNER_LOOKUPS, ownedName } from "../sql/owner-lookup";
import { readOwners } from "./read-owners";

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
  const { owners: read } = await readOwners(db, entries.map(([, ref]) => ref));
  const owners = new Map<string, string>();
  entries.forEach(([key], i) => {
    if (read[i] !== null) owners.set(key, read[i]!);
  });
  return operations.map((op) => {
    if (op.kind !== "setPrivileges" || op.owner !== true) return op;
    const owner = owners.get(`${op.object.kind} ${ownedName(op.object)}`);
    if (owner === undefined) return op;
    const { owner: _, ...named } = op;
    return { ...named, grantee: owner };
  });
}
