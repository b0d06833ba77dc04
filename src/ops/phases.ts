/**
 * The global order of a migration's statements: ONE declarative list of phases. `orderOperations` sorts
 * ops by the first phase that matches them, keeping the given order within a phase (a stable sort).
 *
 * Why this order:
 * - namespaces and types first, dropped last, so every table can use them and nothing still uses them
 *   when they go;
 * - foreign keys dropped first and added last, so a table can be dropped, re-keyed or created without a
 *   foreign key pointing at something missing; primary keys and uniques are added before the foreign
 *   keys that reference them;
 * - drops and renames before creates, so a name that is freed can be reused;
 * - an enum rebuild runs after drops and renames (so only surviving columns are re-cast, under their new
 *   names) and before any table, column or default that may use its new labels; its `usages` are
 *   therefore the columns of that type at that point;
 * - views dropped first and created last, so that a view never stands in the way of a column it reads
 *   (Postgres refuses to drop or retype one) and sees the final tables; first and last, not merely
 *   around the table changes, because a downgrade runs the upgrade's inverses in reverse, and the
 *   inverse of an enum append (early) is a rebuild that re-casts columns;
 * - raw SQL (`execute`) keeps its place: it is a barrier that nothing is moved across.
 *
 * Known limit: a created sequence `OWNED BY` a column of a table created in the same migration fails
 * (the sequence is created before the table); create it unowned and set the owner with alterSequence.
 */
import { isEnumAppend } from "./enum-change";
import type { Operation, OperationKind, OperationOf } from "./operation";

export interface Phase {
  readonly name: string;
  readonly matches: (op: Operation) => boolean;
}

function phase<K extends OperationKind>(
  kind: K,
  qualifier?: { readonly name: string; readonly test: (op: OperationOf<K>) => boolean },
): Phase {
  return {
    name: qualifier ? `${kind} (${qualifier.name})` : kind,
    matches: (op) =>
      op.kind === kind && (qualifier === undefined || qualifier.test(op as OperationOf<K>)),
  };
}

const append = {
  name: "append",
  test: (op: OperationOf<"alterEnum">) => isEnumAppend(op.from, op.to),
};
const rebuild = {
  name: "rebuild",
  test: (op: OperationOf<"alterEnum">) => !isEnumAppend(op.from, op.to),
};
/** A constraint being dropped whose kind is unknown (no `existing`) is treated as "other". */
const droppedForeignKey = {
  name: "foreign key",
  test: (op: OperationOf<"dropConstraint">) => op.existing?.type === "foreignKey",
};
const addedForeignKey = {
  name: "foreign key",
  test: (op: OperationOf<"addConstraint">) => op.constraint.type === "foreignKey",
};
const other = { name: "other", test: () => true };

/** The phases, in order. An op matches the first phase whose kind and qualifier fit it. */
export const PHASES: readonly Phase[] = [
  phase("dropView"),
  phase("createSchema"),
  phase("createExtension"),
  phase("alterExtension"),
  phase("createEnum"),
  phase("alterEnum", append),
  phase("createSequence"),
  phase("dropConstraint", droppedForeignKey),
  phase("dropIndex"),
  phase("dropConstraint", other),
  phase("dropTable"),
  phase("dropColumn"),
  phase("renameTable"),
  phase("renameColumn"),
  phase("renameIndex"),
  phase("renameConstraint"),
  phase("alterEnum", rebuild),
  phase("createTable"),
  phase("addColumn"),
  phase("backfillColumn"),
  phase("alterColumn"),
  phase("alterSequence"),
  phase("setTableComment"),
  phase("addConstraint", { name: "not foreign key", test: (op) => !addedForeignKey.test(op) }),
  phase("createIndex"),
  phase("addConstraint", addedForeignKey),
  phase("validateConstraint"),
  phase("dropSequence"),
  phase("dropEnum"),
  phase("dropExtension"),
  phase("dropSchema"),
  phase("createView"),
];

/** The index in PHASES of the phase `op` belongs to. `execute` has none (it is a barrier): a bug to ask. */
export function phaseOf(op: Operation): number {
  const index = PHASES.findIndex((p) => p.matches(op));
  if (index < 0) throw new Error(`No migration phase matches operation kind ${op.kind}`);
  return index;
}

/**
 * `ops` in phase order: a stable sort by phase within each run of ops between two `execute` ops, which
 * stay exactly where they are.
 * @example orderOperations([addFk, createTableA, createEnum]) // => [createEnum, createTableA, addFk]
 */
export function orderOperations(ops: readonly Operation[]): Operation[] {
  const result: Operation[] = [];
  let run: Operation[] = [];
  const flush = (): void => {
    const keyed = run.map((op, i) => ({ op, i, phase: phaseOf(op) }));
    keyed.sort((a, b) => a.phase - b.phase || a.i - b.i);
    result.push(...keyed.map((k) => k.op));
    run = [];
  };
  for (const op of ops) {
    if (op.kind === "execute") {
      flush();
      result.push(op);
    } else {
      run.push(op);
    }
  }
  flush();
  return result;
}
