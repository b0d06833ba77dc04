/** Typed operations -> lint facts: one exhaustive table keyed by op kind. */
import type { ColumnDef, TableRef } from "../model/schema-model";
import { effectiveChanges } from "../ops/column-changes";
import { addsLabelsInPlace, recastColumns } from "../ops/enum-change";
import { domainRecastColumns } from "../ops/domain-change";
import { isNotValidInModel } from "../ops/not-valid";
import { dispatch, type Operation, type OperationTable } from "../ops/operation";
import type { LintAction, TableId } from "./actions";
import { sqlActions, usingTextComputes } from "./sql-actions";

const none = (): LintAction[] => [];
const t = (ref: TableRef): TableId => ({ schema: ref.schema, name: ref.name });

/** The string literals of a Postgres-printed expression (`'pending'::character varying` -> pending). */
export function literalsOf(text: string | null | undefined): string[] {
  if (text === null || text === undefined) return [];
  return [...text.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replace(/''/g, "'"));
}

function literalAction(...texts: (string | null | undefined)[]): LintAction[] {
  const values = texts.flatMap(literalsOf);
  return values.length === 0 ? [] : [{ kind: "literals", values }];
}

/** `CHECK ((col IS NOT NULL))` / `col IS NOT NULL` -> col. */
export function notNullCheckColumn(definition: string): string | null {
  const m = /^\s*(?:CHECK\s*)?\(*\s*("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)\s+IS\s+NOT\s+NULL\s*\)*\s*$/i.exec(definition);
  if (m === null) return null;
  const name = m[1]!;
  return name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase();
}

function addColumnAction(table: TableRef, column: ColumnDef): LintAction[] {
  return [
    {
      kind: "addColumn",
      table: t(table),
      column: column.name,
      notNull: !column.nullable,
      default: column.default,
      generatesValues: column.identity !== null || column.generated !== null,
      storedGenerated: column.generated !== null && column.virtual !== true,
      identity: column.identity !== null,
    },
    ...literalAction(column.default),
  ];
}

const ACTIONS: OperationTable<LintAction[]> = {
  createSchema: none,
  dropSchema: none,
  createExtension: none,
  dropExtension: none,
  alterExtension: none,
  moveExtension: none,
  createEnum: none,
  dropEnum: none,
  alterEnum: (op) => {
    if (addsLabelsInPlace(op)) {
      const from = new Set(op.from);
      return op.to.filter((l) => !from.has(l)).map((label) => ({ kind: "addEnumValue", enum: t(op.enum), label }));
    }
    return recastColumns(op).map((u) => ({ kind: "rewrite", table: t(u.table), why: `enum ${op.enum.name} is rebuilt and column ${u.column} re-cast` }));
  },
  // Renaming a type rewrites nothing and locks no table; the table or column renamed with it is a fact of its own.
  renameEnum: none,
  moveEnum: none,
  createSequence: none,
  dropSequence: none,
  alterSequence: none,
  createTable: (op) => [
    { kind: "createTable", table: t(op.table) },
    ...literalAction(...op.table.columns.map((c) => c.default), ...op.table.checks.map((c) => c.definition)),
  ],
  dropTable: (op) => [{ kind: "dropTable", table: t(op.table) }],
  setTableComment: none,
  renameTable: (op) => [{ kind: "renameTable", table: t(op.table), to: op.to }],
  moveTable: (op) => [
    { kind: "moveTable", table: t(op.table), schema: op.schema },
    ...(op.to === undefined ? [] : [{ kind: "renameTable" as const, table: { schema: op.schema, name: op.table.name }, to: op.to }]),
  ],
  addColumn: (op) => addColumnAction(op.table, op.column),
  dropColumn: (op) => [{ kind: "dropColumn", table: t(op.table), column: op.column }],
  alterColumn: (op) => {
    const changes = effectiveChanges(op);
    const actions: LintAction[] = [];
    // A VIRTUAL column stores nothing: setting its expression or adding it again rewrites no rows.
    const virtualAfter = changes.virtual !== undefined ? changes.virtual === true : op.existing?.virtual === true;
    if (typeof changes.generated === "string" && !virtualAfter) {
      actions.push({ kind: "rewrite", table: t(op.table), why: `column ${op.column} is dropped and added again with a new generated expression` });
    } else if (changes.virtual === null && changes.generated !== null) {
      actions.push({ kind: "rewrite", table: t(op.table), why: `column ${op.column} is dropped and added again as a STORED generated column` });
    }
    if (changes.type !== undefined) {
      actions.push({
        kind: "alterType",
        table: t(op.table),
        column: op.column,
        from: op.existing?.type ?? null,
        to: changes.type,
        computed: op.using !== undefined && op.using !== null && usingTextComputes(op.using, op.column),
      });
    }
    if (changes.nullable === false) actions.push({ kind: "setNotNull", table: t(op.table), column: op.column });
    if (actions.length === 0) actions.push({ kind: "touchTable", table: t(op.table) });
    return [...actions, ...literalAction(changes.default ?? null)];
  },
  renameColumn: (op) => [{ kind: "renameColumn", table: t(op.table), from: op.from, to: op.to }],
  renameIndex: (op) => [{ kind: "touchTable", table: t(op.table) }],
  // Only the catalog: pages already written keep their layout.
  alterIndexStorage: (op) => [{ kind: "touchTable", table: t(op.table) }],
  alterIndexStatistics: (op) => [{ kind: "touchTable", table: t(op.table) }],
  renameConstraint: (op) => [{ kind: "touchTable", table: t(op.table) }],
  addConstraint: (op) => [
    {
      kind: "addConstraint",
      table: t(op.table),
      name: op.constraint.name,
      type: op.constraint.type,
      notValid: op.notValid === true || isNotValidInModel(op.constraint),
      usingIndex: op.usingIndex !== undefined,
      notNullOf: op.constraint.type === "check" ? notNullCheckColumn(op.constraint.definition) : null,
    },
    ...literalAction(op.constraint.type === "check" ? op.constraint.definition : null),
  ],
  dropConstraint: (op) => [{ kind: "dropConstraint", table: t(op.table), name: op.name }],
  createIndex: (op) => [{ kind: "createIndex", table: t(op.table), name: op.index.name, concurrently: op.concurrently === true }],
  dropIndex: (op) => [{ kind: "dropIndex", schema: op.table.schema, name: op.name, concurrently: op.concurrently === true }],
  createView: (op) => literalAction(op.view.definition),
  dropView: (op) => [{ kind: "dropView", view: { schema: op.view.schema, name: op.view.name } }],
  execute: (op) => sqlActions(op.sql),
  validateConstraint: (op) => [{ kind: "validateConstraint", table: t(op.table), name: op.name }],
  invalidateConstraint: (op) => [
    { kind: "dropConstraint", table: t(op.table), name: op.constraint.name },
    { kind: "addConstraint", table: t(op.table), name: op.constraint.name, type: op.constraint.type, notValid: true, usingIndex: false, notNullOf: null },
  ],
  backfillColumn: (op) => [{ kind: "touchTable", table: t(op.table) }],
  createPartitionedIndex: (op) => [{ kind: "createPartitionedIndex", table: t(op.table), name: op.index.name }],
  createDomain: (op) => literalAction(op.domain.default, ...op.domain.checks.map((c) => c.definition)),
  dropDomain: none,
  alterDomain: (op) => [
    ...literalAction(op.to.default, ...op.to.checks.map((c) => c.definition)),
    ...domainRecastColumns(op).map((u) => ({ kind: "rewrite" as const, table: t(u.table), why: `domain ${op.from.name} is rebuilt and column ${u.column} re-cast` })),
  ],
  createCompositeType: none,
  dropCompositeType: none,
  alterCompositeType: (op) =>
    (op.usages ?? []).map((u) => ({ kind: "rewrite" as const, table: t(u.table), why: `composite type ${op.from.name} is rebuilt and column ${u.column} re-cast` })),
  // A range type holds no rows, and one created again is one nothing uses.
  createRangeType: none,
  dropRangeType: none,
  alterRangeType: none,
  // ATTACH scans the partition's rows against the bound under a lock on both tables; DETACH (without
  // CONCURRENTLY) takes ACCESS EXCLUSIVE on the parent.
  attachPartition: (op) => [{ kind: "touchTable", table: t(op.parent) }, { kind: "touchTable", table: t(op.table) }, ...literalAction(op.bound)],
  detachPartition: (op) => [{ kind: "touchTable", table: t(op.parent) }, { kind: "touchTable", table: t(op.table) }],
  addInheritance: (op) => [{ kind: "touchTable", table: t(op.parent) }, { kind: "touchTable", table: t(op.table) }],
  dropInheritance: (op) => [{ kind: "touchTable", table: t(op.parent) }, { kind: "touchTable", table: t(op.table) }],
  // SET LOGGED / UNLOGGED writes the whole table again; storage parameters only touch the catalog.
  alterTableStorage: (op) =>
    op.from.unlogged !== op.to.unlogged
      ? [{ kind: "rewrite", table: t(op.table), why: `the table is set ${op.to.unlogged ? "UNLOGGED" : "LOGGED"}` }]
      : [{ kind: "touchTable", table: t(op.table) }],
  // Both only change the catalog, under a lock on the table.
  alterReplicaIdentity: (op) => [{ kind: "touchTable", table: t(op.table) }],
  alterClusterOn: (op) => [{ kind: "touchTable", table: t(op.table) }],
  // OF checks the columns against the type's attributes; NOT OF only changes the catalog.
  alterTableOf: (op) => [{ kind: "touchTable", table: t(op.table) }],
  createFunction: (op) => literalAction(op.function.definition),
  dropFunction: none,
  replaceFunction: (op) => literalAction(op.function.definition),
  createTrigger: (op) => [{ kind: "touchTable", table: { schema: op.trigger.schema, name: op.trigger.table } }],
  dropTrigger: (op) => [{ kind: "touchTable", table: { schema: op.trigger.schema, name: op.trigger.table } }],
  setTriggerEnabled: (op) => [{ kind: "touchTable", table: { schema: op.trigger.schema, name: op.trigger.table } }],
  createRule: (op) => [{ kind: "touchTable", table: { schema: op.rule.schema, name: op.rule.table } }],
  dropRule: (op) => [{ kind: "touchTable", table: { schema: op.rule.schema, name: op.rule.table } }],
  createStatistics: () => [],
  dropStatistics: () => [],
  createPolicy: (op) => [
    { kind: "touchTable", table: { schema: op.policy.schema, name: op.policy.table } },
    ...literalAction(op.policy.using, op.policy.withCheck),
  ],
  dropPolicy: (op) => [{ kind: "touchTable", table: { schema: op.policy.schema, name: op.policy.table } }],
  setRowSecurity: (op) => [{ kind: "touchTable", table: t(op.table) }],
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
};

/** The lint facts of one operation. */
export function operationActions(op: Operation): LintAction[] {
  return dispatch(ACTIONS, op);
}
