/**
 * `migrate`: the online entry point of `upgrade` and `downgrade`. It takes the migration lock BEFORE it
 * reads the version table, plans from the heads read under the lock, runs the plan and releases the lock,
 * so that processes starting at once apply every migration exactly once: the first one migrates, the
 * others wait, then find the heads already at the target and run nothing.
 */
import type { Database } from "../db/database";
import type { RevisionGraph } from "../revision/graph";
import type { MigrationModule } from "../revision/migration-module";
import { planDowngrade, planUpgrade, type Direction, type MigrationPlan } from "../revision/plan";
import { withMigrationLock } from "./advisory-lock";
import { verifyChecksums } from "./checksums";
import { runPlan, type RunOptions, type RunResult } from "./run-plan";
import { eventReporter } from "./run-events";
import { readHeads, versionTableConfig } from "./version-table";

export {
  runPlan,
  type MigrationResult,
  type MigrationStatus,
  type RunOptions,
  type RunResult,
} from "./run-plan";

export interface MigrateOptions extends RunOptions {
  readonly graph: RevisionGraph;
  /** The loaded migrations by revision id (`loadScriptDirectory(...).modules`). */
  readonly modules: ReadonlyMap<string, MigrationModule>;
  readonly direction: Direction;
  /** `head`, `heads`, a revision, `+1`, `-1`, `base`, `label@head`, ... (see src/revision/target-spec.ts). */
  readonly target: string;
  /** Give up waiting for another run's lock after this long; default: wait. */
  readonly lockTimeoutMs?: number | null;
  /** Warn about applied migrations whose file changed since (default true). */
  readonly verifyChecksums?: boolean;
}

export interface MigrateResult extends RunResult {
  /** The plan that ran, built from the heads read under the lock. */
  readonly plan: MigrationPlan;
}

/**
 * Upgrades or downgrades `db` to `options.target`.
 *
 * Returns one result per migration of the plan (`applied`, `failed`, `skipped` after a failure,
 * `rolledBack` with `transactionPerRun`) and the heads after the run; a failing migration is reported
 * there, not thrown.
 *
 * @example
 * const { graph, modules } = await loadScriptDirectory("migrations", loadModule);
 * const { results, heads, error } = await migrate(db, { graph, modules, direction: "up", target: "head" });
 * if (error) console.error(error.message);
 *
 * @throws target errors of src/revision (`MultipleHeadsError`, `UnknownRevisionError`, ...),
 *   `MigrationLockTimeoutError`, `ConnectionLostError`, connection errors.
 */
export async function migrate(db: Database, options: MigrateOptions): Promise<MigrateResult> {
  const config = versionTableConfig(options.versionTable);
  const report = eventReporter(options.logger, options.onEvent);
  const waitStarted = Date.now();
  return withMigrationLock(
    db,
    config,
    async () => {
      report({ kind: "lockAcquired", waitedMs: Date.now() - waitStarted });
      const heads = await readHeads(db, config);
      if (options.verifyChecksums !== false) {
        for (const mismatch of await verifyChecksums(db, options.modules, config)) {
          report({ kind: "checksumMismatch", mismatch });
        }
      }
      const plan =
        options.direction === "up"
          ? planUpgrade(options.graph, heads, options.target)
          : planDowngrade(options.graph, heads, options.target);
      // From the rows as read, not the plan's normalised heads: a redundant row (an ancestor of another one,
      // left by a hand edit or another tool) is replaced or deleted by the first change instead of staying,
      // where a downgrade would give the same row back a second time.
      const result = await runPlan(db, { ...plan, startHeads: heads }, options.modules, options);
      return { ...result, plan };
    },
    {
      timeoutMs: options.lockTimeoutMs,
      onWait: (holderPid) => report({ kind: "lockWait", holderPid }),
    },
  );
}
