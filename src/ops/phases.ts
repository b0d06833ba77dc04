/**
 * The global order of a migration's statements: ONE declarative list of phases. `orderOperations` sorts
 * ops by the first phase that matches them, keeping the given order within a phase (a stable sort).
 *
 * Why this order:
 * - namespaces and types first, dropped last, so every table can use them and nothing still uses them
 *   when they go; an enum renamed before any is created (a new one may take its old name) and before its
 *   labels change (the change names it by its new name);
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
 * - range types are created right after enums (which may be their subtypes), and changed there (dropped
 *   and created again: only one nothing uses); domains and composite types right after them (they may use
 *   either); each is dropped in the reverse order. A range type over a domain or a composite type, or with
 *   a function the migration creates, is moved after them by the dependencies (src/compare/dependency-order.ts).
 *   A domain rebuilt under columns of it (a new base type) runs with the enum rebuilds,
 *   after drops and renames, so that the foreign keys and generated columns in the way are gone by then;
 *   a domain changed in place just before it, so that a check or NOT NULL it gains is not checked against
 *   a column or table the migration drops; partitions are detached and inheritance removed before tables and columns are dropped
 *   (so that a partition whose parent goes keeps its rows), and attached or added once every column has
 *   its final type; partitions and inheritance children are created once their parents have their final
 *   columns (so that they get every column, and can set their own defaults on the inherited ones);
 * - a typed table is made plain (`NOT OF`) before any type or column changes (PostgreSQL refuses to change
 *   a typed table's columns, or its type's attributes without CASCADE), and typed again (`OF`) once its
 *   columns are final, as the type's attributes (which `OF` checks);
 * - an index's statistics targets, which PostgreSQL resets when a retyped column rebuilds the index, are
 *   taken back to the default before any column is retyped and set once the indexes are created: so a
 *   retype keeps them, in the upgrade and in the derived downgrade (src/compare/index-statistics.ts);
 * - a table's REPLICA IDENTITY and CLUSTER index, which may name an index, are taken back to the default
 *   before anything is dropped or renamed, and set once the indexes and keys are created (an index
 *   dropped and created again loses them): so the index each names exists then, in the upgrade and in
 *   the derived downgrade, which runs the inverses backwards;
 * - raw SQL (`execute`) keeps its place: it is a barrier that nothing is moved across;
 * - functions and collations are created with the types, before any table, default, check or index can
 *   use them, and dropped after the tables; a function that reads a relation (a row type, a BEGIN ATOMIC
 *   body) is dropped with the views and created with them;
 * - what hangs on objects (comments, grants, row security, triggers, policies) is removed first, before
 *   anything it hangs on can go, and added last, once everything it hangs on is there (catalog-phases.ts).
 *
 * Where one list cannot know the order (a view calling a function that reads another view, a sequence
 * `OWNED BY` a column of a table created in the same migration, a generated column reading a column
 * added after it), the comparator corrects this order with real dependencies (pg_depend), moving only
 * what must move: src/compare/dependency-order.ts.
 */
