/**
 * `upgrade`, `downgrade` and `stamp`, online or offline (`sql: true`: the SQL script, no connection), and
 * `runMigrations` for application start-up.
 */
import { connectsToServer, openProject, PROJECT_OPTION_KEYS, type Project, type ProjectOptions } from "./project";
import { UsageError } from "../errors";
import { loadScripts } from "./scripts";
import { migrate, type MigrateResult, type MigrationResult } from "../runner/runner";
import { planOffline, renderOfflineSql } from "../runner/offline-sql";
import { stamp as stampDatabase, type StampResult } from "../runner/stamp";
import type { Direction, MigrationPlan } from "../revision/plan";
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
  const scripts = await loadScripts(config, { onProgress: project.onProgress });
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
      onProgress: project.onProgress,
      lockRetry: config.lockRetry ?? { attempts: 1 },
      // A second connection only names the session that blocks a statement (never on the embedded database:
      // nobody else can connect to it, and one command at a time owns its data directory).
      openMonitor: (await connectsToServer(project)) ? () => project.connect() : undefined,
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

/**
 * Sets the version table to `target` without running any migration (adopting an existing database);
 * several targets stamp several branches at once.
 */
export async function stamp(project: Project, target: string | readonly string[], options: { purge?: boolean } = {}): Promise<StampResult> {
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

/** What `runMigrations` returns; it never throws. */
export interface RunMigrationsResult {
  /** One entry per migration of the plan; empty when the run stopped before planning. */
  readonly results: readonly MigrationResult[];
  /** The version table's rows after the run; null when the run did not get to read them. */
  readonly heads: readonly string[] | null;
  /** The plan that ran, or null when the run stopped before planning. */
  readonly plan: MigrationPlan | null;
  /**
   * What stopped the run: a failing migration (`MigrationFailedError`, also in its result), or anything
   * before it (the options, the config, the migration files, the connection: `NoDatabaseUrlError`,
   * `InvalidDatabaseUrlError`, `DatabaseConnectionError`, ...).
   */
  readonly error?: Error;
}

/** An option `runMigrations` does not know (a misspelling would otherwise be silently ignored). */
export class UnknownOptionError extends UsageError {
  constructor(
    readonly option: string,
    readonly known: readonly string[],
  ) {
    super(`runMigrations() got an unknown option "${option}"; the options are ${known.join(", ")}.`);
  }
}

const RUN_MIGRATIONS_OPTION_KEYS: readonly string[] = [...PROJECT_OPTION_KEYS, "target", "onEvent"];

/**
 * For application start-up: applies every pending migration, safely when several instances start at once
 * (a Postgres advisory lock; the others wait, then find nothing to do). It never throws: every failure
 * (a failing migration, a missing or unreachable database, a broken config) is returned as `error`.
 *
 * The database is the one `url`, the config's `databaseUrl` or `DATABASE_URL` names. With none of them it
 * is an error (`NoDatabaseUrlError`), unless `embedded: true` (or the config's `embedded: true`) asks for
 * the embedded database in `.autogen/`.
 *
 * @example
 * const { error, results } = await runMigrations({ cwd: __dirname, logger: console });
 * if (error) { console.error(error.message); process.exit(1); }
 */
export async function runMigrations(options: RunMigrationsOptions = {}): Promise<RunMigrationsResult> {
  try {
    const unknown = Object.keys(options).find((key) => !RUN_MIGRATIONS_OPTION_KEYS.includes(key));
    if (unknown !== undefined) throw new UnknownOptionError(unknown, RUN_MIGRATIONS_OPTION_KEYS.filter((k) => k !== "embeddedByDefault"));
    const project = await openProject(options);
    const outcome = await upgrade(project, options.target ?? "head", { onEvent: options.onEvent });
    if (outcome.mode !== "online") throw new Error("unreachable: runMigrations always runs online");
    return outcome.result;
  } catch (error) {
    return { results: [], heads: null, plan: null, error: error instanceof Error ? error : new Error(String(error)) };
  }
}
