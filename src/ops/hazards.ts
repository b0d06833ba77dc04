/**
 * The markers of a migration, honest ones: `destructive` where data can be lost (`destructive.ts`), and
 * `mayFail` where a statement can fail on the rows a table holds (the migration then stops and, in its
 * transaction, changes nothing). A table the same migration created earlier holds no rows yet, so what
 * would fail on rows is not marked there. Used for the `// DESTRUCTIVE:` and `// WARNING:` lines of the
 * generated file (upgrade and downgrade) and the warnings on the terminal.
 */
import { isNotValidInModel } from "./not-valid";
import type { ColumnDef, ConstraintDef, TableRef } from "../model/schema-model";
import { qualifiedName } from "../model/names";
import { backfillsNulls, effectiveChanges } from "./column-changes";
import { columnLabel, objectLabel } from "./describe";
import { destructiveReason, hasOwnUsing } from "./destructive";
import { removedLabels } from "./enum-change";
import { sequenceDefaults } from "./sequence-defaults";
import { dispatch, movedTable, type ColumnChanges, type Operation, type OperationTable } from "./operation";
import { typeChangeRisk } from "./type-widening";

export type HazardLevel = "destructive" | "mayFail";

export interface Hazard {
  readonly level: HazardLevel;
  readonly reason: string;
}

/** What an operation's hazards depend on beyond itself. */
export interface HazardContext {
  /** False for a table that holds no rows yet (created earlier in the same migration). */
  readonly tableMayHoldRows: (table: TableRef) => boolean;
}

/** Without knowing the migration: every table may hold rows. */
export const ANY_TABLE_MAY_HOLD_ROWS: HazardContext = { tableMayHoldRows: () => true };

const none = (): string[] => [];

