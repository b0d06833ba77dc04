/**
 * Tables: renamed (through the resolver), created, dropped, and for tables on both sides their columns,
 * constraints, indexes and comment. Foreign keys and indexes of a created or dropped table are ops of their
 * own, so that the phase order can create every table before a foreign key points at it and drop every
 * foreign key before the table it points at.
 */
import { tableKey, tableRefEquals } from "../model/names";
import type { SchemaModel, TableDef, TableRef } from "../model/schema-model";
import type { KeptSequences } from "../ops/operation";
import type { ChangeCollector } from "./collector";
import { compareColumns } from "./compare-columns";
import { compareTableComment } from "./compare-comments";
import { compareConstraints, emitAddConstraint, emitDropConstraint } from "./compare-constraints";
import { compareIndexes, emitCreateIndex, emitDropIndex } from "./compare-indexes";
import type { RenameResolver } from "./compare-options";
import { differences, keyedBy } from "./differences";
import { renameEnumsWithTables } from "./enum-renames";
import { displayColumn, displayName } from "./display";
import { sameTable } from "./equality";
import { withColumnRenamed, withTableMoved, withTableRenamed } from "./rename-rewrite";
import { resolveColumnRenames, resolveTableRenames } from "./renames";
import type { TableScope } from "./scope";
import { refOf, type TableVersions } from "./table-versions";

/** `from` once this migration's renames have run, and the way back to each table's original version. */
export interface RenamedFrom {
  readonly model: SchemaModel;
  /** The original (pre-rename) version of a table of `model`. */
  original(table: TableRef): TableDef | undefined;
}

/**
 * Compares the tables in scope; returns `from` as it will be once the renames have run. `settle` gives
 * a paired table's target what it keeps of its current version (under its new names) where the
 * comparison does not manage it. `realign`, where tables are renamed, gives the renamed model what its
 * parents' changes make of its children, which could not be matched by name before (align-child-columns.ts).
 */
export function compareTables(
  from: SchemaModel,
  to: SchemaModel,
  inScope: TableScope,
  resolver: RenameResolver | undefined,
  sink: ChangeCollector,
  settle: (current: TableDef, target: TableDef) => TableDef = (_, target) => target,
  realign: (renamed: SchemaModel) => SchemaModel = (renamed) => renamed,
): RenamedFrom {
  const scoped = (model: SchemaModel) => keyedBy(Object.values(model.tables).filter(inScope), tableKey);
  const toTables = scoped(to);
  const diff = differences(scoped(from), toTables, sameTable);
  const tableRenames = resolveTableRenames(resolver, diff.added, diff.removed);

  const originals = new Map(Object.values(from.tables).map((t): [string, TableDef] => [tableKey(t), t]));
  let working = from;
  for (const { from: before, to: after } of tableRenames.renamed) {
    working = moveAndRename(working, before, after, sink);
    originals.delete(tableKey(before));
    originals.set(tableKey(after), before);
  }
  if (tableRenames.renamed.length > 0) working = realign(working);

  const created = new Set(tableRenames.created.map(tableKey));
  const onBothSides = [...toTables.values()].filter((table) => !created.has(tableKey(table)));
  const renamedTables = keyedBy(Object.values(working.tables), tableKey);
  for (const target of onBothSides) {
    const current = renamedTables.get(tableKey(target));
    if (current !== undefined && !sameColumnNames(current, target)) {
      working = renameColumns(working, current, target, resolver, sink);
    }
  }
  working = renameEnumsWithTables(working, from, onBothSides, (table) => originals.get(tableKey(table)), to, sink);

  const workingTables = keyedBy(Object.values(working.tables), tableKey);
  for (const dropped of tableRenames.deleted) {
    emitDropTable(dropped, sink);
    warnIgnoredReferences(dropped, [...workingTables.values()].filter((t) => !inScope(t)), sink);
  }
  tableRenames.created.forEach((table) => emitCreateTable(table, sink));
  // Pairs `differences` already found equal, unless a rename has replaced the `from` side since.
  const modified = new Set(diff.modified.map((m) => m.key));
  const fromTables = keyedBy(Object.values(from.tables), tableKey);
  for (const wanted of onBothSides) {
    const key = tableKey(wanted);
    const current = workingTables.get(key);
    const original = originals.get(key);
    if (current === undefined || original === undefined) continue;
    const target = settle(current, wanted);
    if (current === fromTables.get(key) && target === wanted ? !modified.has(key) : sameTable(current, target)) continue;
    const versions: TableVersions = { original, current, target };
    compareColumns(versions, sink);
    compareConstraints(versions, sink);
    compareIndexes(versions, sink);
    compareTableComment(versions, sink);
  }
  return { model: working, original: (table) => originals.get(tableKey(table)) };
}

