/**
 * The inverse of every operation, derived from the state each op carries (`existing`), never guessed
 * from its arguments. `invertAll` turns an upgrade into its downgrade.
 */
import { applyColumnChanges, COLUMN_CHANGE_KEYS } from "./column-changes";
import { CATALOG_INVERSES } from "./invert-catalog";
import { IrreversibleOperationError } from "./irreversible-operation-error";
import {
  dispatch,
  movedEnum,
  movedTable,
  type AlterColumnOp,
  type ColumnChanges,
  type ExecuteOp,
  type Operation,
  type OperationTable,
} from "./operation";
import { usingCast } from "./type-change";
import { invertedRanges, invertedUsage } from "./enum-change";
import { TABLE_KIND_INVERSES } from "./invert-table-kinds";

const INVERSES: OperationTable<Operation> = {
  // A schema created where missing may have been there before (a fresh database's `public`), and the
  // runner's own tables may live in it: the downgrade leaves it (see `invertAll`), and creating it where
  // missing once more does nothing.
  createSchema: (op) => (op.ifMissing === true ? op : { kind: "dropSchema", schema: op.schema }),
  dropSchema: (op) => ({ kind: "createSchema", schema: op.schema }),
  createExtension: (op) => ({
    kind: "dropExtension",
    name: op.extension.name,
    existing: op.extension,
  }),
  dropExtension: (op) => ({
    kind: "createExtension",
    extension: need(op, op.existing, "the extension's definition (existing)"),
  }),
  alterExtension: (op) => {
    const existing = need(op, op.existing, "the extension's previous version (existing)");
    return {
      kind: "alterExtension",
      name: op.name,
      version: need(op, existing.version ?? undefined, "the extension's previous version (existing.version)"),
      existing: { ...existing, version: op.version },
    };
  },
  moveExtension: (op) => ({ kind: "moveExtension", name: op.name, from: op.to, to: op.from }),
  createEnum: (op) => ({
    kind: "dropEnum",
    enum: { schema: op.enum.schema, name: op.enum.name },
    existing: op.enum,
  }),
  dropEnum: (op) => ({
    kind: "createEnum",
    enum: need(op, op.existing, "the enum's labels (existing)"),
  }),
  // A value map rewrites rows one way only: the labels come back, the rewritten rows stay as they are.
  // A usage whose default the rebuild changes gets its old one back.
  alterEnum: ({ valueMap: _, ...op }) => ({
    ...op,
    from: op.to,
    to: op.from,
    usages: op.usages.map(invertedUsage),
    ...(op.attributes !== undefined && {
      attributes: op.attributes.map((a) => (a.usages === undefined ? a : { ...a, usages: a.usages.map(invertedUsage) })),
    }),
    ...(op.ranges !== undefined && { ranges: invertedRanges(op.ranges) }),
  }),
  renameEnum: (op) => ({ kind: "renameEnum", enum: { schema: op.enum.schema, name: op.to }, to: op.enum.name }),
  moveEnum: (op) => ({
    kind: "moveEnum",
    enum: movedEnum(op),
    schema: op.enum.schema,
    ...(op.to !== undefined && { to: op.enum.name }),
  }),
  createView: (op) => ({
    kind: "dropView",
    view: { schema: op.view.schema, name: op.view.name },
    materialized: op.view.materialized,
    existing: op.view,
  }),
  dropView: (op) => ({ kind: "createView", view: need(op, op.existing, "the view's query (existing)") }),
  createSequence: (op) => ({
    kind: "dropSequence",
    sequence: { schema: op.sequence.schema, name: op.sequence.name },
    existing: op.sequence,
  }),
  dropSequence: (op) => ({
    kind: "createSequence",
    sequence: need(op, op.existing, "the sequence's definition (existing)"),
  }),
  alterSequence: (op) => ({ kind: "alterSequence", from: op.to, to: op.from }),
  // A table created again keeps its columns' sequences, or their positions, both ways.
  createTable: (op) => ({
    kind: "dropTable",
    table: { schema: op.table.schema, name: op.table.name },
    existing: op.table,
    ...(op.keepSequences !== undefined && { keepSequences: op.keepSequences }),
    ...(op.continueSequences !== undefined && { continueSequences: op.continueSequences }),
  }),
  dropTable: (op) => ({
    kind: "createTable",
    table: need(op, op.existing, "the dropped table's definition (existing)"),
    ...(op.keepSequences !== undefined && { keepSequences: op.keepSequences }),
    ...(op.continueSequences !== undefined && { continueSequences: op.continueSequences }),
  }),
  setTableComment: (op) => ({
    kind: "setTableComment",
    table: op.table,
    comment: need(op, op.existing, "the previous comment (existing)"),
    existing: op.comment,
  }),
  renameTable: (op) => ({
    kind: "renameTable",
    table: { schema: op.table.schema, name: op.to },
    to: op.table.name,
  }),
  moveTable: (op) => ({
    kind: "moveTable",
    table: movedTable(op),
    schema: op.table.schema,
    ...(op.to !== undefined && { to: op.table.name }),
  }),
  addColumn: (op) => ({
    kind: "dropColumn",
    table: op.table,
    column: op.column.name,
    existing: op.column,
  }),
  dropColumn: (op) => ({
    kind: "addColumn",
    table: op.table,
    column: need(op, op.existing, "the dropped column's definition (existing)"),
  }),
  alterColumn: invertAlterColumn,
  renameColumn: (op) => ({ kind: "renameColumn", table: op.table, from: op.to, to: op.from }),
  renameIndex: (op) => ({ kind: "renameIndex", table: op.table, from: op.to, to: op.from }),
  alterIndexStorage: (op) => ({ kind: "alterIndexStorage", table: op.table, name: op.name, from: op.to, to: op.from }),
  alterIndexStatistics: (op) => ({ kind: "alterIndexStatistics", table: op.table, name: op.name, from: op.to, to: op.from }),
  renameConstraint: (op) => ({ kind: "renameConstraint", table: op.table, from: op.to, to: op.from }),
  addConstraint: (op) => ({
    kind: "dropConstraint",
    table: op.table,
    name: op.constraint.name,
    existing: op.constraint,
  }),
  dropConstraint: (op) => ({
    kind: "addConstraint",
    table: op.table,
    constraint: need(op, op.existing, "the dropped constraint's definition (existing)"),
  }),
  createIndex: (op) => ({
    kind: "dropIndex",
    table: op.table,
    name: op.index.name,
    existing: op.index,
    ...(op.concurrently ? { concurrently: true } : {}),
  }),
  dropIndex: (op) => ({
    kind: "createIndex",
    table: op.table,
    index: need(op, op.existing, "the dropped index's definition (existing)"),
    ...(op.concurrently ? { concurrently: true } : {}),
  }),
  execute: invertExecute,
  ...TABLE_KIND_INVERSES,
  ...CATALOG_INVERSES,
  // Without what it validated, validating a valid constraint again does nothing, and the downgrade drops
  // the constraint through the inverse of the op that added it NOT VALID.
  validateConstraint: (op) =>
    op.existing === undefined ? op : { kind: "invalidateConstraint", table: op.table, constraint: op.existing },
  invalidateConstraint: (op) => ({ kind: "validateConstraint", table: op.table, name: op.constraint.name, existing: op.constraint }),
  // PostgreSQL drops a partitioned table's index only as a whole, with the partitions' attached to it.
  createPartitionedIndex: (op) => ({ kind: "dropIndex", table: op.table, name: op.index.name, existing: op.index }),
  // Filling NULLs cannot be told apart from values written otherwise; the downgrade leaves them.
  backfillColumn: (op) => op,
};

