/** Columns: add, drop, rename. `alterColumn` has its own file. */
import type { AddColumnOp, DropColumnOp, RenameColumnOp } from "../ops/operation";
import { columnComment, columnDefinition, columnSettingActions, columnSettingsStatement } from "./column-definition";
import { statement, type CompiledStatement } from "./compiled-statement";
import { nameSerialSequences, setSerialOptions } from "./owned-sequence";
import { quoteIdent, quoteTable } from "./quote";

/**
 * `ALTER TABLE "s"."t" ADD COLUMN <definition>`, then its serial sequence's name where a database had it
 * under another (nameSerialSequences) and its options (setSerialOptions), its physical settings and its comment.
 */
export function compileAddColumn(op: AddColumnOp): CompiledStatement[] {
  const statements = [
    statement(
      `ALTER TABLE ${quoteTable(op.table)} ADD COLUMN ${columnDefinition(op, op.table, op.column)}`,
    ),
    ...nameSerialSequences(op.table, [op.column]),
    ...setSerialOptions(op.table, [op.column], true),
    ...columnSettingsStatement(op.table, columnSettingActions(op, op.table, op.column)),
  ];
  if (op.column.comment !== null)
    statements.push(columnComment(op.table, op.column.name, op.column.comment));
  return statements;
}

/**
 * `ALTER TABLE "s"."t" DROP COLUMN "c"`: never CASCADE. With `only`, `ALTER TABLE ONLY`: inheritance
 * children keep the column as their own.
 */
export function compileDropColumn(op: DropColumnOp): CompiledStatement[] {
  const only = op.only === true ? "ONLY " : "";
  return [statement(`ALTER TABLE ${only}${quoteTable(op.table)} DROP COLUMN ${quoteIdent(op.column)}`)];
}

/** `ALTER TABLE "s"."t" RENAME COLUMN "a" TO "b"`. */
export function compileRenameColumn(op: RenameColumnOp): CompiledStatement[] {
  return [
    statement(
      `ALTER TABLE ${quoteTable(op.table)} RENAME COLUMN ${quoteIdent(op.from)} TO ${quoteIdent(op.to)}`,
    ),
  ];
}