import {
  CATALOG_ADDITIONS,
  CATALOG_REMOVALS,
  CREATE_VIEWS_AND_DEPENDENT_FUNCTIONS,
  DROP_VIEWS_AND_DEPENDENT_FUNCTIONS,
  readsRelations,
} from "./catalog-phases";
import { addsLabelsInPlace } from "./enum-change";
import { rebuildsCompositeColumns, rebuildsDomainColumns } from "./domain-change";
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
  test: (op: OperationOf<"alterEnum">) => addsLabelsInPlace(op),
};
const rebuild = {
  name: "rebuild",
  test: (op: OperationOf<"alterEnum">) => !addsLabelsInPlace(op),
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
/** A REPLICA IDENTITY or CLUSTER index taken back to the default (the only change of one that names an index). */
const toDefaultIdentity = { name: "to default", test: (op: OperationOf<"alterReplicaIdentity">) => op.to === "default" };
/**
 * Index statistics targets all taken back to the default: before any column is retyped, so that the
 * downgrade, which runs the inverses backwards, sets them again after its own retype (which resets them).
 */
const statisticsToDefault = { name: "to default", test: (op: OperationOf<"alterIndexStatistics">) => Object.keys(op.to).length === 0 };
const statisticsSet = { name: "set", test: (op: OperationOf<"alterIndexStatistics">) => Object.keys(op.to).length > 0 };
const withoutCluster = { name: "to none", test: (op: OperationOf<"alterClusterOn">) => op.to === null };
/** A typed table made plain (`NOT OF`), or typed by a composite type (`OF`). */
const notOf = { name: "not of", test: (op: OperationOf<"alterTableOf">) => op.to === null };
const ofType = { name: "of", test: (op: OperationOf<"alterTableOf">) => op.to !== null };
/** A partition or inheritance child: created once its parents have their final columns. */
const childTable = {
  name: "child",
  test: (op: OperationOf<"createTable">) => op.table.partitionOf !== undefined || (op.table.inherits ?? []).length > 0,
};
const plainTable = { name: "plain", test: (op: OperationOf<"createTable">) => !childTable.test(op) };
/** A function that reads no table or view: created with the types (the others are created with the views). */
const readsNoRelation = {
  name: "reads no relation",
  test: (op: OperationOf<"createFunction" | "replaceFunction">) => !readsRelations(op.function),
};

/** The phases, in order. An op matches the first phase whose kind and qualifier fit it. */
export const PHASES: readonly Phase[] = [
  ...CATALOG_REMOVALS,
  DROP_VIEWS_AND_DEPENDENT_FUNCTIONS,
  phase("createSchema"),
  phase("createExtension"),
  phase("alterExtension"),
  phase("moveExtension"),
  phase("createCollation"),
  phase("renameEnum"),
  phase("moveEnum"),
  phase("createEnum"),
  // Labels added in place come before the domains that may name them (a check `VALUE <> 'new'`): the
  // label stages (enum-label-stages.ts) then commit them first.
  phase("alterEnum", append),
  phase("createRangeType"),
  phase("alterRangeType"),
  phase("createDomain"),
  phase("createCompositeType"),
  phase("alterTableOf", notOf),
  phase("alterCompositeType", { name: "in place", test: (op) => !rebuildsCompositeColumns(op) }),
  phase("createSequence"),
  phase("createFunction", readsNoRelation),
  phase("replaceFunction", readsNoRelation),
  phase("alterReplicaIdentity", toDefaultIdentity),
  phase("alterClusterOn", withoutCluster),
  phase("dropConstraint", droppedForeignKey),
  phase("dropIndex"),
  phase("dropConstraint", other),
  phase("detachPartition"),
  phase("dropInheritance"),
  phase("dropTable"),
  phase("dropColumn"),
  phase("moveTable"),
  phase("renameTable"),
  phase("renameColumn"),
  phase("renameIndex"),
  phase("renameConstraint"),
  phase("alterIndexStatistics", statisticsToDefault),
  // After the drops: a check or NOT NULL it gains is checked against the columns of it there are then, and
  // PostgreSQL refuses an array of it, so a column or table the migration drops must be gone first.
  phase("alterDomain", { name: "in place", test: (op) => !rebuildsDomainColumns(op) }),
  phase("alterEnum", rebuild),
  phase("alterDomain", { name: "rebuild", test: rebuildsDomainColumns }),
  phase("alterCompositeType", { name: "rebuild", test: rebuildsCompositeColumns }),
  phase("createTable", plainTable),
  phase("addColumn"),
  phase("backfillColumn"),
  phase("alterColumn"),
  phase("createTable", childTable),
  phase("addInheritance"),
  phase("alterTableOf", ofType),
  phase("attachPartition"),
  phase("alterTableStorage"),
  phase("alterIndexStorage"),
  phase("alterSequence"),
  phase("setTableComment"),
  phase("addConstraint", { name: "not foreign key", test: (op) => !addedForeignKey.test(op) }),
  phase("createIndex"),
  phase("createPartitionedIndex"),
  phase("alterIndexStatistics", statisticsSet),
  phase("alterReplicaIdentity", other),
  phase("alterClusterOn", other),
  phase("addConstraint", addedForeignKey),
  phase("dropFunction", { name: "reads no relation", test: (op) => !readsRelations(op.existing) }),
  phase("validateConstraint"),
  phase("invalidateConstraint"),
  phase("dropSequence"),
  phase("dropCompositeType"),
  phase("dropDomain"),
  phase("dropRangeType"),
  phase("dropEnum"),
  phase("dropCollation"),
  phase("dropExtension"),
  phase("dropSchema"),
  CREATE_VIEWS_AND_DEPENDENT_FUNCTIONS,
  ...CATALOG_ADDITIONS,
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