/**
 * The operation that undoes `op`: applied right after `op`, it brings the database back to the state
 * before it.
 * @example invert({ kind: "addColumn", table, column }) // => { kind: "dropColumn", table, column: column.name, existing: column }
 * @throws IrreversibleOperationError when `op` does not carry the state its inverse needs.
 */
export function invert(op: Operation): Operation {
  return dispatch(INVERSES, op);
}

/**
 * The downgrade of an upgrade: the ops in reverse order, each inverted.
 *
 * The result is deliberately NOT re-sorted with `orderOperations`. If the upgrade takes the database
 * through states S0 -> S1 -> ... -> Sn, the reversed inverses take it through Sn -> ... -> S0, each one
 * applied to exactly the state its forward op produced, so the downgrade is valid whenever the upgrade
 * is, whatever order that was (phase-sorted or written by hand). Re-sorting would break that, for
 * example by moving a table's rename back before the rename of one of its columns (which names the
 * table by its new name), or by moving raw SQL. A schema created only where missing is left out: its
 * inverse would do nothing.
 */
export function invertAll(ops: readonly Operation[]): Operation[] {
  return [...ops].reverse().filter((op) => !(op.kind === "createSchema" && op.ifMissing === true)).map(invert);
}

/** Restores exactly the changed keys from `existing`; the new state becomes the inverse's `existing`. */
function invertAlterColumn(op: AlterColumnOp): AlterColumnOp {
  const existing = need(op, op.existing, "the column's previous definition (existing)");
  const restored: Record<string, unknown> = {};
  for (const key of COLUMN_CHANGE_KEYS) {
    if (op.changes[key] !== undefined) restored[key] = existing[key] ?? null;
  }
  // The way back is cast by the same rule as the way there, whether or not the way there needed a cast
  // (enum -> text needs none, text -> enum does). A hand-written USING cannot be reversed from its text.
  const castBack =
    op.changes.type === undefined ? null : usingCast(op.column, op.changes.type, existing.type);
  return {
    kind: "alterColumn",
    table: op.table,
    column: op.column,
    changes: restored as ColumnChanges,
    ...(castBack !== null ? { using: castBack } : {}),
    existing: applyColumnChanges(existing, op.changes),
    ...(op.only === true ? { only: true } : {}),
    ...(op.descendants !== undefined && { descendants: op.descendants.map((d) => ({ table: d.table, from: d.to, to: d.from })) }),
    ...(op.notNullPartitions !== undefined && { notNullPartitions: op.notNullPartitions }),
  };
}

/** Raw SQL runs backwards only with the reverse SQL given; the reverse has no parameters. */
function invertExecute(op: ExecuteOp): ExecuteOp {
  const reverseSql = op.reverseSql;
  if (reverseSql === undefined || reverseSql === null || reverseSql.trim() === "") {
    throw new IrreversibleOperationError(op, "the SQL that undoes it (reverseSql)");
  }
  // The forward SQL becomes the reverse of the reverse, unless it needs parameters the inverse cannot carry.
  const hasParams = op.params !== undefined && op.params.length > 0;
  return { kind: "execute", sql: reverseSql, reverseSql: hasParams ? null : op.sql };
}

function need<T>(op: Operation, value: T | undefined, missing: string): T {
  if (value === undefined) throw new IrreversibleOperationError(op, missing);
  return value;
}
