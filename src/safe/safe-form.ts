/**
 * The lock-safe form of a migration (`autogen -m --safe`): the same end state as the plain operations,
 * reached through steps that never hold a lock that blocks writers for longer than the lock timeout.
 *
 * | plain operation on an existing table | lock-safe form |
 * |---|---|
 * | `CREATE INDEX` / `DROP INDEX` | `CONCURRENTLY`, each in a step outside any transaction |
 * | `CREATE INDEX` on a partitioned table | `createPartitionedIndex`, in a step outside any transaction: `ON ONLY` the table, each partition's (found when it runs) `CONCURRENTLY` and attached |
 * | foreign key, check | added `NOT VALID`, then `VALIDATE CONSTRAINT` in a step of its own |
 * | unique, primary key | `CREATE UNIQUE INDEX CONCURRENTLY`, then `ADD CONSTRAINT ... USING INDEX` |
 * | `SET NOT NULL` | NULLs backfilled in batches (when the column has a default), `CHECK (c IS NOT NULL) NOT VALID`, `VALIDATE`, `SET NOT NULL` (which uses the check instead of scanning, and gives no NULL row the default: none is left), the check dropped |
 * | enum labels added | a step of their own, committed before anything can use them |
 *
 * Everything else (and anything on a table created by the same migration, which no other session can
 * see yet) runs in ordinary transactional steps, consecutive ones merged. Statements are kept in the
 * plain order, so every dependency the phase order respects still holds.
 *
 * On a partitioned table PostgreSQL refuses `CONCURRENTLY` (creating and dropping), `NOT VALID` on a
 * foreign key and `USING INDEX`. An index (unique or not) is built partition by partition instead
 * (`createPartitionedIndex`); a unique key or primary key, which would need `USING INDEX`, a foreign key
 * and an index dropped stay plain (`autogen lint` reports them); checks and NOT NULL take the lock-safe
 * form, which PostgreSQL accepts.
 */
import { createHash } from "node:crypto";
import { isNotValidInModel } from "../ops/not-valid";
import { identifierBytes, MAX_IDENTIFIER_BYTES, suffixedIdentifier } from "../model/identifier-limit";
import { qualifiedName, quoteIdent as quoteIdentAsPostgres } from "../model/names";
import type { CheckDef, QualifiedName, TableRef } from "../model/schema-model";
import { applyColumnChanges, effectiveChanges } from "../ops/column-changes";
import { columnLabel, describeTarget, objectLabel } from "../ops/describe";
import { addsLabelsInPlace } from "../ops/enum-change";
import { DEFAULT_BACKFILL_BATCH_PAGES } from "../ops/lock-safe-operations";
import { movedTable, type AddConstraintOp, type AlterColumnOp, type ColumnChanges, type Operation } from "../ops/operation";
import { quoteIdent } from "../sql/quote";

/** One step of a lock-safe migration. */
export interface SafeStep {
  readonly name: string;
  readonly transactional: boolean;
  readonly operations: readonly Operation[];
}

export interface SafeFormOptions {
  /** Pages per backfill batch (see `backfillColumn`). */
  readonly backfillBatchPages?: number;
  /** The partitioned tables of the database (`tableKey`): see the file comment. */
  readonly partitionedTables?: ReadonlySet<QualifiedName>;
}

interface Draft {
  name: string | null;
  transactional: boolean;
  /** No further operation joins this step. */
  sealed: boolean;
  operations: Operation[];
}

/**
 * The steps of the lock-safe form of `operations` (an upgrade or a downgrade, in the order they run).
 * @example safeSteps([createIndexOnUsers]) // => [{ name: "build index users_email_idx concurrently", transactional: false, ... }]
 */
