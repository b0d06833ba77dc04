/**
 * Lints one migration file: records its operations (as the offline runner would), turns them into lint
 * facts, runs every rule that is not off, and drops what a disable comment or the row threshold silences.
 */
import fs from "node:fs";
import type { LintLevel } from "../config/config";
import type { MigrationModule } from "../revision/migration-module";
import { tableKey, type LintAction, type LocatedAction, type TableId } from "./actions";
import { readDisableComments } from "./disable-comments";
import { operationActions } from "./op-actions";
import { placeOperations, recordMigration, type PlacedOperation } from "./record-migration";
import type { Operation } from "../ops/operation";
import type { DatabaseFacts, LintContext, LintRule, RuleHit } from "./rule";
import { LINT_RULES } from "./rules";
import { loadSqlParser, unjudgedSql } from "./sql-actions";

export interface LintFinding {
  readonly rule: string;
  readonly level: Exclude<LintLevel, "off">;
  readonly revision: string;
  readonly file: string;
  /** Line of the op call (1-based), or null when it could not be told. */
  readonly line: number | null;
  readonly direction: "up" | "down";
  readonly why: string;
  readonly safeForm: string;
}

export interface LintOptions {
  /** Rule levels from the config; rules not named keep their default. */
  readonly rules?: Readonly<Record<string, LintLevel>>;
  readonly rowThreshold?: number;
  readonly database?: DatabaseFacts | null;
  /** Also lint the downgrade. */
  readonly downgrade?: boolean;
  /** Timeouts every session sets (the config's `lockTimeout` / `statementTimeout`): they satisfy the timeout rules. */
  readonly sessionTimeouts?: { readonly lockTimeout: boolean; readonly statementTimeout: boolean };
}

export interface MigrationLint {
  readonly findings: readonly LintFinding[];
  /** Why part of a migration could not be linted. */
  readonly notes: readonly string[];
  /**
   * The views (by `tableKey`) the upgrade drops or creates: false for one it leaves dropped, true for one
   * it leaves created. Linting the next migrations of a run against the same database facts, a view the
   * earlier ones left dropped no longer reads anything (a migration cut in parts drops a view in one part
   * and retypes a column it read in the next).
   */
  readonly views: ReadonlyMap<string, boolean>;
}

function levelOf(rule: LintRule, options: LintOptions): LintLevel {
  return options.rules?.[rule.id] ?? rule.defaultLevel;
}

function contextFor(
  actions: readonly LocatedAction[],
  module: MigrationModule,
  database: DatabaseFacts | null,
  session: LintOptions["sessionTimeouts"] = undefined,
): LintContext {
  const createdAt = new Map<string, number>();
  actions.forEach((located, i) => {
    const a = located.action;
    if (a.kind === "createTable" && !createdAt.has(tableKey(a.table))) createdAt.set(tableKey(a.table), i);
    if (a.kind === "renameTable" && createdAt.has(tableKey(a.table))) createdAt.set(tableKey({ schema: a.table.schema, name: a.to }), i);
    if (a.kind === "moveTable" && createdAt.has(tableKey(a.table))) createdAt.set(tableKey({ schema: a.schema, name: a.table.name }), i);
  });
  const raw = module.exports.timeouts;
  const timeouts = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  return {
    actions,
    isNew: (table: TableId, at: number) => (createdAt.get(tableKey(table)) ?? Infinity) < at,
    timeouts: {
      lockTimeout: timeouts.lockTimeout !== undefined || session?.lockTimeout === true,
      statementTimeout: timeouts.statementTimeout !== undefined || session?.statementTimeout === true,
    },
    database,
  };
}

/**
 * Where an action runs: in a step without a transaction each op has a segment of its own, which is one
 * transaction all the same for the statements of a DO block or of a script of several (Postgres runs
 * them as one implicit transaction block), split where that SQL commits or rolls back itself.
 */
function locate(action: LintAction, placed: PlacedOperation, source: string): LocatedAction {
  const transactional = placed.transactional || action.inDoBlock === true || action.inScript === true;
  const segment = placed.transactional ? `${placed.segment}` : `${placed.segment}.${action.part ?? 0}`;
  return { action, line: placed.line, segment, transactional, source };
}

/** A hit's reason; one at a statement inside a DO block says so (its line is the op.execute's). */
function whyOf(hit: RuleHit, ctx: LintContext): string {
  return ctx.actions[hit.at]?.action.inDoBlock ? `Inside the DO block of this op.execute: ${hit.why}` : hit.why;
}

