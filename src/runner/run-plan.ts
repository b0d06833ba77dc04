/**
 * Executes a migration plan on a live database. Each migration runs in its own transaction by default:
 * `BEGIN`, its `upgrade(op)` (or `downgrade(op)`), the version table change, its checksum, `COMMIT`. With
 * `transactionPerRun` one transaction spans the whole run. A migration that calls `op.noTransaction()`
 * runs in autocommit, and its version table change follows in a transaction of its own.
 *
 * A failing migration is rolled back and the run stops; the failure is returned in the result set, never
 * thrown half-way (Kysely's migrator does the same), and the database stays at the last migration that
 * was committed.
 */
import type { Database } from "../db/database";
import type { MigrationModule } from "../revision/migration-module";
import type { Direction, MigrationPlan, PlanStep } from "../revision/plan";
import { deleteChecksumSql, ensureChecksumTable, recordChecksumSql } from "./checksums";
import { createLiveOps, type LiveOps } from "./live-ops";
import { eventReporter, type EventReporter, type RunnerEvent, type RunnerLogger } from "./run-events";
import { RunSession } from "./run-session";
import { BlockerWatcher, delay, isLockTimeout, LockTimeoutError, retryDelay, type LockRetryOptions } from "./lock-retry";
import { withBlockers, type StepNotice } from "./live-steps";
import { applySettings, migrationSettings } from "./migration-settings";
import { clearCompletedSteps } from "./step-progress";
import { missingTablespaceFilter } from "./missing-tablespaces";
import { runProgress } from "./run-progress";
import type { ProgressListener } from "../progress/progress";
import type { Database as SideDatabase } from "../db/database";
import {
  ConnectionLostError,
  MigrationFailedError,
  MissingMigrationModuleError,
  postgresFailure,
  RevisionIdTooLongError,
} from "./runner-errors";
import {
  applyHeadChange,
  ensureVersionTable,
  VERSION_NUM_LENGTH,
  versionTableConfig,
  type VersionTableOptions,
} from "./version-table";

export interface RunOptions {
  /** Where the version and checksum tables are; default `public.autogen_version`, `public.autogen_checksums`. */
  readonly versionTable?: VersionTableOptions;
  /** One transaction for the whole run instead of one per migration. */
  readonly transactionPerRun?: boolean;
  /** Announce a migration still running after this many ms (default 5 s), so long runs show progress. */
  readonly slowNoticeMs?: number;
  /** The schemas `op.inspect()` reads; default `["public"]`. */
  readonly schemas?: readonly string[];
  readonly logger?: RunnerLogger;
  readonly onEvent?: (event: RunnerEvent) => void;
  /** Hears the `applying` phase: revision N of the plan's M (see src/progress/progress.ts). */
  readonly onProgress?: ProgressListener;
  /** Retries of statements that time out waiting for a lock (see `lock-retry.ts`); default 5 attempts. */
  readonly lockRetry?: LockRetryOptions;
  /**
   * Opens a second connection to the same database, used only to name the session that blocks a
   * statement (`pg_blocking_pids`). Without it, lock timeouts are retried but the blocker is not named.
   */
  readonly openMonitor?: () => Promise<SideDatabase>;
}

/** `rolledBack`: it ran, but a later failure rolled the run's transaction back (`transactionPerRun`). */
export type MigrationStatus = "applied" | "failed" | "skipped" | "rolledBack";

export interface MigrationResult {
  readonly revision: string;
  readonly path: string | null;
  readonly direction: Direction;
  readonly status: MigrationStatus;
  /** Time spent running it, 0 when skipped. */
  readonly ms: number;
  readonly error?: MigrationFailedError;
}

export interface RunResult {
  /** One entry per step of the plan, in order. */
  readonly results: readonly MigrationResult[];
  /** The version table's rows after the run. */
  readonly heads: readonly string[];
  /** The failure that stopped the run, also found in its result. */
  readonly error?: MigrationFailedError;
}

/**
 * Runs `plan`. The caller must hold the migration lock and have built the plan from the heads read under
 * it (use `migrate`, which does both).
 *
 * @throws MissingMigrationModuleError, RevisionIdTooLongError, DroppedTableHeldError, ReaddedColumnLossError before running anything;
 *   ConnectionLostError when the connection dies during the run.
 */
