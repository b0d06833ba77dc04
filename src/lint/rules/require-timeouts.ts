import { runsWhenever, type LintContext, type LintRule, type RuleHit } from "../rule";

/**
 * The first statement that takes a lock (any schema change: even one on new objects can wait for a lock on
 * an existing one, as a foreign key from a new table locks the table it references, as Squawk also judges)
 * with no `SET` of `setting` before it that still holds there: a `SET LOCAL` holds in its own transaction
 * only (a step of its own does not cover the steps after it). -1 when there is none.
 */
function firstUncoveredLock(ctx: LintContext, setting: string): number {
  return ctx.actions.findIndex((located, at) => {
    if (located.action.kind === "literals" || located.action.kind === "setting") return false;
    return !ctx.actions.some(
      (set, i) =>
        i < at &&
        set.action.kind === "setting" &&
        set.action.name === setting &&
        (!set.action.local || (set.segment === located.segment && set.transactional)) &&
        runsWhenever(set, located),
    );
  });
}

/** Why no SET of `setting` covers the statement at `first`. */
function whyUncovered(ctx: LintContext, first: number, setting: string): string {
  const earlier = ctx.actions.filter((a, i) => i < first && a.action.kind === "setting" && a.action.name === setting);
  if (earlier.some((set) => !runsWhenever(set, ctx.actions[first]!))) {
    return `The ${setting} a DO block sets is set in an IF, CASE, loop or exception block that this statement is not in, so it may not hold when this statement runs`;
  }
  if (earlier.length > 0) return `The ${setting} the migration sets with SET LOCAL ends with its transaction, and this statement runs in another`;
  return `The migration sets no ${setting}`;
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
      const first = firstUncoveredLock(ctx, setting);
      if (first < 0) return [];
      return [{
        at: first,
        why: `${whyUncovered(ctx, first, setting)}: ${what}.`,
        safeForm: `export const timeouts = { ${exportKey}: "${setting === "lock_timeout" ? "2s" : "1h"}" } in the migration file (autogen -m --safe writes it); the runner retries statements that time out waiting for a lock.`,
      }];
    },
  };
}

export const requireLockTimeout = timeoutRule("require-lock-timeout", "lock_timeout", "lockTimeout");
export const requireStatementTimeout = timeoutRule("require-statement-timeout", "statement_timeout", "statementTimeout");
