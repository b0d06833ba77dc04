/** What a lint rule is, what it sees and what it reports. */
import type { LintLevel } from "../config/config";
import type { LocatedAction, TableId } from "./actions";

/** What the database says, when lint runs with one. */
export interface DatabaseFacts {
  /** Estimated rows of a table (from the catalog), or null when it does not exist. */
  rows(table: TableId): number | null;
  /** The views that read a table (or one column of it). */
  viewsReading(table: TableId, column: string | null): readonly TableId[];
  /** Whether a valid check `(column IS NOT NULL)` exists on the table. */
  hasValidNotNullCheck(table: TableId, column: string): boolean;
  /** The current type of a column (`format_type`), or null. */
  columnType(table: TableId, column: string): string | null;
  /** Whether the table is partitioned (PostgreSQL builds no index concurrently on it). */
  partitioned(table: TableId): boolean;
}

export interface LintContext {
  readonly actions: readonly LocatedAction[];
  /** Whether the table was created earlier in this migration (index of the asking action). */
  isNew(table: TableId, at: number): boolean;
  /** The `timeouts` export of the file. */
  readonly timeouts: { readonly lockTimeout: boolean; readonly statementTimeout: boolean };
  /** Null when lint runs without a database. */
  readonly database: DatabaseFacts | null;
}

/** One problem a rule found at one action. */
export interface RuleHit {
  /** Index in `ctx.actions`. */
  readonly at: number;
  /** The table whose size decides whether a size-dependent rule speaks. */
  readonly table?: TableId;
  /** What is wrong and why. */
  readonly why: string;
  /** What to write instead. */
  readonly safeForm: string;
  /** Overrides the rule's level (a failure the database shows for sure). */
  readonly level?: Exclude<LintLevel, "off">;
}

export interface LintRule {
  readonly id: string;
  /** One line for `autogen lint --rules` and the README. */
  readonly description: string;
  readonly defaultLevel: Exclude<LintLevel, "off">;
  /** Quiet for tables under the row threshold (with a database). */
  readonly sizeSensitive: boolean;
  check(ctx: LintContext): RuleHit[];
}

/** `public.users` -> `users`, `audit.events` stays. */
export function label(t: TableId): string {
  return t.schema === "public" ? t.name : `${t.schema}.${t.name}`;
}

/** Index of each action matching `test`, with the action narrowed. */
export function each<K extends LocatedAction["action"]["kind"]>(
  ctx: LintContext,
  kind: K,
): { readonly at: number; readonly action: Extract<LocatedAction["action"], { kind: K }>; readonly located: LocatedAction }[] {
  const out: { at: number; action: Extract<LocatedAction["action"], { kind: K }>; located: LocatedAction }[] = [];
  ctx.actions.forEach((located, at) => {
    if (located.action.kind === kind) out.push({ at, action: located.action as Extract<LocatedAction["action"], { kind: K }>, located });
  });
  return out;
}

/**
 * Whether two actions can both take effect in one run: they are not in different arms of one IF, CASE or
 * exception block of a DO block (a handler runs once its block's work is rolled back).
 */
export function canRunTogether(a: LocatedAction, b: LocatedAction): boolean {
  const arms = new Map((a.action.branch ?? []).map((arm) => [arm.point, arm.arm]));
  return (b.action.branch ?? []).every((arm) => (arms.get(arm.point) ?? arm.arm) === arm.arm);
}

/**
 * Whether `a` takes effect whenever `b` does, as far as branches tell: `a` is in no arm of a DO block that
 * `b` is not in (a statement after an IF is not covered by one inside it; the order is the caller's).
 */
export function runsWhenever(a: LocatedAction, b: LocatedAction): boolean {
  const arms = b.action.branch ?? [];
  return (a.action.branch ?? []).every((x) => arms.some((y) => y.point === x.point && y.arm === x.arm));
}
