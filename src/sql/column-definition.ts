/**
 * A column as it appears in `CREATE TABLE (...)` and `ALTER TABLE ... ADD COLUMN`, and the comment
 * statement that goes with it. Types, defaults and generation expressions are inserted verbatim: they are
 * Postgres's own printing (see SchemaModel).
 */
import type { ColumnDef, TableRef } from "../model/schema-model";
import type { Operation } from "../ops/operation";
import { statement, type CompiledStatement } from "./compiled-statement";
import { parenthesize } from "./expression";
import { quoteColumnRef, quoteIdent, quoteLiteral, quoteTable } from "./quote";
import { serialPseudoType } from "../ops/serial-sequence";
import { UncompilableOperationError } from "./uncompilable-operation-error";
import { identityOptionsClause } from "./identity-options";

/**
 * `"name" type [COLLATE c] [GENERATED ...] [NOT NULL] [DEFAULT ...]`.
 * @example columnDefinition(op, table, { name: "id", type: "integer", identity: { kind: "serial" }, ... })
 *   // => "id" serial NOT NULL
 */
export function columnDefinition(op: Operation, table: TableRef, column: ColumnDef): string {
  const parts = [quoteIdent(column.name), columnType(op, table, column)];
  if (column.collation !== null) parts.push(`COLLATE ${column.collation}`);
  if (column.generated !== null)
    parts.push(`GENERATED ALWAYS AS ${parenthesize(column.generated)} STORED`);
  if (column.identity?.kind === "identity") {
    const options = identityOptionsClause(column.identity.options);
    parts.push(`GENERATED ${column.identity.generation} AS IDENTITY${options === null ? "" : ` (${options})`}`);
  }
  if (!column.nullable) parts.push("NOT NULL");
  if (column.default !== null && column.identity?.kind !== "serial")
    parts.push(`DEFAULT ${column.default}`);
  return parts.join(" ");
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
