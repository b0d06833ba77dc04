import type { LintAction, TableId } from "../actions";
import { each, label, type LintContext, type LintRule, type RuleHit } from "../rule";

/** Where a CONCURRENTLY statement runs: one in a DO block or a script is in a transaction whatever the step. */
type Placement = Pick<LintAction, "inScript" | "inDoBlock">;

/** Why a statement in a step without a transaction is in one all the same. */
export function inTransactionWhy(at: Placement): string {
  if (at.inDoBlock) return " (in a DO block it runs as a function's statement, inside the DO statement's transaction: Postgres refuses it there in any step)";
  return at.inScript ? " (with other statements in one op.execute string, it runs in the implicit transaction block Postgres wraps them in)" : "";
}

/** Where to move a CONCURRENTLY statement that runs in a transaction block. */
export function outOfTransaction(at: Placement, guarded: string): string {
  if (at.inDoBlock) return `run it outside the DO block, in an op.execute of its own (${guarded} replaces an existence guard),`;
  return at.inScript ? "run it in an op.execute of its own" : "run it";
}

export const requireConcurrentIndexCreation: LintRule = {
  id: "require-concurrent-index-creation",
  description: "CREATE INDEX without CONCURRENTLY on an existing table blocks writes while the index builds.",
  defaultLevel: "warn",
  sizeSensitive: true,
  check: (ctx) => [...plainOrConcurrent(ctx), ...partitionByPartition(ctx)],
};

/** `CREATE INDEX [CONCURRENTLY]`: plain on an existing table, or concurrent where Postgres refuses it. */
function plainOrConcurrent(ctx: LintContext): RuleHit[] {
  return each(ctx, "createIndex")
    .filter(({ action, at }) => !ctx.isNew(action.table, at))
    .flatMap(({ action, at, located }) => {
      const name = action.name ?? "(unnamed)";
      if (ctx.database?.partitioned(action.table)) return onPartitionedTable(action.table, name, action.concurrently, at);
      if (!action.concurrently) {
        return [{
          at,
          table: action.table,
          why: `CREATE INDEX ${name} takes a SHARE lock on ${label(action.table)}: inserts, updates and deletes wait until the whole index is built.`,
          safeForm: `build it concurrently, in a step outside the transaction: await op.step("build ${name}", { transaction: false }, async () => { await op.createIndex(..., { concurrently: true }); })`,
        }];
      }
      if (located.transactional) {
        // A sure failure, whatever the table's size: no `table`, so the row threshold does not silence it.
        return [{
          at,
          why: `CREATE INDEX CONCURRENTLY ${name} cannot run inside a transaction block: Postgres refuses it there${inTransactionWhy(action)}.`,
          safeForm: `${outOfTransaction(action, "CREATE INDEX CONCURRENTLY IF NOT EXISTS")} in a step with { transaction: false } (or a migration that calls op.noTransaction() first).`,
          level: "error" as const,
        }];
      }
      return [];
    });
}

/**
 * `op.createPartitionedIndex`: its partitions' builds are `CONCURRENTLY`, which Postgres refuses in a
 * transaction; on a table that is not partitioned, its `CREATE INDEX ... ON ONLY` is the whole build,
 * plain.
 */
function partitionByPartition(ctx: LintContext): RuleHit[] {
  return each(ctx, "createPartitionedIndex")
    .filter(({ action, at }) => !ctx.isNew(action.table, at))
    .flatMap(({ action, at, located }): RuleHit[] => {
      if (located.transactional) {
        return [{
          at,
          why: `op.createPartitionedIndex builds the index of each partition of ${label(action.table)} CONCURRENTLY, which cannot run inside a transaction block: Postgres refuses it there.`,
          safeForm: "run it in a step with { transaction: false } (or a migration that calls op.noTransaction() first).",
          level: "error",
        }];
      }
      if (ctx.database === null || ctx.database.partitioned(action.table)) return [];
      return [{
        at,
        table: action.table,
        why: `${label(action.table)} is not partitioned: op.createPartitionedIndex builds ${action.name} there in one CREATE INDEX ... ON ONLY, which takes a SHARE lock on it until the whole index is built.`,
        safeForm: `build it with op.createIndex(..., { concurrently: true }), in a step outside the transaction.`,
      }];
    });
}

/**
 * PostgreSQL builds no index concurrently on a partitioned table: it refuses `CONCURRENTLY` there. The
 * lock-safe way is `op.createPartitionedIndex`: the parent's index created `ON ONLY` it, each partition's
 * (those there are when it runs) built concurrently and attached.
 */
function onPartitionedTable(table: TableId, name: string, concurrently: boolean, at: number): RuleHit[] {
  const safeForm =
    `build it partition by partition, in a step outside the transaction: await op.step("build ${name}", { transaction: false }, async () => { ` +
    "await op.createPartitionedIndex(..., { ... }); }): CREATE INDEX ... ON ONLY the table (at once: it starts invalid), then the index " +
    "of each partition there is when it runs built CONCURRENTLY and attached; the index is valid once every partition's is attached.";
  if (concurrently) {
    // A sure failure, whatever the table's size: no `table`, so the row threshold does not silence it.
    return [{ at, why: `CREATE INDEX CONCURRENTLY ${name}: Postgres refuses CONCURRENTLY on the partitioned table ${label(table)}.`, safeForm, level: "error" }];
  }
  return [{
    at,
    table,
    why: `CREATE INDEX ${name} takes a SHARE lock on the partitioned table ${label(table)} and every partition: inserts, updates and deletes wait until the whole index is built.`,
    safeForm,
  }];
}