/** Why each kind of operation can fail on existing rows, in `context`. */
const failures = (context: HazardContext): OperationTable<string[]> => ({
  createSchema: none,
  dropSchema: none,
  createExtension: none,
  dropExtension: none,
  alterExtension: none,
  moveExtension: none,
  createEnum: none,
  dropEnum: none,
  alterEnum: (op) => {
    const removed = removedLabels(op.from, op.to).filter((label) => op.valueMap?.[label] === undefined);
    if (removed.length === 0) return [];
    const labels = removed.map((l) => `'${l}'`).join(", ");
    const it = removed.length === 1 ? "it" : "them";
    return [`removes ${removed.length === 1 ? "label" : "labels"} ${labels} from enum ${objectLabel(op.enum)}; rows that hold ${it} make the migration fail`];
  },
  renameEnum: none,
  moveEnum: none,
  createSequence: none,
  dropSequence: none,
  alterSequence: (op) =>
    narrowsRange(op.from, op.to) ? [sequenceRangeFailure(`sequence ${objectLabel(op.from)}`, op.to)] : [],
  createTable: none,
  dropTable: none,
  setTableComment: none,
  renameTable: none,
  moveTable: none,
  addColumn: (op) => {
    const c = op.column;
    if (c.nullable || c.default !== null || c.identity !== null || c.generated !== null) return [];
    if (!context.tableMayHoldRows(op.table)) return [];
    return [
      `adds column ${columnLabel(op.table, c.name)} NOT NULL with no default, which fails if table ${objectLabel(op.table)} has rows`,
    ];
  },
  dropColumn: none,
  alterColumn: (op) => {
    if (!context.tableMayHoldRows(op.table)) return [];
    const changes = effectiveChanges(op);
    const column = columnLabel(op.table, op.column);
    const reasons: string[] = [];
    const from = op.existing?.type;
    if (changes.type !== undefined && from !== undefined && !hasOwnUsing(op, from, changes.type)) {
      if (typeChangeRisk(from, changes.type) === "fails") {
        reasons.push(
          `changes the type of column ${column} from ${from} to ${changes.type}, which fails if a value does not fit (the migration stops; nothing is lost)`,
        );
      }
    }
    const identityRange = narrowedIdentityRange(op.existing, changes);
    if (identityRange !== null) {
      const kind = op.existing?.identity?.kind === "serial" ? "serial" : "identity";
      reasons.push(sequenceRangeFailure(`the ${kind} sequence of column ${column}`, identityRange));
    }
    if (changes.nullable === false && !backfillsNulls(op, changes)) {
      reasons.push(`makes column ${column} NOT NULL, which fails if any row holds NULL`);
    }
    return reasons;
  },
  renameColumn: none,
  renameIndex: none,
  alterIndexStorage: none,
  alterIndexStatistics: none,
  renameConstraint: none,
  // Added NOT VALID, a foreign key or check checks no existing row (validateConstraint does, later).
  addConstraint: (op) =>
    context.tableMayHoldRows(op.table) && op.notValid !== true && !isNotValidInModel(op.constraint) ? constraintFailure(op.table, op.constraint) : [],
  dropConstraint: none,
  createIndex: (op) =>
    op.index.unique && context.tableMayHoldRows(op.table)
      ? [`creates unique index ${op.index.name} on ${objectLabel(op.table)}, which fails if existing rows hold duplicates`]
      : [],
  dropIndex: none,
  createPartitionedIndex: (op) =>
    op.index.unique && context.tableMayHoldRows(op.table)
      ? [`creates unique index ${op.index.name} on ${objectLabel(op.table)}, which fails if existing rows hold duplicates`]
      : [],
  createView: none,
  dropView: none,
  execute: none,
  createDomain: none,
  dropDomain: none,
  alterDomain: (op) => {
    const added = op.to.checks.filter((c) => !op.from.checks.some((f) => f.name === c.name && f.definition === c.definition));
    const what = [
      ...(op.to.notNull && !op.from.notNull ? ["NOT NULL"] : []),
      ...added.filter((c) => !/\bNOT VALID$/.test(c.definition)).map((c) => `check ${c.name}`),
    ];
    const recast =
      (op.usages ?? []).length > 0 && typeChangeRisk(op.from.type, op.to.type) === "fails"
        ? [`changes the base type of domain ${objectLabel(op.from)} from ${op.from.type} to ${op.to.type} and re-casts its columns, which fails if a value does not fit (the migration stops; nothing is lost)`]
        : [];
    return what.length === 0
      ? recast
      : [`adds ${what.join(", ")} to domain ${objectLabel(op.from)}, which fails if a stored value breaks it`, ...recast];
  },
  createCompositeType: none,
  dropCompositeType: none,
  alterCompositeType: none,
  createRangeType: none,
  dropRangeType: none,
  alterRangeType: none,
  attachPartition: (op) =>
    context.tableMayHoldRows(op.table)
      ? [`attaches ${objectLabel(op.table)} to ${objectLabel(op.parent)} ${op.bound}, which fails if a row is outside that bound`]
      : [],
  detachPartition: none,
  addInheritance: none,
  dropInheritance: none,
  alterTableStorage: none,
  alterReplicaIdentity: none,
  alterClusterOn: none,
  alterTableOf: none,
  createFunction: none,
  dropFunction: none,
  replaceFunction: none,
  createTrigger: none,
  dropTrigger: none,
  setTriggerEnabled: none,
  createRule: none,
  dropRule: none,
  createStatistics: none,
  dropStatistics: none,
  createPolicy: none,
  dropPolicy: none,
  setRowSecurity: none,
  setPrivileges: none,
  setDefaultPrivileges: none,
  setComment: none,
  createCollation: none,
  dropCollation: none,
  createPublication: none,
  dropPublication: none,
  alterPublication: none,
  addPublicationTable: none,
  dropPublicationTable: none,
  keepOwner: none,
  resetPrivileges: none,
  // Fails if a row breaks the constraint added NOT VALID before; the constraint then stays NOT VALID.
  validateConstraint: (op) =>
    context.tableMayHoldRows(op.table)
      ? [`validates constraint ${op.name} on ${objectLabel(op.table)}, which fails if an existing row breaks it`]
      : [],
  // No row is checked: the constraint comes back NOT VALID.
  invalidateConstraint: none,
  backfillColumn: none,
});

/** A sequence's bounds, as decimal strings (bigint ones do not fit a JS number). */
interface SequenceRange {
  readonly minValue: string;
  readonly maxValue: string;
}

