/**
 * An index's statistics targets across a retype. PostgreSQL rebuilds every index that reads a column
 * `ALTER COLUMN ... TYPE` retypes (or an enum or domain rebuild re-casts), and the rebuilt index has the
 * default statistics targets again: a DBA's `ALTER INDEX ... ALTER COLUMN 2 SET STATISTICS 500` would be
 * lost without a word. So, on each table whose columns a migration retypes, each index with targets on
 * either side that the migration neither drops nor creates (a created one is given its targets with it)
 * has them taken back to the default before the retypes and set after, in place of any change of them the
 * comparison found: the downgrade, which runs the inverses backwards, then sets `from`'s again after its
 * own retypes (src/ops/phases.ts). Which columns an index expression reads is not in the model, so every
 * such index of the table counts; setting a target PostgreSQL kept costs one catalog update.
 */
import { tableKey } from "../model/names";
import type { IndexDef, SchemaModel, TableDef } from "../model/schema-model";
import type { ChangeCollector } from "./collector";
import type { RenamedFrom } from "./compare-tables";
import { emitIndexStatisticsChange } from "./compare-indexes";
import { displayName } from "./display";
import { retypesOf } from "./retype-dependents";
import { refOf } from "./table-versions";

/** Sets the statistics targets again around the retypes collected so far (see the file comment). */
export function keepIndexStatisticsAcrossRetypes(renamed: RenamedFrom, to: SchemaModel, sink: ChangeCollector): void {
  const retyped = retypesOf(sink).columns;
  if (retyped.size === 0) return;
  const toTables = new Map(Object.values(to.tables).map((t): [string, TableDef] => [tableKey(t), t]));
  for (const table of Object.values(renamed.model.tables)) {
    if (!retyped.has(tableKey(table))) continue;
    const original = renamed.original(table) ?? table;
    const target = toTables.get(tableKey(table));
    for (const index of table.indexes) keepTargets(table, original, target, index, sink);
  }
}

/**
 * Takes `index` of `table` (as `from` has it, after table renames) to the default before the retypes and
 * sets the targets `target` gives it after (`from`'s, on a table the comparison leaves out).
 */
function keepTargets(table: TableDef, original: TableDef, target: TableDef | undefined, index: IndexDef, sink: ChangeCollector): void {
  const touched = sink.operations.some(
    (op) =>
      (op.kind === "dropIndex" && tableKey(op.table) === tableKey(original) && op.name === index.name) ||
      (op.kind === "dropTable" && tableKey(op.table) === tableKey(original)),
  );
  if (touched) return;
  const renamedTo = sink.operations.find((op) => op.kind === "renameIndex" && tableKey(op.table) === tableKey(table) && op.from === index.name);
  const name = renamedTo?.kind === "renameIndex" ? renamedTo.to : index.name;
  const after = target === undefined ? index.statisticsTargets : target.indexes.find((i) => i.name === name)?.statisticsTargets;
  if (index.statisticsTargets === undefined && after === undefined) return;
  for (const op of [...sink.operations]) {
    if (op.kind === "alterIndexStatistics" && tableKey(op.table) === tableKey(table) && op.name === name) sink.replace(op, null);
  }
  const line =
    `Detected index '${name}' on '${displayName(table)}' with statistics targets, whose table's columns are retyped ` +
    "(PostgreSQL rebuilds the index and resets them): taken to the default before and set after";
  if (index.statisticsTargets !== undefined) emitIndexStatisticsChange(refOf(table), name, index.statisticsTargets, undefined, sink, line);
  if (after !== undefined) emitIndexStatisticsChange(refOf(table), name, undefined, after, sink, index.statisticsTargets === undefined ? line : null);
}
