import { each, type LintRule } from "../rule";
import { inTransactionWhy, outOfTransaction } from "./require-concurrent-index-creation";

export const requireConcurrentIndexDeletion: LintRule = {
  id: "require-concurrent-index-deletion",
  description: "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table: reads and writes wait.",
  defaultLevel: "warn",
  sizeSensitive: false,
  check: (ctx) =>
    each(ctx, "dropIndex")
      .filter(({ action, at }) => {
        // An index created earlier in this migration (on a new table or not) is unknown to everyone else.
        const createdHere = ctx.actions.slice(0, at).some((a) => a.action.kind === "createIndex" && a.action.name === action.name && ctx.isNew(a.action.table, at));
        return !createdHere;
      })
      .flatMap(({ action, at, located }) => {
        if (!action.concurrently) {
          return [{
            at,
            why: `DROP INDEX ${action.name} locks its table ACCESS EXCLUSIVE: every query on it queues behind the drop (and behind whatever the drop waits for).`,
            safeForm: `drop it concurrently, in a step outside the transaction: await op.step("drop ${action.name}", { transaction: false }, async () => { await op.dropIndex(..., { concurrently: true }); })`,
          }];
        }
        if (located.transactional) {
          return [{
            at,
            why: `DROP INDEX CONCURRENTLY ${action.name} cannot run inside a transaction block${inTransactionWhy(action)}.`,
            safeForm: `${outOfTransaction(action, "DROP INDEX CONCURRENTLY IF EXISTS")} in a step with { transaction: false }.`,
            level: "error" as const,
          }];
        }
        return [];
      }),
};