export function safeSteps(operations: readonly Operation[], options: SafeFormOptions = {}): SafeStep[] {
  const created = new Set<string>();
  const drafts: Draft[] = [];
  const inTransaction = (op: Operation): void => {
    const last = drafts[drafts.length - 1];
    if (last !== undefined && last.transactional && !last.sealed) last.operations.push(op);
    else drafts.push({ name: null, transactional: true, sealed: false, operations: [op] });
  };
  const alone = (op: Operation, name: string, transactional: boolean): void => {
    drafts.push({ name, transactional, sealed: true, operations: [op] });
  };
  const isNew = (table: TableRef): boolean => created.has(qualifiedName(table.schema, table.name));
  const partitioned = new Set(options.partitionedTables);
  const isPartitioned = (table: TableRef): boolean => partitioned.has(qualifiedName(table.schema, table.name));
  // Where PostgreSQL has no lock-safe form: a table nobody else sees yet, or a partitioned one.
  const plain = (table: TableRef): boolean => isNew(table) || isPartitioned(table);
  const batchPages = options.backfillBatchPages ?? DEFAULT_BACKFILL_BATCH_PAGES;

  for (const op of operations) {
    switch (op.kind) {
      case "createTable":
        created.add(qualifiedName(op.table.schema, op.table.name));
        inTransaction(op);
        break;
      case "renameTable":
        followRename(op.table, { schema: op.table.schema, name: op.to }, [created, partitioned]);
        inTransaction(op);
        break;
      case "moveTable":
        followRename(op.table, movedTable(op), [created, partitioned]);
        inTransaction(op);
        break;
      case "createIndex":
        if (isNew(op.table)) inTransaction(op);
        else if (isPartitioned(op.table)) {
          const build = { kind: "createPartitionedIndex" as const, table: op.table, index: op.index };
          alone(build, `build index ${op.index.name} on the partitions of ${objectLabel(op.table)}`, false);
        } else alone({ ...op, concurrently: true }, `build index ${op.index.name} on ${objectLabel(op.table)} concurrently`, false);
        break;
      case "dropIndex":
        if (plain(op.table)) inTransaction(op);
        else alone({ ...op, concurrently: true }, `drop index ${op.name} on ${objectLabel(op.table)} concurrently`, false);
        break;
      case "addConstraint":
        if (isNew(op.table)) inTransaction(op);
        else if (isPartitioned(op.table) && op.constraint.type !== "check") inTransaction(op);
        else addConstraintSafely(op, inTransaction, alone);
        break;
      case "alterColumn":
        if (isNew(op.table)) inTransaction(op);
        else alterColumnSafely(op, batchPages, inTransaction, alone);
        break;
      // A NOT VALID constraint validated (a comparison's start has it so): in a step of its own, so that
      // no lock another step takes is held while it checks the rows.
      case "validateConstraint":
        alone(op, `validate constraint ${op.name} on ${objectLabel(op.table)}`, true);
        break;
      case "alterEnum":
        if (addsLabelsInPlace(op)) alone(op, `add labels to enum ${objectLabel(op.enum)}`, false);
        else inTransaction(op);
        break;
      default:
        inTransaction(op);
    }
  }
  return drafts.map((d) => ({
    name: d.name ?? transactionName(d.operations),
    transactional: d.transactional,
    operations: d.operations,
  }));
}

/** A table renamed or moved keeps its membership of each set under its new name. */
function followRename(from: TableRef, to: TableRef, sets: readonly Set<string>[]): void {
  for (const set of sets) if (set.has(qualifiedName(from.schema, from.name))) set.add(qualifiedName(to.schema, to.name));
}

type InTransaction = (op: Operation) => void;
type Alone = (op: Operation, name: string, transactional: boolean) => void;

function addConstraintSafely(op: AddConstraintOp, inTransaction: InTransaction, alone: Alone): void {
  const c = op.constraint;
  const label = `${c.name} on ${objectLabel(op.table)}`;
  if (c.type === "foreignKey" || c.type === "check") {
    inTransaction({ ...op, notValid: true });
    // A constraint the target itself holds NOT VALID stays so: nothing to validate.
    if (isNotValidInModel(c)) return;
    alone({ kind: "validateConstraint", table: op.table, name: c.name }, `validate constraint ${label}`, true);
    return;
  }
  if (c.type === "unique" || c.type === "primaryKey") {
    const index = {
      name: c.name,
      unique: true,
      method: "btree",
      keys: c.columns.map((column) => ({
        expression: quoteIdentAsPostgres(column),
        descending: false,
        nullsFirst: false,
        opclass: null,
        collation: null,
      })),
      include: (c.include ?? []).map(quoteIdentAsPostgres),
      where: null,
      // The constraint added USING INDEX takes the index's: a unique key's NULLS NOT DISTINCT is the index's.
      nullsNotDistinct: c.type === "unique" && c.nullsNotDistinct === true,
      // Where the key's index would have gone (its USING INDEX TABLESPACE).
      ...(c.tablespace !== undefined && { tablespace: c.tablespace }),
      // And with its index's storage parameters (its WITH (...)).
      ...(c.storageParameters !== undefined && { storageParameters: c.storageParameters }),
    };
    alone({ kind: "createIndex", table: op.table, index, concurrently: true }, `build unique index ${label} concurrently`, false);
    inTransaction({ ...op, usingIndex: c.name });
    return;
  }
  // An exclusion constraint has no concurrent form: `autogen lint` reports it.
  inTransaction(op);
}

