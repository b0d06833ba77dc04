/**
 * `upgrade`, `downgrade` and `stamp`, online or offline (`sql: true`: the SQL script, no connection), and
 * `runMigrations` for application start-up.
 */
import type { Project } from "./project";
import { openProject, type ProjectOptions } from "./project";
import { loadScripts } from "./scripts";
import { migrate, type MigrateResult } from "../runner/runner";
import { planOffline, renderOfflineSql } from "../runner/offline-sql";
import { stamp as stampDatabase, type StampResult } from "../runner/stamp";
import type { Direction } from "../revision/plan";
import type { RunnerEvent } from "../runner/run-events";

export interface MigrateCommandOptions {
  /** Print the SQL instead of running it (Alembic's offline mode); `FROM:TO` targets allowed. */
  readonly sql?: boolean;
  readonly onEvent?: (event: RunnerEvent) => void;
}

export type MigrateOutcome =
  | { readonly mode: "offline"; readonly sql: string }
  | { readonly mode: "online"; readonly result: MigrateResult };

async function run(project: Project, direction: Direction, target: string, options: MigrateCommandOptions): Promise<MigrateOutcome> {
  const { config, logger } = project;
  const scripts = await loadScripts(config);
  if (options.sql) {
    const plan = planOffline(scripts.graph, direction, target);
    const sql = await renderOfflineSql(plan, scripts.modules, {
      transactionPerRun: config.transactionPerRun,
      settings: { lockTimeout: config.lockTimeout, statementTimeout: config.statementTimeout },
    });
    return { mode: "offline", sql };
  }
  const db = await project.connect();
  try {
    const result = await migrate(db, {
      graph: scripts.graph,
      modules: scripts.modules,
      direction,
      target,
      transactionPerRun: config.transactionPerRun,
      schemas: config.schemas ?? ["public"],
      logger,
      onEvent: options.onEvent,
      lockRetry: config.lockRetry ?? { attempts: 1 },
      // A second connection only names the session that blocks a statement (never on the embedded database).
      openMonitor: db.kind === "postgres" ? () => project.connect() : undefined,
    });
    return { mode: "online", result };
  } finally {
    await db.close();
  }
}

/** Upgrades the database to `target` (default `head`). */
export function upgrade(project: Project, target = "head", options: MigrateCommandOptions = {}): Promise<MigrateOutcome> {
  return run(project, "up", target, options);
}

/** Downgrades the database to `target` (`-1`, a revision, `base`). */
export function downgrade(project: Project, target: string, options: MigrateCommandOptions = {}): Promise<MigrateOutcome> {
  return run(project, "down", target, options);
}

/** Sets the version table to `target` without running any migration (adopting an existing database). */
export async function stamp(project: Project, target: string, options: { purge?: boolean } = {}): Promise<StampResult> {
  const scripts = await loadScripts(project.config);
  const db = await project.connect();
  try {
    return await stampDatabase(db, target, scripts.graph, { purge: options.purge });
  } finally {
    await db.close();
  }
}

export interface RunMigrationsOptions extends ProjectOptions {
  /** Default `head`. */
  readonly target?: string;
  readonly onEvent?: (event: RunnerEvent) => void;
}

/**
 * For application start-up: applies every pending migration, safely when several instances start at once
 * (a Postgres advisory lock; the others wait, then find nothing to do). Returns a result per migration
 * instead of throwing half-way; check `result.error`.
 *
 * @example
 * const { error, results } = await runMigrations({ cwd: __dirname, logger: console });
 * if (error) { console.error(error.message); process.exit(1); }
 */
export async function runMigrations(options: RunMigrationsOptions = {}): Promise<MigrateResult> {
  const project = await openProject(options);
  const outcome = await upgrade(project, options.target ?? "head", { onEvent: options.onEvent });
  if (outcome.mode !== "online") throw new Error("unreachable: runMigrations always runs online");
  return outcome.result;
}

