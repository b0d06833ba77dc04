/**
 * The owners of what a migration drops for good (a table, view, function, type, sequence), for its
 * downgrade. Owners are not in the model, and the downgrade that creates such an object again usually runs
 * in another session than the upgrade, so the `keepOwner` pair an object dropped and created again gets
 * (read and given back within one migration) cannot serve it. Where the database the migration is
 * generated from is at hand, each such object's owner is read there and written into a lone `keepOwner`
 * remember with `owner`: the derived downgrade's restore gives the object back that owner, where the role
 * exists. A serial or identity column's sequence gets none: it takes its table's (keep-owners.ts).
 *
 * An object owned by the role that generates the migration gets none: that is the "whoever creates it"
 * owner of a development database, and where the migration runs, the role running the downgrade is the
 * better guess for it (what happens without this). One owned by another role was given to it on purpose.
 * @internal
 */
import { droppedAndCreated } from "../compare/keep-owners";
import type { Queryable } from "../db/database";
import type { KeepOwnerOp } from "../ops/catalog-operations";
import type { Operation } from "../ops/operation";
import { readOwners } from "./read-owners";

/**
 * `operations`, with a `keepOwner` remember naming its owner first for every object they drop and do not
 * create again whose owner in `db` is not the role connected. One query, only when something is dropped.
 */
export async function rememberDroppedOwners(db: Queryable, operations: readonly Operation[]): Promise<Operation[]> {
  const { dropped, created } = droppedAndCreated(operations);
  const gone = [...dropped]
    .filter(([key]) => !created.has(key))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, ref]) => ref);
  if (gone.length === 0) return [...operations];
  const { owners, role } = await readOwners(db, gone);
  const remembered = gone.flatMap((object, i): KeepOwnerOp[] => {
    const owner = owners[i];
    return owner === null || owner === undefined || owner === role ? [] : [{ kind: "keepOwner", object, stage: "remember", owner }];
  });
  return [...remembered, ...operations];
}
