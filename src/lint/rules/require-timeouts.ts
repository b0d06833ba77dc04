import type { LintContext, LintRule, RuleHit } from "../rule";

/**
 * The first statement that takes a lock: any schema change. Even one on new objects can wait for a lock on
 * an existing one (a foreign key from a new table locks the table it references), as Squawk also judges.
 */
function firstLock(ctx: LintContext): number {
  return ctx.actions.findIndex((located) => located.action.kind !== "literals" && located.action.kind !== "setting");
}

function timeoutRule(id: string, setting: "lock_timeout" | "statement_timeout", exportKey: "lockTimeout" | "statementTimeout"): LintRule {
  const what =
    setting === "lock_timeout"
      ? "a statement waiting for a lock queues every later query on the table behind it, for as long as it waits"
      : "a statement that runs long (a scan, a rewrite) keeps its locks for as long as it runs";
  return {
    id,
    description: `No ${setting} before statements that take locks: ${what}.`,
    defaultLevel: "warn",
    sizeSensitive: false,
    check(ctx): RuleHit[] {
      if (ctx.timeouts[exportKey]) return [];
      const first = firstLock(ctx);
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