export async function runPlan(
  db: Database,
  plan: MigrationPlan,
  modules: ReadonlyMap<string, MigrationModule>,
  options: RunOptions = {},
): Promise<RunResult> {
  const progress = runProgress(options.onProgress, plan.steps.length);
  const report = eventReporter(options.logger, progress.listen(options.onEvent), options.slowNoticeMs);
  try {
    return await runSteps(db, plan, modules, options, report);
  } finally {
    report.close();
    progress.end();
  }
}

async function runSteps(
  db: Database,
  plan: MigrationPlan,
  modules: ReadonlyMap<string, MigrationModule>,
  options: RunOptions,
  report: EventReporter,
): Promise<RunResult> {
  const config = versionTableConfig(options.versionTable);
  const perRun = options.transactionPerRun === true;
  const steps = plan.steps.map((step) => ({ step, module: moduleFor(step, modules) }));
  if (steps.length === 0) return { results: [], heads: plan.startHeads };
  // A table a migration drops that an object left in place holds (a foreign key, view, child table): refused before any statement.
  // Loaded here: the offline script (upgrade --sql) never needs it, nor lint's SQL parser it may load.
  await (await import("./dropped-dependents")).refuseHeldDrops(db, plan, steps);

  await ensureVersionTable(db, config);
  await ensureChecksumTable(db, config);
  const watcher = new BlockerWatcher(db, options.openMonitor);
  await watcher.start();
  try {
    return await runMigrationSteps(db, plan, steps, options, report, config, perRun, watcher);
  } finally {
    await watcher.close();
  }
}

async function runMigrationSteps(
  db: Database,
  plan: MigrationPlan,
  steps: readonly { readonly step: PlanStep; readonly module: MigrationModule }[],
  options: RunOptions,
  report: EventReporter,
  config: ReturnType<typeof versionTableConfig>,
  perRun: boolean,
  watcher: BlockerWatcher,
): Promise<RunResult> {

  const results: { -readonly [K in keyof MigrationResult]: MigrationResult[K] }[] = steps.map(
    ({ step, module }) => ({
      revision: step.revision.id,
      path: module.path,
      direction: step.direction,
      status: "skipped",
      ms: 0,
    }),
  );
  /** Steps recorded in the open transaction, not committed yet. */
  let pending: number[] = [];
  let durableHeads: readonly string[] = plan.startHeads;
  const session = new RunSession(db, () => {
    if (pending.length > 0) durableHeads = steps[pending[pending.length - 1]!]!.step.heads;
    pending = [];
  });

  // Objects a migration puts in a tablespace this database lacks go to its default one (missing-tablespaces.ts).
  const tablespaces = missingTablespaceFilter(db);
  let heads = plan.startHeads;
  for (const [i, { step, module }] of steps.entries()) {
    const started = Date.now();
    report({ kind: "migrationStart", revision: step.revision, direction: step.direction });
    const newLive = (): LiveOps =>
      createLiveOps(session, {
        revision: step.revision,
        schemas: options.schemas ?? ["public"],
        versionTable: config,
        onStatement: (sql, autocommit) =>
          report({ kind: "statement", revision: step.revision, sql, autocommit }),
        onTransactionSplit: (sql) =>
          report({ kind: "transactionSplit", revision: step.revision, sql }),
        steps: {
          direction: step.direction,
          versionTable: config,
          retry: options.lockRetry,
          watcher,
          onNotice: (notice: StepNotice) => report({ kind: "stepNotice", revision: step.revision, notice }),
        },
        prepare: (operation) =>
          tablespaces(operation, (tablespace) => report({ kind: "tablespaceMissing", revision: step.revision, tablespace })),
      });
    let live = newLive();
    let recordingStatement: string | null = null;
    let restoreSettings: () => Promise<void> = async () => undefined;
    try {
      restoreSettings = await applySettings(db, migrationSettings(module));
      for (let attempt = 1; ; attempt++) {
        try {
          await (step.direction === "up" ? module.upgrade : module.downgrade)(live.ops);
          break;
        } catch (error) {
          // A transaction that gave up on a lock is rolled back whole, so the migration can run again.
          // Statements outside a transaction were retried alone already (a LockTimeoutError says so).
          const repeatable =
            !live.autocommit &&
            !live.partlyCommitted &&
            !live.steps.active &&
            !(perRun && pending.length > 0) &&
            !(error instanceof LockTimeoutError);
          const wait = repeatable && isLockTimeout(error) ? retryDelay(options.lockRetry, attempt) : null;
          if (wait === null) throw withBlockers(error, watcher, attempt);
          await session.rollback();
          report({
            kind: "stepNotice",
            revision: step.revision,
            notice: { kind: "lockTimeoutRetry", sql: live.failedStatement ?? "the migration", attempt, delayMs: wait, blockers: watcher.lastBlockers },
          });
          await delay(wait);
          live = newLive();
        }
      }
      // A migration without operations has not begun its transaction yet; an autocommit one records alone.
      await session.begin();
      await applyHeadChange(db, heads, step.heads, config, step.revision);
      if (live.steps.active) await clearCompletedSteps(db, config, step.revision.id);
      await db.query(
        step.direction === "up"
          ? recordChecksumSql(step.revision.id, module.checksum, config)
          : deleteChecksumSql(step.revision.id, config),
      );
      pending.push(i);
      recordingStatement = "COMMIT";
      if (!perRun || live.autocommit || i === steps.length - 1) await session.commit();
      heads = step.heads;
      Object.assign(results[i]!, { status: "applied", ms: Date.now() - started });
      report({
        kind: "migrationDone",
        revision: step.revision,
        direction: step.direction,
        ms: results[i]!.ms,
      });
    } catch (error) {
      const failure = await fail(session, step, live, error, recordingStatement);
      for (const j of pending) results[j]!.status = j === i ? "failed" : "rolledBack";
      const held = pending.map((j) => steps[j]!.step.revision.id);
      const rolledBackWith = held.filter((id) => id !== step.revision.id);
      pending = [];
      // The COMMIT of a run's transaction that held other migrations' work: a deferred constraint checked
      // there may have been broken by any of them, so none is blamed.
      const runCommit = perRun && session.commitFailed && rolledBackWith.length > 0 ? held : null;
      const first = firstError(error, live);
      const failed = new MigrationFailedError(
        { id: step.revision.id, path: module.path },
        step.direction,
        runCommit !== null ? "COMMIT" : failure.statement,
        postgresFailure(first),
        durableHeads,
        live.steps.active ? "steps" : live.partlyCommitted ? "partial" : "rolledBack",
        {
          cause: error,
          transactionPerRun: perRun,
          steps: { completed: live.steps.completed, failed: live.steps.failed },
          rolledBackWith,
          ...(runCommit !== null && { runCommit }),
          ...(first !== error && { caught: true }),
        },
      );
      Object.assign(results[i]!, { status: "failed", ms: Date.now() - started, error: failed });
      report({
        kind: "migrationFailed",
        revision: step.revision,
        direction: step.direction,
        error: failed,
        ms: results[i]!.ms,
      });
      return { results, heads: durableHeads, error: failed };
    } finally {
      await restoreSettings();
    }
  }
  return { results, heads };
}

