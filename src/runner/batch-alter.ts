/**
 * `op.batchAlterTable(table, (batch) => ...)`: the column and constraint changes to one table become ONE
 * `ALTER TABLE` with comma-separated actions, so the table is locked and (for type changes) rewritten
 * once instead of once per change.
 *
 * Each batched operation is compiled on its own, then its statements are sorted into three places:
 * - the `ALTER TABLE <table> <actions>` statement it needs goes into the combined statement;
 * - statements it needs before that (`CREATE SEQUENCE` for a new serial column, `DROP INDEX`) go before
 *   the combined statement, statements it needs after it (comments, `OWNED BY`, `setval`, `CREATE
 *   INDEX`) go after, each group in call order.
 * An operation that cannot be folded in (a rename, which PostgreSQL only accepts alone, or an alter that
 * needs several separate `ALTER TABLE`s on the table) closes the combined statement built so far, runs in
 * its place, and a new combined statement starts after it.
 */
import type { TableRef } from "../model/schema-model";
import type { Operation } from "../ops/operation";
import { compileOperation } from "../sql/compile";
import { statement, type CompiledStatement } from "../sql/compiled-statement";
import { quoteTable } from "../sql/quote";

/** One operation's statements sorted around the combined ALTER TABLE. */
interface Folded {
  readonly before: readonly CompiledStatement[];
  readonly actions: readonly string[];
  readonly after: readonly CompiledStatement[];
}

/**
 * The statements of a batch, in order.
 * @example // batch: addColumn("a" integer), alterColumn("b", { nullable: false }), createIndex(...)
 * // ALTER TABLE "public"."t" ADD COLUMN "a" integer, ALTER COLUMN "b" SET NOT NULL
 * // CREATE INDEX "t_a_idx" ON "public"."t" USING btree (a)
 */
export function compileBatch(
  table: TableRef,
  operations: readonly Operation[],
): CompiledStatement[] {
  const prefix = `ALTER TABLE ${quoteTable(table)} `;
  const out: CompiledStatement[] = [];
  let group: Folded[] = [];
  const flush = (): void => {
    out.push(...combine(prefix, group));
    group = [];
  };
  for (const operation of operations) {
    const statements = compileOperation(operation);
    const folded = fold(prefix, operation, statements);
    if (folded === null) {
      flush();
      out.push(...statements);
    } else group.push(folded);
  }
  flush();
  return out;
}

function combine(prefix: string, group: readonly Folded[]): CompiledStatement[] {
  const actions = group.flatMap((f) => f.actions);
  return [
    ...group.flatMap((f) => f.before),
    ...(actions.length > 0 ? [statement(prefix + actions.join(", "))] : []),
    ...group.flatMap((f) => f.after),
  ];
}

/** Sorts one operation's statements around the combined statement; null when it must run on its own. */
function fold(
  prefix: string,
  operation: Operation,
  statements: readonly CompiledStatement[],
): Folded | null {
  if (operation.kind === "dropIndex") return { before: statements, actions: [], after: [] };
  const alters = statements.filter((s) => isFoldable(prefix, s));
  const onTable = statements.filter((s) => s.sql.startsWith(prefix));
  if (alters.length === 0 && onTable.length === 0)
    return { before: [], actions: [], after: statements };
  if (alters.length !== 1 || onTable.length !== 1) return null;
  const at = statements.indexOf(alters[0]!);
  return {
    before: statements.slice(0, at),
    actions: [alters[0]!.sql.slice(prefix.length)],
    after: statements.slice(at + 1),
  };
}

/** An `ALTER TABLE` on the batch's table whose actions can share a statement with others. */
function isFoldable(prefix: string, s: CompiledStatement): boolean {
  if (!s.transactional || s.params !== undefined || !s.sql.startsWith(prefix)) return false;
  return !/^(RENAME|SET SCHEMA)\b/i.test(s.sql.slice(prefix.length));
}