/** A NOT NULL on an existing column goes through a validated check; the other changes stay in place. */
function alterColumnSafely(op: AlterColumnOp, batchPages: number, inTransaction: InTransaction, alone: Alone): void {
  const changes = effectiveChanges(op);
  const plain =
    changes.nullable !== false || changes.identity !== undefined || changes.generated !== undefined || changes.virtual !== undefined;
  if (plain || op.existing === undefined) {
    inTransaction(op);
    return;
  }
  const { nullable: _nullable, ...rest } = op.changes;
  const restChanges: ColumnChanges = rest;
  let existing = op.existing;
  if (Object.keys(restChanges).length > 0) {
    inTransaction({ ...op, changes: restChanges });
    existing = applyColumnChanges(existing, restChanges);
  }
  const column = columnLabel(op.table, op.column);
  const backfill = existing.default !== null;
  if (backfill) {
    alone(
      { kind: "backfillColumn", table: op.table, column: op.column, value: "DEFAULT", batchPages },
      `fill NULLs of ${column} with its default, in batches`,
      false,
    );
  }
  const check: CheckDef = {
    type: "check",
    name: notNullCheckName(op.table, op.column),
    definition: `CHECK (${quoteIdent(op.column)} IS NOT NULL)`,
  };
  inTransaction({ kind: "addConstraint", table: op.table, constraint: check, notValid: true });
  alone({ kind: "validateConstraint", table: op.table, name: check.name }, `validate that ${column} holds no NULL`, true);
  // The backfill and the validated check leave no NULL: the plain form's UPDATE of the NULL rows to the
  // default would only scan the whole table again, under the lock, and find nothing.
  const setNotNull: AlterColumnOp = { kind: "alterColumn", table: op.table, column: op.column, changes: { nullable: false }, existing };
  inTransaction(backfill ? { ...setNotNull, fillNulls: false } : setNotNull);
  inTransaction({ kind: "dropConstraint", table: op.table, name: check.name, existing: check });
}

/**
 * The temporary check's name: `<table>_<column>_nn_autogen`. The names PostgreSQL gives constraints
 * end in a label (`_check`, `_key`, `_fkey`, `_pkey`, `_excl`, and `_not_null` for the NOT NULL
 * constraints of 18), maybe numbered; none ends in `_autogen`. So the check never takes the name of a
 * constraint PostgreSQL named, nor the one 18 gives the NOT NULL that `SET NOT NULL` makes while the
 * check is there (`<table>_<column>_not_null`, which it would otherwise have numbered `..._not_null1`).
 * Past 63 bytes the table and column names are cut, and 8 hex digits of a hash of both keep the name
 * one of its own among the table's columns.
 */
export function notNullCheckName(table: TableRef, column: string): string {
  const suffix = "_nn_autogen";
  const name = `${table.name}_${column}`;
  if (identifierBytes(name + suffix) <= MAX_IDENTIFIER_BYTES) return name + suffix;
  const hash = createHash("sha256").update(`${table.name}\u0000${column}`).digest("hex").slice(0, 8);
  return suffixedIdentifier(name, `_${hash}${suffix}`);
}

/**
 * The verb of a step named after its first operation: the first word of the op's kind (`createIndex`:
 * create, `setComment`: set, `attachPartition`: attach), except where that word alone would mislead.
 */
const VERBS: Partial<Record<Operation["kind"], string>> = {
  execute: "run",
  addInheritance: "add inheritance of",
  dropInheritance: "drop inheritance of",
  setTriggerEnabled: "set enabled state of",
  // Not "drop table": the table stays, only the publication no longer sends its changes.
  dropPublicationTable: "remove",
  resetPrivileges: "restore",
};

function verb(kind: Operation["kind"]): string {
  return VERBS[kind] ?? kind.replace(/[A-Z].*$/, "");
}

/** `add column notes.rank and 2 more changes`: a step's name, deterministic (a rerun matches steps by name). */
function transactionName(operations: readonly Operation[]): string {
  const first = operations[0];
  if (first === undefined) return "no changes";
  const more = operations.length - 1;
  const extra = more === 0 ? "" : ` and ${more} more change${more === 1 ? "" : "s"}`;
  return `${verb(first.kind)} ${describeTarget(first)}${extra}`;
}
