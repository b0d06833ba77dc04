/** The lock-safe operations: `VALIDATE CONSTRAINT`, and a backfill in committed batches. */
import type { BackfillColumnOp, InvalidateConstraintOp, ValidateConstraintOp } from "../ops/lock-safe-operations";
import { isNotValidInModel } from "../ops/not-valid";
import { constraintClause } from "./compile-constraints";
import { nonTransactional, statement, type CompiledStatement } from "./compiled-statement";
import { quoteIdent, quoteLiteral, quoteTable, regclassLiteral } from "./quote";

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
 *
 * The rows may be in other tables than the one named: a partitioned table keeps them in its partitions
 * (its own size is 0) and an inheritance parent in its children too, whose pages its size does not count
 * (left unvisited, their NULLs would make the block pass over the table forever). So each table of the
 * inheritance tree that holds rows is filled on its own (`UPDATE ONLY`), a range of its own pages at a
 * time; `DEFAULT` is the named table's default, as in an UPDATE of the named table.
 * @example // backfillColumn("users", "status", { value: "DEFAULT" })
 * // DO $autogen_backfill$ ... EXECUTE format('UPDATE ONLY %s SET %I = %s WHERE ctid >= %L::tid ...', part, ...); COMMIT; ...
 */
export function compileBackfillColumn(op: BackfillColumnOp): CompiledStatement[] {
  const table = quoteTable(op.table);
  const column = quoteIdent(op.column);
  const pages = Math.max(1, Math.floor(op.batchPages));
  const body = [
    "DECLARE",
    "  part regclass;",
    `  fill text := ${fillExpression(op)};`,
    "  pages bigint;",
    "  lo bigint;",
    "BEGIN",
    `  IF fill IS NULL THEN RAISE EXCEPTION 'column %.% has no default to fill its NULLs with', ${quoteLiteral(quoteTable(op.table))}, ${quoteLiteral(column)}; END IF;`,
    "  LOOP",
    "    FOR part IN",
    `      WITH RECURSIVE tree(relid) AS (SELECT ${regclassLiteral(op.table)}::oid` +
      " UNION ALL SELECT i.inhrelid FROM pg_inherits i JOIN tree t ON i.inhparent = t.relid)",
    "      SELECT c.oid::regclass FROM tree t JOIN pg_class c ON c.oid = t.relid WHERE c.relkind = 'r'",
    "    LOOP",
    "      pages := pg_relation_size(part) / current_setting('block_size')::bigint;",
    "      lo := 0;",
    "      WHILE lo < pages LOOP",
    "        EXECUTE format('UPDATE ONLY %s SET %I = %s WHERE ctid >= %L::tid AND ctid < %L::tid AND %I IS NULL',",
    `          part, ${quoteLiteral(op.column)}, fill, format('(%s,0)', lo), format('(%s,0)', lo + ${pages}), ${quoteLiteral(op.column)});`,
    "        COMMIT;",
    `        lo := lo + ${pages};`,
    "      END LOOP;",
    "    END LOOP;",
    `    EXIT WHEN NOT EXISTS (SELECT 1 FROM ${table} WHERE ${column} IS NULL);`,
    "  END LOOP;",
    "END",
  ].join("\n");
  return [nonTransactional(`DO $autogen_backfill$\n${body}\n$autogen_backfill$`)];
}

/** The SQL text of the value, as the block reads it: the named table's default (NULL without one) for `DEFAULT`. */
function fillExpression(op: BackfillColumnOp): string {
  if (op.value.trim().toUpperCase() !== "DEFAULT") return quoteLiteral(op.value);
  return (
    "(SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum " +
    `WHERE d.adrelid = ${regclassLiteral(op.table)} AND a.attname = ${quoteLiteral(op.column)})`
  );
}