/**
 * Whether `to` leaves out values `from` allows: PostgreSQL then refuses the ALTER where the sequence's
 * current value (data, not compared) is outside the new bounds, as it is once a table used the old ones.
 */
function narrowsRange(from: SequenceRange, to: SequenceRange): boolean {
  return BigInt(to.minValue) > BigInt(from.minValue) || BigInt(to.maxValue) < BigInt(from.maxValue);
}

function sequenceRangeFailure(what: string, to: SequenceRange): string {
  return `narrows ${what} to MINVALUE ${to.minValue} MAXVALUE ${to.maxValue}, which fails if its current value is outside them (the migration stops; nothing is lost)`;
}

/**
 * The new bounds of an identity column (or a serial column, whose sequence is altered in place) whose
 * options (or type) narrow them, else null. Options left out take PostgreSQL's defaults for the column's
 * type and the direction of the increment.
 */
function narrowedIdentityRange(existing: ColumnDef | undefined, changes: ColumnChanges): SequenceRange | null {
  if (existing === undefined) return null;
  const from = existing.identity;
  const to = changes.identity;
  if (from === null || to === undefined || to === null || from.kind !== to.kind) return null;
  const before = sequenceDefaults({ dataType: existing.type, ...from.options });
  const after = sequenceDefaults({ dataType: changes.type ?? existing.type, ...to.options });
  return narrowsRange(before, after) ? after : null;
}

function constraintFailure(table: TableRef, constraint: ConstraintDef): string[] {
  const on = `on ${objectLabel(table)}`;
  switch (constraint.type) {
    case "primaryKey":
      return [`adds primary key ${constraint.name} ${on} (${constraint.columns.join(", ")}), which fails if existing rows hold duplicates or NULL`];
    case "unique":
      return [`adds unique constraint ${constraint.name} ${on} (${constraint.columns.join(", ")}), which fails if existing rows hold duplicates`];
    case "check":
      return [`adds check constraint ${constraint.name} ${on}, which fails if an existing row breaks ${constraint.definition}`];
    case "foreignKey":
      return [
        `adds foreign key ${constraint.name} ${on} (${constraint.columns.join(", ")}), which fails if an existing row refers to a missing row of ${objectLabel(constraint.referencedTable)}`,
      ];
    case "exclusion":
      return [`adds exclusion constraint ${constraint.name} ${on}, which fails if existing rows conflict`];
  }
}

/**
 * The hazards of one operation: what can lose data first, then what can fail on existing rows.
 * @example operationHazards({ kind: "dropColumn", table: { schema: "public", name: "memories" }, column: "c" })
 *   // => [{ level: "destructive", reason: "drops column memories.c and its data" }]
 */
export function operationHazards(op: Operation, context: HazardContext = ANY_TABLE_MAY_HOLD_ROWS): Hazard[] {
  const destructive = destructiveReason(op);
  return [
    ...(destructive === null ? [] : [{ level: "destructive" as const, reason: destructive }]),
    ...dispatch(failures(context), op).map((reason) => ({ level: "mayFail" as const, reason })),
  ];
}

/**
 * The hazards of each operation of a migration (an upgrade or a downgrade, in the order they run),
 * knowing the tables it creates before an operation touches them.
 */
export function migrationHazards(ops: readonly Operation[]): Hazard[][] {
  const created = new Set<string>();
  const context: HazardContext = { tableMayHoldRows: (table) => !created.has(qualifiedName(table.schema, table.name)) };
  return ops.map((op) => {
    const hazards = operationHazards(op, context);
    if (op.kind === "createTable") created.add(qualifiedName(op.table.schema, op.table.name));
    if (op.kind === "renameTable" && created.has(qualifiedName(op.table.schema, op.table.name))) {
      created.add(qualifiedName(op.table.schema, op.to));
    }
    if (op.kind === "moveTable" && created.has(qualifiedName(op.table.schema, op.table.name))) {
      const moved = movedTable(op);
      created.add(qualifiedName(moved.schema, moved.name));
    }
    if (op.kind === "dropTable") created.delete(qualifiedName(op.table.schema, op.table.name));
    return hazards;
  });
}
