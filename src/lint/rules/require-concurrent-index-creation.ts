import { each, label, type LintRule } from "../rule";

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
        if (!action.concurrently) {
          return [{
            at,
            table: action.table,
            why: `CREATE INDEX ${name} takes a SHARE lock on ${label(action.table)}: inserts, updates and deletes wait until the whole index is built.`,
            safeForm: `build it concurrently, in a step outside the transaction: await op.step("build ${name}", { transaction: false }, async () => { await op.createIndex(..., { concurrently: true }); })`,
          }];
        }
        if (located.transactional) {
          return [{
            at,
            table: action.table,
            why: `CREATE INDEX CONCURRENTLY ${name} cannot run inside a transaction block: Postgres refuses it there.`,
            safeForm: "run it in a step with { transaction: false } (or a migration that calls op.noTransaction() first).",
            level: "error" as const,
          }];
        }
        return [];
      }),
};
