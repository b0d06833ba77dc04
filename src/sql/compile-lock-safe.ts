/** The lock-safe operations: `VALIDATE CONSTRAINT`, and a backfill in committed batches. */
import type { BackfillColumnOp, InvalidateConstraintOp, ValidateConstraintOp } from "../ops/lock-safe-operations";
import { isNotValidInModel } from "../ops/not-valid";
import { constraintClause } from "./compile-constraints";
import { nonTransactional, statement, type CompiledStatement } from "./compiled-statement";
import { quoteIdent, quoteTable, regclassLiteral } from "./quote";

/** `ALTER TABLE "s"."t" VALIDATE CONSTRAINT "name"`. */
export function compileValidateConstraint(op: ValidateConstraintOp): CompiledStatement[] {
  return [statement(`ALTER TABLE ${quoteTable(op.table)} VALIDATE CONSTRAINT ${quoteIdent(op.name)}`)];
}

/**
 * `ALTER TABLE "s"."t" DROP CONSTRAINT "name", ADD CONSTRAINT "name" ... NOT VALID`: one statement, so the
 * table is never without the constraint.
 */
export function compileInvalidateConstraint(op: InvalidateConstraintOp): CompiledStatement[] {
  const clause = constraintClause(op.constraint, op, op.table);
  const notValid = isNotValidInModel(op.constraint) ? "" : " NOT VALID";
  return [
    statement(`ALTER TABLE ${quoteTable(op.table)} DROP CONSTRAINT ${quoteIdent(op.constraint.name)}, ADD ${clause}${notValid}`),
  ];
}

/**
 * A `DO` block that fills the NULLs of a column a range of pages at a time (a TID range scan), committing
 * after each range, and passes over the table again until no NULL is left. Transaction control inside
 * `DO` needs the block to run outside a transaction, so the statement is non-transactional.
 * @example // backfillColumn("users", "status", { value: "DEFAULT" })
 * // DO $autogen_backfill$ ... UPDATE "public"."users" SET "status" = DEFAULT WHERE ctid >= ... AND "status" IS NULL; COMMIT; ...
 */
export function compileBackfillColumn(op: BackfillColumnOp): CompiledStatement[] {
  const table = quoteTable(op.table);
  const column = quoteIdent(op.column);
  const pages = Math.max(1, Math.floor(op.batchPages));
  const body = [
    "DECLARE",
    "  pages bigint;",
    "  lo bigint;",
    "BEGIN",
    "  LOOP",
    `    pages := pg_relation_size(${regclassLiteral(op.table)}) / current_setting('block_size')::bigint;`,
    "    lo := 0;",
    "    WHILE lo < pages LOOP",
    `      UPDATE ${table} SET ${column} = ${op.value} WHERE ctid >= format('(%s,0)', lo)::tid` +
      ` AND ctid < format('(%s,0)', lo + ${pages})::tid AND ${column} IS NULL;`,
    "      COMMIT;",
    `      lo := lo + ${pages};`,
    "    END LOOP;",
    `    EXIT WHEN NOT EXISTS (SELECT 1 FROM ${table} WHERE ${column} IS NULL);`,
    "  END LOOP;",
    "END",
  ].join("\n");
  return [nonTransactional(`DO $autogen_backfill$\n${body}\n$autogen_backfill$`)];
}