/**
 * Emits a table's rename, or its move to another schema (renamed there too when its name changes);
 * returns `working` as it is once that has run.
 */
function moveAndRename(working: SchemaModel, before: TableDef, after: TableDef, sink: ChangeCollector): SchemaModel {
  const table = refOf(before);
  if (before.schema === after.schema) {
    sink.emit({ kind: "renameTable", table, to: after.name }, `Detected renamed table '${displayName(before)}' to '${displayName(after)}'`);
    return withTableRenamed(working, table, after.name);
  }
  const renamed = before.name !== after.name;
  sink.emit(
    { kind: "moveTable", table, schema: after.schema, ...(renamed && { to: after.name }) },
    `Detected table '${displayName(before)}' moved to ${renamed ? `'${displayName(after)}'` : `schema '${after.schema}'`}`,
  );
  const moved = withTableMoved(working, table, after.schema);
  return renamed ? withTableRenamed(moved, { schema: after.schema, name: before.name }, after.name) : moved;
}

/** Whether two tables have the same column names in the same order: then no column can be renamed. */
function sameColumnNames(a: TableDef, b: TableDef): boolean {
  return a.columns.length === b.columns.length && a.columns.every((column, i) => column.name === b.columns[i]!.name);
}

/** Resolves and applies the column renames of one table; `current` is its `from` version. */
function renameColumns(
  working: SchemaModel,
  current: TableDef,
  target: TableDef,
  resolver: RenameResolver | undefined,
  sink: ChangeCollector,
): SchemaModel {
  const diff = differences(keyedBy(current.columns, (c) => c.name), keyedBy(target.columns, (c) => c.name), () => true);
  const table = refOf(target);
  const renames = resolveColumnRenames(resolver, table, diff.added, diff.removed);
  let result = working;
  for (const { from: before, to: after } of renames.renamed) {
    sink.emit(
      { kind: "renameColumn", table, from: before.name, to: after.name },
      `Detected renamed column '${displayColumn(table, before.name)}' to '${displayColumn(table, after.name)}'`,
    );
    result = withColumnRenamed(result, table, before.name, after.name);
  }
  return result;
}

/**
 * `createTable` without foreign keys and indexes, then one op for each of them; `kept`, for a table created
 * again, the columns whose sequences go on from the dropped one's (see CreateTableOp).
 */
export function emitCreateTable(table: TableDef, sink: ChangeCollector, kept: KeptSequences = {}): void {
  const ref = refOf(table);
  sink.emit(
    { kind: "createTable", table: tableAlone(table), ...kept },
    `Detected added table '${displayName(table)}'`,
  );
  table.foreignKeys.forEach((fk) => emitAddConstraint(ref, fk, sink));
  table.indexes.forEach((index) => emitCreateIndex(ref, index, sink));
}

/**
 * The table without what gets ops of its own: foreign keys, indexes, and its REPLICA IDENTITY and CLUSTER
 * index (src/compare/table-identity.ts), which name indexes created after it.
 */
function tableAlone({ replicaIdentity: _r, clusterOn: _c, ...table }: TableDef): TableDef {
  return { ...table, foreignKeys: [], indexes: [] };
}

/**
 * `dropTable` carrying the table without foreign keys and indexes, which get ops of their own; `kept`, for
 * a table created again, the columns whose sequences the new one goes on from (see DropTableOp).
 */
export function emitDropTable(table: TableDef, sink: ChangeCollector, kept: KeptSequences = {}): void {
  const ref = refOf(table);
  sink.emit(
    { kind: "dropTable", table: ref, existing: tableAlone(table), ...kept },
    `Detected removed table '${displayName(table)}'`,
  );
  table.foreignKeys.forEach((fk) => emitDropConstraint(ref, fk, sink));
  table.indexes.forEach((index) => emitDropIndex(ref, index, sink));
}

/** A table left out of the comparison that references a dropped table makes the drop fail: say so. */
function warnIgnoredReferences(dropped: TableDef, ignored: readonly TableDef[], sink: ChangeCollector): void {
  for (const table of ignored) {
    for (const fk of table.foreignKeys.filter((f) => tableRefEquals(f.referencedTable, dropped))) {
      sink.note(
        `Warning: table '${displayName(table)}' is excluded from the comparison but its foreign key ` +
          `'${fk.name}' references the removed table '${displayName(dropped)}': dropping it will fail`,
      );
    }
  }
}
