/**
 * Generation's last check on the types the operations drop or rebuild: what uses them in a schema the
 * comparison leaves out (src/compare/type-users-outside.ts). The upgrade is refused; the derived downgrade
 * (a label appended is removed again by a rebuild) is warned about, since the upgrade itself runs.
 */
import { changedTypes, refuseTypeUsersOutside, typeChanges, typeUseBlockers } from "../compare/type-users-outside";
import type { Queryable } from "../db/database";
import { readTypeUsersOutside } from "../introspect/read-type-users";
import { invertAll } from "../ops/invert";
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

/**
 * A warning (without the `WARNING: ` its printer puts before it) when the downgrade of `operations` drops or rebuilds a type that something outside `schemas`
 * uses (read from `db`, before the upgrade: the migration changes nothing there): PostgreSQL will refuse
 * that downgrade where it reaches the type. Reads the database only when the downgrade makes such a change.
 */
export async function downgradeTypeUseWarnings(db: Queryable, operations: readonly Operation[], schemas: readonly string[]): Promise<string[]> {
  const changes = typeChanges(invertAll(operations));
  if (changes.length === 0) return [];
  const { blockers, schemas: outside } = typeUseBlockers(changes, await readTypeUsersOutside(db, changedTypes(changes), schemas));
  if (blockers.length === 0) return [];
  return [
    `The downgrade cannot run as generated: ${blockers.join("; and ")}, in ${outside.length > 1 ? "schemas" : "schema"} ` +
      `${outside.join(", ")}, which this comparison does not compare. PostgreSQL will refuse it there; change what uses ` +
      `the type first, in the downgrade (op.execute), or bring that schema into the comparison.`,
  ];
}
