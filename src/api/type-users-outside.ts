/**
 * Generation's last check on the types the operations drop or rebuild: what uses them in a schema the
 * comparison leaves out (src/compare/type-users-outside.ts).
 */
import { changedTypes, refuseTypeUsersOutside, typeChanges } from "../compare/type-users-outside";
import type { Queryable } from "../db/database";
import { readTypeUsersOutside } from "../introspect/read-type-users";
import type { Operation } from "../ops/operation";

/**
 * Refuses `operations`, to be run on `db`, when a type they drop or rebuild is used outside `schemas` (the
 * compared schemas). Reads the database only when the operations make such a change.
 * @throws TypeUsedOutsideError naming each such change and what uses the type
 */
export async function refuseTypesUsedOutside(db: Queryable, operations: readonly Operation[], schemas: readonly string[]): Promise<void> {
  const changes = typeChanges(operations);
  if (changes.length === 0) return;
  refuseTypeUsersOutside(changes, await readTypeUsersOutside(db, changedTypes(changes), schemas));
}
