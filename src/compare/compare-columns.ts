/**
 * Columns of a table present on both sides: added, dropped, or altered in place with one `alterColumn`
 * carrying only the keys that changed. A type or length change is never a drop plus an add.
 */
import type { ColumnDef, TableDef, TableRef } from "../model/schema-model";
import type { AlterColumnOp, ColumnChanges } from "../ops/operation";
import type { ChangeCollector } from "./collector";
import { originalNamed, refOf, type TableVersions } from "./table-versions";
import { differences, keyedBy } from "./differences";
import { displayColumn, displayValue } from "./display";
import { deepEqual, sameColumn } from "./equality";
import { identityEquals } from "../ops/column-changes";
import { identityOptionsClause } from "../sql/identity-options";
import { usingCast } from "../ops/type-change";

type ChangeKey = keyof ColumnChanges & keyof ColumnDef;

/** The keys compared, in the order their log lines appear. */
const CHANGE_KEYS: readonly ChangeKey[] = [
  "type",
  "nullable",
  "default",
  "identity",
  "generated",
  "virtual",
  "collation",
  "comment",
  "storage",
  "compression",
  "statisticsTarget",
  "attributeOptions",
];

/**
 * What differs between two versions of a column: only the changed keys, with `to`'s values (null for a
 * physical setting `to` leaves at its default).
 */
export function columnChanges(from: ColumnDef, to: ColumnDef): ColumnChanges {
  const changes: Record<string, unknown> = {};
  for (const key of CHANGE_KEYS) {
    const same = key === "identity" ? identityEquals(from.identity, to.identity) : deepEqual(from[key] ?? null, to[key] ?? null);
    if (!same) changes[key] = to[key] ?? null;
  }
  return changes as ColumnChanges;
}

/** Compares the columns of a table present on both sides. */
export function compareColumns({ original, current, target }: TableVersions, sink: ChangeCollector): void {
  const table = refOf(target);
  const byName = (def: TableDef) => keyedBy(def.columns, (c) => c.name);
  const diff = differences(byName(current), byName(target), sameColumn);
  for (const column of diff.removed) {
    sink.emit(
      { kind: "dropColumn", table: refOf(original), column: column.name, existing: originalNamed(original.columns, column.name, column) },
      `Detected removed column '${displayColumn(original, column.name)}'`,
    );
  }
  for (const column of diff.added) {
    sink.emit({ kind: "addColumn", table, column }, addedColumnLine(table, column));
  }
  for (const { from: before, to: after } of diff.modified) {
    const changes = columnChanges(before, after);
    const using = changes.type === undefined ? null : usingCast(after.name, before.type, after.type);
    const op: AlterColumnOp = {
      kind: "alterColumn",
      table,
      column: after.name,
      changes,
      ...(using === null ? {} : { using }),
      existing: before,
    };
    const [first, ...rest] = changeLines(table, before, after, changes);
    sink.emit(op, first);
    rest.forEach((line) => sink.note(line));
  }
}

function addedColumnLine(table: TableRef, column: ColumnDef): string {
  const line = `Detected added column '${displayColumn(table, column.name)}'`;
  const fillsItself = column.default !== null || column.identity !== null || column.generated !== null;
  return column.nullable || fillsItself
    ? line
    : `${line} (NOT NULL without a default: this fails if the table has rows; add a default or backfill first)`;
}

function changeLines(table: TableRef, from: ColumnDef, to: ColumnDef, changes: ColumnChanges): string[] {
  const where = `'${displayColumn(table, to.name)}'`;
  const lines: string[] = [];
  const fromTo = (what: string, a: string | null, b: string | null): string =>
    `Detected ${what} change from ${displayValue(a)} to ${displayValue(b)} on ${where}`;
  if ("type" in changes) lines.push(fromTo("type", from.type, to.type));
  if ("nullable" in changes) lines.push(`Detected ${to.nullable ? "NULL" : "NOT NULL"} on column ${where}`);
  if ("default" in changes) lines.push(fromTo("default", from.default, to.default));
  if ("identity" in changes) lines.push(fromTo("identity", identityText(from), identityText(to)));
  if ("generated" in changes) lines.push(fromTo("generated expression", from.generated, to.generated));
  if ("virtual" in changes && from.generated !== null && to.generated !== null) {
    lines.push(
      `Detected generated column ${where} changing from ${generatedKind(from)} to ${generatedKind(to)}: PostgreSQL cannot ` +
        `change that in place, so it is dropped and added again (its values are computed again; it moves to the end of the table)`,
    );
  }
  if ("collation" in changes) lines.push(fromTo("collation", from.collation, to.collation));
  if ("comment" in changes) lines.push(fromTo("comment", from.comment, to.comment));
  // Physical settings: absent is the default, not "none".
  const setting = (what: string, a: string | undefined, b: string | undefined): string =>
    `Detected ${what} change from ${a === undefined ? "the default" : `'${a}'`} to ${b === undefined ? "the default" : `'${b}'`} on ${where}`;
  if ("storage" in changes) lines.push(setting("storage", from.storage?.mode, to.storage?.mode));
  if ("compression" in changes) lines.push(setting("compression", from.compression, to.compression));
  if ("statisticsTarget" in changes) {
    lines.push(setting("statistics target", from.statisticsTarget?.toString(), to.statisticsTarget?.toString()));
  }
  if ("attributeOptions" in changes) {
    lines.push(setting("attribute options", from.attributeOptions?.join(", "), to.attributeOptions?.join(", ")));
  }
  return lines;
}

function generatedKind(column: ColumnDef): string {
  return column.virtual === true ? "VIRTUAL" : "STORED";
}

function identityText(column: ColumnDef): string | null {
  if (column.identity === null) return null;
  if (column.identity.kind === "identity") return `GENERATED ${column.identity.generation} AS IDENTITY`;
  const options = identityOptionsClause(column.identity.options);
  return options === null ? "serial" : `serial (${options})`;
}

