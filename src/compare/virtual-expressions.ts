/**
 * PostgreSQL 18 sets a virtual generated column's new expression in place (`ALTER COLUMN ... SET
 * EXPRESSION`), but not in a table with CHECK constraints ("SET EXPRESSION is not supported for virtual
 * generated columns in tables with check constraints"): there the table's checks are dropped before and
 * added again after (so validated again against the new values, a scan of the table), unless the
 * migration drops or adds them anyway. A check the table has only from a parent is not in its model and
 * is left alone: PostgreSQL then refuses the migration, naming the column.
 */
import { tableKey } from "../model/names";
import type { SchemaModel, TableDef } from "../model/schema-model";
import type { ChangeCollector } from "./collector";
import type { RenamedFrom } from "./compare-tables";
import { displayName } from "./display";
import { recreateMembers } from "./retype-dependents";

/** Adds drop/add pairs for the checks of each table where a virtual column's expression is set in place. */
export function recreateChecksAroundVirtualExpressions(renamed: RenamedFrom, to: SchemaModel, sink: ChangeCollector): void {
  const tables = new Set<string>();
  for (const op of sink.operations) {
    const setsExpression =
      op.kind === "alterColumn" && op.existing?.virtual === true && typeof op.changes.generated === "string" && op.changes.virtual === undefined;
    if (setsExpression) tables.add(tableKey(op.table));
  }
  if (tables.size === 0) return;
  const toTables = new Map(Object.values(to.tables).map((t): [string, TableDef] => [tableKey(t), t]));
  for (const table of Object.values(renamed.model.tables)) {
    if (!tables.has(tableKey(table)) || table.checks.length === 0) continue;
    recreateMembers(
      table,
      renamed.original(table) ?? table,
      toTables.get(tableKey(table)),
      table.checks,
      [],
      (noun, name) =>
        `Detected ${noun} '${name}' on '${displayName(table)}', whose virtual generated column gets a new expression: ` +
        `dropped before and created again after (PostgreSQL 18 sets no virtual column's expression in a table with CHECK constraints)`,
      sink,
    );
  }
}
