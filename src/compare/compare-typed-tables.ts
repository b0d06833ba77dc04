/**
 * Typed tables (`CREATE TABLE ... OF type`): a table whose columns are a composite type's attributes.
 * PostgreSQL refuses to add, drop, rename or retype such a table's columns, and to change its type's
 * attributes without CASCADE; `NOT OF` makes it a plain table with the same columns and rows, and `OF`
 * ties a table to a type whose attributes its columns are, by name, type, collation and order.
 *
 * So a typed table whose columns or type change is made plain first and typed again once its columns are
 * final (the phases put the two ops there): its columns are then changed by the ordinary column
 * operations, with their casts and warnings, and the type by its own, whatever each side holds.
 */
import { tableRefEquals } from "../model/names";
import type { SchemaModel, TableDef } from "../model/schema-model";
import type { ChangeCollector } from "./collector";
import { TypedTableColumnOrderError } from "./compare-errors";
import type { RenamedFrom } from "./compare-tables";
import { displayName } from "./display";
import type { TableScope } from "./scope";
import { refOf } from "./table-versions";

/** Whether two versions of a table have the same columns: names, types and collations, in order. */
export function sameColumnShape(a: TableDef, b: TableDef): boolean {
  return (
    a.columns.length === b.columns.length &&
    a.columns.every((c, i) => {
      const d = b.columns[i]!;
      return c.name === d.name && c.type === d.type && c.collation === d.collation;
    })
  );
}

/** `NOT OF` / `OF` for the tables of both sides whose type or columns differ (see the file comment). */
export function compareTypedTables(renamed: RenamedFrom, to: SchemaModel, inScope: TableScope, sink: ChangeCollector): void {
  for (const [key, target] of Object.entries(to.tables)) {
    const current = renamed.model.tables[key];
    if (current === undefined || !inScope(target)) continue;
    const was = current.ofType;
    const will = target.ofType;
    if (was === undefined && will === undefined) continue;
    const kept = was !== undefined && will !== undefined && tableRefEquals(was, will);
    if (kept && sameColumnShape(current, target)) continue;
    if (will !== undefined) requireColumnOrder(current, target);
    const original = renamed.original(current) ?? current;
    if (was !== undefined) {
      sink.emit(
        { kind: "alterTableOf", table: refOf(original), from: refOf(was), to: null },
        kept
          ? `Detected changed columns of typed table '${displayName(target)}' (OF '${displayName(was)}'): made a plain table for the change and typed again after`
          : `Detected table '${displayName(target)}' no longer typed by '${displayName(was)}'`,
      );
    }
    if (will !== undefined) {
      sink.emit(
        { kind: "alterTableOf", table: refOf(target), from: null, to: refOf(will) },
        kept ? undefined : `Detected table '${displayName(target)}' typed by '${displayName(will)}'`,
      );
    }
  }
}

/**
 * Refuses, before any statement, a table to be typed whose columns would not be in the order of the type's
 * attributes after the migration: columns it keeps stay where they are and columns added go last, and
 * PostgreSQL has no statement that moves a column, while `OF` requires the type's order.
 */
function requireColumnOrder(current: TableDef, target: TableDef): void {
  const wanted = target.columns.map((c) => c.name);
  const kept = current.columns.map((c) => c.name).filter((name) => wanted.includes(name));
  const result = [...kept, ...wanted.filter((name) => !kept.includes(name))];
  if (result.some((name, i) => name !== wanted[i])) {
    throw new TypedTableColumnOrderError(displayName(target), displayName(target.ofType!), result, wanted);
  }
}