/** Rolls back after a failure and checks that the connection survived; throws when it did not. */
async function fail(
  session: RunSession,
  step: PlanStep,
  live: LiveOps,
  error: unknown,
  recordingStatement: string | null,
): Promise<{ statement: string | null }> {
  await session.rollback();
  try {
    await session.db.query("SELECT 1");
  } catch (lost) {
    throw new ConnectionLostError({ id: step.revision.id, path: step.revision.path }, error, {
      cause: lost,
    });
  }
  return { statement: live.failedStatement ?? recordingStatement };
}

/** SQLSTATE 25P02: a statement of a transaction that an earlier error aborted. */
const IN_FAILED_TRANSACTION = "25P02";

/**
 * The error that made the run fail: `error`, unless it is PostgreSQL refusing a statement of a transaction
 * an earlier statement aborted (the migration caught that statement's error and went on); then that first
 * error, which is the cause the user must see.
 */
function firstError(error: unknown, live: LiveOps): unknown {
  const aborted = postgresFailure(error).code === IN_FAILED_TRANSACTION;
  return aborted && live.failedError !== undefined ? live.failedError : error;
}

function moduleFor(step: PlanStep, modules: ReadonlyMap<string, MigrationModule>): MigrationModule {
  const module = modules.get(step.revision.id);
  if (module === undefined) throw new MissingMigrationModuleError(step.revision);
  if (step.revision.id.length > VERSION_NUM_LENGTH)
    throw new RevisionIdTooLongError(step.revision, VERSION_NUM_LENGTH);
  return module;
}