/**
 * Lints operations that are not in a file yet (what `autogen check` found, or `-m` would write), as one
 * transactional migration without steps; findings have no line.
 */
export async function lintOperations(
  operations: readonly Operation[],
  options: LintOptions = {},
): Promise<readonly Omit<LintFinding, "revision" | "file" | "line" | "direction">[]> {
  await loadSqlParser();
  const placed = placeOperations(operations);
  const actions: LocatedAction[] = placed.flatMap((p) => operationActions(p.operation).map((action) => locate(action, p, p.operation.kind)));
  const module = { exports: {} } as unknown as MigrationModule;
  const ctx = contextFor(actions, module, options.database ?? null, options.sessionTimeouts);
  const out: Omit<LintFinding, "revision" | "file" | "line" | "direction">[] = [];
  for (const rule of Object.values(LINT_RULES)) {
    const level = levelOf(rule, options);
    if (level === "off") continue;
    for (const hit of rule.check(ctx)) out.push({ rule: rule.id, level: hit.level ?? level, why: whyOf(hit, ctx), safeForm: hit.safeForm });
  }
  return out;
}

/** Lints the upgrade (and, with `downgrade`, the downgrade) of one migration. */
export async function lintMigration(module: MigrationModule, options: LintOptions = {}): Promise<MigrationLint> {
  await loadSqlParser();
  const source = fs.existsSync(module.path) ? fs.readFileSync(module.path, "utf8") : "";
  const disabled = readDisableComments(source);
  const findings: LintFinding[] = [];
  const notes: string[] = [];
  const views = new Map<string, boolean>();
  const directions: ("up" | "down")[] = options.downgrade ? ["up", "down"] : ["up"];
  for (const direction of directions) {
    const recorded = await recordMigration(module, direction);
    const name = direction === "up" ? "upgrade" : "downgrade";
    if (recorded.stopped !== null) notes.push(`${name}: ${recorded.stopped}`);
    for (const placed of recorded.operations) {
      if (placed.operation.kind !== "execute") continue;
      for (const reason of unjudgedSql(placed.operation.sql)) notes.push(`${name}${placed.line === null ? "" : `, line ${placed.line}`}: ${reason}`);
    }
    const actions: LocatedAction[] = recorded.operations.flatMap((placed) =>
      operationActions(placed.operation).map((action) => locate(action, placed, placed.operation.kind === "execute" ? placed.operation.sql : placed.operation.kind)),
    );
    if (direction === "up") {
      for (const placed of recorded.operations) {
        if (placed.operation.kind === "createView") views.set(tableKey(placed.operation.view), true);
        for (const action of operationActions(placed.operation)) if (action.kind === "dropView") views.set(tableKey(action.view), false);
      }
    }
    const ctx = contextFor(actions, module, options.database ?? null, options.sessionTimeouts);
    for (const rule of Object.values(LINT_RULES)) {
      const level = levelOf(rule, options);
      if (level === "off") continue;
      for (const hit of rule.check(ctx)) {
        const line = actions[hit.at]?.line ?? null;
        if (disabled.isDisabled(rule.id, line)) continue;
        if (rule.sizeSensitive && hit.table !== undefined && ctx.database !== null) {
          const rows = ctx.database.rows(hit.table);
          if (rows !== null && rows < (options.rowThreshold ?? 0)) continue;
        }
        findings.push({
          rule: rule.id,
          level: hit.level ?? level,
          revision: module.revision.id,
          file: module.path,
          line,
          direction,
          why: whyOf(hit, ctx),
          safeForm: hit.safeForm,
        });
      }
    }
  }
  findings.sort((a, b) => (a.direction === b.direction ? 0 : a.direction === "up" ? -1 : 1) || (a.line ?? 0) - (b.line ?? 0));
  return { findings, notes, views };
}

/**
 * `database` without the views of `dropped` (by `tableKey`), which the migrations linted before in the
 * same run left dropped: they read nothing any more. A copy: later changes to `dropped` do not reach it.
 */
export function factsWithoutViews(database: DatabaseFacts | null, dropped: ReadonlySet<string>): DatabaseFacts | null {
  if (database === null || dropped.size === 0) return database;
  const gone = new Set(dropped);
  return { ...database, viewsReading: (table, column) => database.viewsReading(table, column).filter((view) => !gone.has(tableKey(view))) };
}

/** `dropped` after a migration whose upgrade left its `views` (MigrationLint) dropped or created. */
export function leaveViews(dropped: Set<string>, views: ReadonlyMap<string, boolean>): void {
  for (const [view, created] of views) {
    if (created) dropped.delete(view);
    else dropped.add(view);
  }
}
