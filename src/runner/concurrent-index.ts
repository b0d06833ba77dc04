/**
 * `CREATE INDEX CONCURRENTLY` that fails (a lock timeout, a duplicate key, a cancelled run) leaves an
 * INVALID index behind: it is not used by queries but is still maintained by every write, and its name
 * is taken, so running the statement again fails. Before such a statement the runner looks for the index:
 * - invalid: dropped (concurrently) and built again;
 * - valid, while resuming a step (the build finished but the step was not recorded): not built again;
 * and a `DROP INDEX CONCURRENTLY` that a resumed step already did is not run again.
 */
import type { Queryable } from "../db/database";
import { quoteQualified } from "../sql/quote";
import type { CompiledStatement } from "../sql/compiled-statement";
import { concurrentIndexOf, nonTransactional } from "../sql/compiled-statement";

export type IndexState = "missing" | "valid" | "invalid";

export async function indexState(db: Queryable, schema: string, name: string): Promise<IndexState> {
  const { rows } = await db.query<{ valid: boolean }>(
    "SELECT i.indisvalid AS valid FROM pg_index i WHERE i.indexrelid = to_regclass($1)",
    [quoteQualified({ schema, name })],
  );
  if (rows.length === 0) return "missing";
  return rows[0]!.valid ? "valid" : "invalid";
}

/** What to do before (or instead of) a concurrent index statement. */
export interface ConcurrentIndexPlan {
  /** Statements to run first (dropping an invalid index). */
  readonly before: readonly CompiledStatement[];
  /** False when the statement's work is already done. */
  readonly run: boolean;
  /** Why, for the log; null when nothing special happens. */
  readonly note: string | null;
}

export async function planConcurrentIndex(
  db: Queryable,
  statement: CompiledStatement,
  resuming: boolean,
): Promise<ConcurrentIndexPlan> {
  const target = concurrentIndexOf(statement);
  if (target === undefined) return { before: [], run: true, note: null };
  const state = await indexState(db, target.schema, target.name);
  const label = quoteQualified(target);
  if (target.action === "drop") {
    if (state === "missing" && resuming) return { before: [], run: false, note: `index ${label} is already dropped` };
    return { before: [], run: true, note: null };
  }
  if (state === "invalid") {
    return {
      before: [nonTransactional(`DROP INDEX CONCURRENTLY ${label}`)],
      run: true,
      note: `index ${label} is INVALID (left by a failed concurrent build): dropped and built again`,
    };
  }
  if (state === "valid" && resuming) return { before: [], run: false, note: `index ${label} is already built and valid` };
  return { before: [], run: true, note: null };
}
