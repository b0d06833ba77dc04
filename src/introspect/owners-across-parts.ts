/**
 * The owners of what a cut migration drops in one part and creates again in a later one. A migration that
 * adds an enum label and uses it is written as consecutive revisions (src/ops/enum-label-stages.ts); a
 * view it drops before the label is added and creates again after is then read (`keepOwner` remember) in
 * one revision and given back (restore) in the next. The runner applies revisions on one session, where
 * the session setting holding the owner survives; but revisions applied one at a time (`upgrade +1`, a
 * deploy that stops between them) start a new session, where the restore found no setting and failed,
 * leaving the database at the first part without the view, and every later attempt failing the same way.
 * So each such pair is given the owner read where the migration is generated, as a dropped object's
 * downgrade is (dropped-owners.ts): the restore falls back to it (the role running the migration when it
 * does not exist there), and the remember's inverse, the downgrade's restore, too.
 * @internal
 */
import type { Queryable } from "../db/database";
import { objectKey } from "../model/object-ref";
import type { KeepOwnerOp } from "../ops/catalog-operations";
import { enumLabelStages } from "../ops/enum-label-stages";
import type { Operation } from "../ops/operation";
import { readOwners } from "./read-owners";

/** `operations`, the `keepOwner` pairs that the parts of the migration cut apart given their owners. */
export async function ownersAcrossParts(db: Queryable, operations: readonly Operation[]): Promise<Operation[]> {
  const stages = enumLabelStages(operations);
  if (stages.length < 2) return [...operations];
  const partOf = new Map<Operation, number>();
  stages.forEach((stage, i) => stage.operations.forEach((op) => partOf.set(op, i)));
  const parts = new Map<string, { remember?: KeepOwnerOp; restore?: KeepOwnerOp }>();
  for (const op of operations) {
    if (op.kind !== "keepOwner" || op.owner !== undefined) continue;
    const pair = parts.get(objectKey(op.object)) ?? {};
    pair[op.stage] = op;
    parts.set(objectKey(op.object), pair);
  }
  const split = [...parts.values()].filter(
    (pair): pair is { remember: KeepOwnerOp; restore: KeepOwnerOp } =>
      pair.remember !== undefined && pair.restore !== undefined && partOf.get(pair.remember) !== partOf.get(pair.restore),
  );
  if (split.length === 0) return [...operations];
  const { owners } = await readOwners(db, split.map((pair) => pair.remember.object));
  const withOwner = new Map<Operation, Operation>();
  split.forEach((pair, i) => {
    const owner = owners[i];
    if (owner === null || owner === undefined) return;
    withOwner.set(pair.remember, { ...pair.remember, owner });
    withOwner.set(pair.restore, { ...pair.restore, owner });
  });
  return operations.map((op) => withOwner.get(op) ?? op);
}
