import type { TableId } from "../actions";
import { each, label, type LintRule, type RuleHit } from "../rule";

/** Why a statement in a step without a transaction is in one all the same. */
export const IN_SCRIPT = (inScript: boolean): string =>
  inScript ? " (with other statements in one op.execute string, it runs in the implicit transaction block Postgres wraps them in)" : "";

export const requireConcurrentIndexCreation: LintRule = {
  id: "require-concurrent-index-creation",
  description: "CREATE INDEX without CONCURRENTLY on an existing table blocks writes while the index builds.",
  defaultLevel: "warn",
  sizeSensitive: true,
  check: (ctx) =>
    each(ctx, "createIndex")
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
        if (located.transactional || action.inScript) {
          return [{
            at,
            table: action.table,
            why: `CREATE INDEX CONCURRENTLY ${name} cannot run inside a transaction block: Postgres refuses it there${IN_SCRIPT(action.inScript)}.`,
            safeForm: `run it${action.inScript ? " in an op.execute of its own" : ""} in a step with { transaction: false } (or a migration that calls op.noTransaction() first).`,
            level: "error" as const,
          }];
        }
        return [];
      }),
};

/**
 * PostgreSQL builds no index concurrently on a partitioned table: it refuses `CONCURRENTLY` there. The
 * lock-safe way is the parent's index created `ON ONLY` it, each partition's built concurrently and attached.
 */
function onPartitionedTable(table: TableId, name: string, concurrently: boolean, at: number): RuleHit[] {
  const safeForm =
    `create it on the partitioned table alone (CREATE INDEX ${name} ON ONLY ..., at once: it starts invalid), build the same index ` +
    "concurrently on each partition (in steps outside the transaction), then ALTER INDEX ... ATTACH PARTITION each one: the index " +
    "is valid once every partition's is attached.";
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
