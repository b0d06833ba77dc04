/**
 * A column as it appears in `CREATE TABLE (...)` and `ALTER TABLE ... ADD COLUMN`, and the comment
 * statement that goes with it. Types, defaults and generation expressions are inserted verbatim: they are
 * Postgres's own printing (see SchemaModel).
 */
import type { ColumnDef, StorageMode, TableRef } from "../model/schema-model";
import type { ColumnStorageSettings, Operation } from "../ops/operation";
import { statement, type CompiledStatement } from "./compiled-statement";
import { parenthesize } from "./expression";
import { quoteColumnRef, quoteIdent, quoteLiteral, quoteTable } from "./quote";
import { serialPseudoType } from "../ops/serial-sequence";
import { UncompilableOperationError } from "./uncompilable-operation-error";
import { asIdentityClause } from "./identity-options";
import { parameterList } from "./compile-partitions";

/**
 * `"name" type [COLLATE c] [GENERATED ...] [NOT NULL] [DEFAULT ...]`.
 * @example columnDefinition(op, table, { name: "id", type: "integer", identity: { kind: "serial" }, ... })
 *   // => "id" serial NOT NULL
 */
export function columnDefinition(op: Operation, table: TableRef, column: ColumnDef): string {
  const parts = [quoteIdent(column.name), columnType(op, table, column)];
  if (column.collation !== null) parts.push(`COLLATE ${column.collation}`);
  if (column.generated !== null)
    parts.push(`GENERATED ALWAYS AS ${parenthesize(column.generated)} ${column.virtual === true ? "VIRTUAL" : "STORED"}`);
  if (column.identity?.kind === "identity") parts.push(`GENERATED ${column.identity.generation}${asIdentityClause(table, column.identity)}`);
  if (!column.nullable) parts.push("NOT NULL");
  if (column.default !== null && column.identity?.kind !== "serial")
    parts.push(`DEFAULT ${column.default}`);
  return parts.join(" ");
}

/**
 * What gives a new column the physical settings it is to have (`ALTER COLUMN ... SET STORAGE | SET
 * COMPRESSION | SET STATISTICS | SET (...)` actions; none for one with the defaults). `CREATE TABLE` and
 * `ADD COLUMN` take compression but not storage (PostgreSQL 16+), so all four are set after, alike.
 */
export function columnSettingActions(op: Operation, table: TableRef, column: ColumnDef): string[] {
  const col = `ALTER COLUMN ${quoteIdent(column.name)}`;
  const actions = storageSettingActions(op, table, column.name, column);
  if (column.statisticsTarget !== undefined) actions.push(`${col} SET STATISTICS ${statisticsTarget(column.statisticsTarget)}`);
  if (column.attributeOptions !== undefined && column.attributeOptions.length > 0) {
    actions.push(`${col} SET (${parameterList(op, table, "column of table", column.attributeOptions)})`);
  }
  return actions;
}

/** `SET STORAGE` and `SET COMPRESSION` actions giving a column the storage and compression of `settings`. */
export function storageSettingActions(op: Operation, table: TableRef, column: string, settings: ColumnStorageSettings): string[] {
  const col = `ALTER COLUMN ${quoteIdent(column)}`;
  return [
    ...(settings.storage === undefined ? [] : [`${col} SET STORAGE ${storageMode(op, table, column, settings.storage.mode)}`]),
    ...(settings.compression === undefined ? [] : [`${col} SET COMPRESSION ${compressionMethod(op, table, column, settings.compression)}`]),
  ];
}

/**
 * `ALTER TABLE ONLY "s"."t" <actions>` of a table's column settings, or nothing. ONLY: a partition's or
 * inheritance child's settings are its own (compared with it), never what its parent's statement gives.
 */
export function columnSettingsStatement(table: TableRef, actions: readonly string[]): CompiledStatement[] {
  return actions.length === 0 ? [] : [statement(`ALTER TABLE ONLY ${quoteTable(table)} ${actions.join(", ")}`)];
}

const STORAGE_MODES: ReadonlySet<string> = new Set<StorageMode>(["PLAIN", "MAIN", "EXTERNAL", "EXTENDED"]);

/** A storage strategy as SQL: one of the four keywords, checked. */
export function storageMode(op: Operation, table: TableRef, column: string, mode: string): string {
  if (!STORAGE_MODES.has(mode)) {
    throw new UncompilableOperationError(
      op,
      `column ${quoteColumnRef(table, column)}`,
      `the storage ${JSON.stringify(mode)} is not one of PLAIN, MAIN, EXTERNAL, EXTENDED.`,
    );
  }
  return mode;
}

/** A compression method as SQL: a bare keyword (`pglz`, `lz4`), checked, or `DEFAULT`. */
export function compressionMethod(op: Operation, table: TableRef, column: string, method: string | null): string {
  if (method === null) return "DEFAULT";
  if (!/^[a-z][a-z0-9_]*$/.test(method)) {
    throw new UncompilableOperationError(op, `column ${quoteColumnRef(table, column)}`, `the compression method ${JSON.stringify(method)} is not a name.`);
  }
  return method;
}

/** A statistics target as SQL: a whole number, -1 for the default. */
export function statisticsTarget(target: number | null): string {
  return target === null ? "-1" : String(Math.trunc(target));
}

/** `COMMENT ON COLUMN "s"."t"."c" IS '...'` (or `IS NULL`). */
export function columnComment(
  table: TableRef,
  column: string,
  comment: string | null,
): CompiledStatement {
  return statement(
    `COMMENT ON COLUMN ${quoteColumnRef(table, column)} IS ${commentLiteral(comment)}`,
  );
}

/** `COMMENT ON TABLE "s"."t" IS '...'` (or `IS NULL`). */
export function tableComment(table: TableRef, comment: string | null): CompiledStatement {
  return statement(`COMMENT ON TABLE ${quoteTable(table)} IS ${commentLiteral(comment)}`);
}

function commentLiteral(comment: string | null): string {
  return comment === null ? "NULL" : quoteLiteral(comment);
}

/** The column's type, or its serial pseudo-type for a serial column. */
function columnType(op: Operation, table: TableRef, column: ColumnDef): string {
  if (column.identity?.kind !== "serial") return column.type;
  const serial = serialPseudoType(column.type);
  if (serial === null) {
    throw new UncompilableOperationError(
      op,
      `column ${quoteColumnRef(table, column.name)}`,
      `a serial column must be smallint, integer or bigint, not ${column.type}.`,
    );
  }
  return serial;
}
