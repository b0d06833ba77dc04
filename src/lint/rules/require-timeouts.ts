import type { LocatedAction } from "../actions";
import type { LintContext, LintRule, RuleHit } from "../rule";

/** Actions that lock a table that existed before the migration. */
function firstLockOnExistingTable(ctx: LintContext): number {
  return ctx.actions.findIndex((located, at) => {
    const t = tableOf(located);
    return t !== null && !ctx.isNew(t, at);
  });
}

function tableOf(located: LocatedAction): { schema: string; name: string } | null {
  const a = located.action;
  switch (a.kind) {
    case "createIndex":
    case "addConstraint":
    case "validateConstraint":
    case "dropConstraint":
    case "setNotNull":
    case "addColumn":
    case "alterType":
    case "rewrite":
    case "dropColumn":
    case "dropTable":
    case "renameColumn":
    case "renameTable":
    case "touchTable":
      return a.table;
    case "dropIndex":
      return { schema: a.schema, name: `index ${a.name}` };
    default:
      return null;
  }
}

function timeoutRule(id: string, setting: "lock_timeout" | "statement_timeout", exportKey: "lockTimeout" | "statementTimeout"): LintRule {
  const what =
    setting === "lock_timeout"
      ? "a statement waiting for a lock queues every later query on the table behind it, for as long as it waits"
      : "a statement that runs long (a scan, a rewrite) keeps its locks for as long as it runs";
  return {
    id,
    description: `No ${setting} before statements that lock existing tables: ${what}.`,
    defaultLevel: "warn",
    sizeSensitive: false,
    check(ctx): RuleHit[] {
      if (ctx.timeouts[exportKey]) return [];
      const first = firstLockOnExistingTable(ctx);
      if (first < 0) return [];
      const set = ctx.actions.findIndex((a) => a.action.kind === "setting" && a.action.name === setting);
      if (set >= 0 && set < first) return [];
      return [{
        at: first,
        why: `The migration sets no ${setting}: ${what}.`,
        safeForm: `export const timeouts = { ${exportKey}: "${setting === "lock_timeout" ? "2s" : "1h"}" } in the migration file (autogen -m --safe writes it); the runner retries statements that time out waiting for a lock.`,
      }];
    },
  };
}

export const requireLockTimeout = timeoutRule("require-lock-timeout", "lock_timeout", "lockTimeout");
export const requireStatementTimeout = timeoutRule("require-statement-timeout", "statement_timeout", "statementTimeout");
