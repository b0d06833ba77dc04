/**
 * A column that its alterColumn drops and adds again (`readdsColumn`: a stored generation expression
 * changed or added, which PostgreSQL 15 cannot set in place; a switch to or from VIRTUAL, which 18 cannot
 * make in place) loses what PostgreSQL drops with a column. The comparator puts it all back, in the same
 * migration, as the target has it (the derived downgrade inverts each op, so it puts back the start's):
 * - the indexes that name it (a key or INCLUDE column) or read it (an expression key or a predicate,
 *   `SchemaModel.memberReads`), the primary key and unique constraints naming it, the checks and
 *   exclusions reading it: dropped before and created again after (`membersReading`, `recreateMembers`);
 * - the foreign keys on it, and those of other tables referencing it (PostgreSQL refuses to drop a
 *   referenced column): src/compare/foreign-key-dependencies.ts counts it as a blocker;
 * - what hangs on it (its grants, a trigger `UPDATE OF` it, a policy or statistics object reading it):
 *   the migration events count it as dropped and created again (src/compare/migration-events.ts), and
 *   views reading it are created again (src/compare/compare-views.ts);
 * - its comment and its storage, compression, statistics target and options: the alterColumn's own
 *   statements (src/sql/compile-alter-column.ts).
 * The same goes for the partitions and inheritance children that have the column from it: PostgreSQL
 * drops theirs with it. Unless the comparison already drops (or adds) a member for another reason.
 */
import { tableKey } from "../model/names";
import type { SchemaModel, TableDef } from "../model/schema-model";
import { readdsColumn } from "../ops/column-changes";
import type { ChangeCollector } from "./collector";
import type { RenamedFrom } from "./compare-tables";
import { displayName } from "./display";
import { membersReading, recreateMembers } from "./retype-dependents";
import { TableHierarchy } from "./table-hierarchy";

/**
 * The columns of each table (by key, names after renames) that the collected ops drop and add again: in
 * one alterColumn (`readdsColumn`), or by a dropColumn and an addColumn (a generated column around a
 * retype, src/compare/retype-dependents.ts), whose own table's members the op that emits them handles.
 */
function readdedColumns(renamed: RenamedFrom, sink: ChangeCollector): Map<string, Set<string>> {
  const readded = new Map<string, Set<string>>();
  const add = (key: string, column: string) =>
    readded.set(key, (readded.get(key) ?? new Set()).add(column));
  const dropped = new Set<string>();
  for (const op of sink.operations) {
    if (op.kind === "alterColumn" && readdsColumn(op)) add(tableKey(op.table), op.column);
    if (op.kind === "dropColumn") dropped.add(`${tableKey(op.table)}.${JSON.stringify(op.column)}`);
  }
  for (const op of sink.operations) {
    if (op.kind !== "addColumn") continue;
    const original = renamed.original(op.table) ?? op.table;
    if (dropped.has(`${tableKey(original)}.${JSON.stringify(op.column.name)}`))
      add(tableKey(op.table), op.column.name);
  }
  return readded;
}

/** Adds drop/create pairs for the indexes and constraints of each column dropped and added again (see the file comment). */
export function recreateAroundReaddedColumns(
  renamed: RenamedFrom,
  to: SchemaModel,
  sink: ChangeCollector,
): void {
  const readded = withInheritors(readdedColumns(renamed, sink), renamed.model);
  if (readded.size === 0) return;
  const toTables = new Map(
    Object.values(to.tables).map((t): [string, TableDef] => [tableKey(t), t]),
  );
  for (const table of Object.values(renamed.model.tables)) {
    const columns = readded.get(tableKey(table));
    if (columns === undefined) continue;
    const original = renamed.original(table) ?? table;
    const { constraints, indexes } = membersReading(renamed.model, table, original, columns, sink);
    const list = [...columns].map((c) => `'${c}'`).join(", ");
    recreateMembers(
      table,
      original,
      toTables.get(tableKey(table)),
      constraints,
      indexes,
      (noun, name) =>
        `Detected ${noun} '${name}' on '${displayName(table)}' naming or reading ${list}, which this migration drops and adds ` +
        `again: dropped before and created again after`,
      sink,
    );
  }
}

/**
 * `readded` with the same column of the partitions and inheritance children (at any depth) of each table
 * that have it from their parent: dropping a parent's column drops theirs, and their own indexes and
 * constraints on it with it.
 */
function withInheritors(
  readded: ReadonlyMap<string, ReadonlySet<string>>,
  model: SchemaModel,
): Map<string, Set<string>> {
  const hierarchy = TableHierarchy.of(model);
  const result = new Map(
    [...readded].map(([key, columns]): [string, Set<string>] => [key, new Set(columns)]),
  );
  for (const table of Object.values(model.tables)) {
    for (const column of readded.get(tableKey(table)) ?? []) {
      for (const child of hierarchy.inheritorsOf(table, column)) {
        result.set(tableKey(child), (result.get(tableKey(child)) ?? new Set()).add(column));
      }
    }
  }
  return result;
}
