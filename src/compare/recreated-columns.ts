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
 * Unless the comparison already drops (or adds) a member for another reason.
 */
import { tableKey } from "../model/names";
import type { SchemaModel, TableDef } from "../model/schema-model";
import { readdsColumn } from "../ops/column-changes";
import type { ChangeCollector } from "./collector";
import type { RenamedFrom } from "./compare-tables";
import { displayName } from "./display";
import { membersReading, recreateMembers } from "./retype-dependents";

/** The columns of each table (by key, names after renames) that the collected alterColumns drop and add again. */
export function readdedColumns(sink: ChangeCollector): Map<string, Set<string>> {
  const readded = new Map<string, Set<string>>();
  for (const op of sink.operations) {
    if (op.kind === "alterColumn" && readdsColumn(op)) {
      readded.set(
        tableKey(op.table),
        (readded.get(tableKey(op.table)) ?? new Set()).add(op.column),
      );
    }
  }
  return readded;
}

/** Adds drop/create pairs for the indexes and constraints of each column dropped and added again (see the file comment). */
export function recreateAroundReaddedColumns(
  renamed: RenamedFrom,
  to: SchemaModel,
  sink: ChangeCollector,
): void {
  const readded = readdedColumns(sink);
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
