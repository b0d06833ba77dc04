/**
 * Shadow mode: a throwaway embedded database into which the migration history is replayed, so that
 * autogenerate and check need no database server. Both sides of the comparison are then normalised by
 * the same Postgres.
 *
 * The replay sends the whole history as one script (what `upgrade --sql` prints, in one transaction)
 * in one round trip, instead of a round trip per statement. A history that cannot be written as one
 * transaction (a migration that calls `op.inspect()`, `op.noTransaction()`, or runs a statement that
 * cannot run in a transaction block) and a script that fails are replayed by the runner instead,
 * migration by migration, so that a failure names its revision and statement exactly as `upgrade` does.
 */
import type { Project } from "./project";
import type { Database } from "../db/database";
import type { EmbeddedOpenOptions, ShadowServer } from "../db/embedded";
import type { ResolvedConfig } from "../config/config";
import { migrate } from "../runner/runner";
import { renderOfflineSql } from "../runner/offline-sql";
import { planUpgrade } from "../revision/plan";
import { readHeads, DEFAULT_VERSION_TABLE_CONFIG } from "../runner/version-table";
import type { ScriptDirectory } from "../revision/script-directory";
import { AutogenError } from "../errors";
import { trackPhase, type ProgressListener } from "../progress/progress";
import { withClose } from "../db/with-close";
import { createAssumedSchemas } from "./assumed-schemas";

export class ShadowReplayError extends AutogenError {
  constructor(cause: AutogenError) {
    super(`Replaying the migrations into the shadow database failed, so there is nothing sound to compare against: ${cause.message}`, {
      cause,
    });
  }
}

/** The embedded-engine options of a project's configuration. */
export function embeddedOptions(config: ResolvedConfig): EmbeddedOpenOptions {
  return { ...config.embeddedEngine, projectDir: config.projectDir };
}

/** The engine notes already given (one per process is enough). */
const noted = new Set<string>();

/**
 * Starts the throwaway engine of `project` (one server for any number of fresh databases); tells the
 * project's logger, once per process, when it falls back to PGlite and why.
 */
export async function startShadow(project: Project): Promise<ShadowServer> {
  const { startShadowServer } = await import("../db/embedded");
  return startShadowServer(embeddedOptions(project.config), (message) => {
    if (noted.has(message)) return;
    noted.add(message);
    project.logger.warn(message);
  });
}

/**
 * Runs `fn` on a fresh throwaway database upgraded to `targets` (default: every head); the database is
 * discarded afterwards. `server` reuses a started shadow engine (then it is left running).
 */
export async function withShadowDatabase<T>(
  project: Project,
  scripts: ScriptDirectory,
  fn: (db: Database) => Promise<T>,
  targets: readonly string[] = ["heads"],
  server?: ShadowServer,
): Promise<T> {
  const shadow = server ?? (await trackPhase(project.onProgress, "shadowDatabase", () => startShadow(project)));
  try {
    const db = await shadow.freshDatabase();
    try {
      await replayHistory(db, scripts, targets, project.config.schemas ?? ["public"], project.onProgress);
      return await fn(db);
    } finally {
      await db.close();
    }
  } finally {
    if (server === undefined) await shadow.stop();
  }
}

/**
 * A fresh throwaway database upgraded to `targets` (default: every head), on a shadow engine of its own.
 * The caller closes it, which discards it and stops the engine.
 * @throws ShadowReplayError when a migration fails
 */
export async function openShadowDatabase(
  project: Project,
  scripts: ScriptDirectory,
  targets: readonly string[] = ["heads"],
): Promise<Database> {
  const shadow = await trackPhase(project.onProgress, "shadowDatabase", () => startShadow(project));
  let db: Database;
  try {
    db = withClose(await shadow.freshDatabase(), () => shadow.stop());
  } catch (error) {
    await shadow.stop();
    throw error;
  }
  try {
    await replayHistory(db, scripts, targets, project.config.schemas ?? ["public"], project.onProgress);
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * Upgrades the empty database `db` to each of `targets` in turn: as one script when it can, else (or
 * when the script fails) through the runner.
 * @throws ShadowReplayError naming the revision that failed
 */
export async function replayHistory(
  db: Database,
  scripts: ScriptDirectory,
  targets: readonly string[],
  schemas: readonly string[],
  onProgress?: ProgressListener,
): Promise<void> {
  // `db` is fresh: it lacks the schemas the server had before the history began.
  await createAssumedSchemas(db, scripts, targets);
  for (const target of targets) {
    if (await replayAsOneScript(db, scripts, target)) continue;
    const result = await migrate(db, {
      graph: scripts.graph,
      modules: scripts.modules,
      direction: "up",
      target,
      schemas,
      verifyChecksums: false,
      onProgress,
    });
    if (result.error) throw new ShadowReplayError(result.error);
  }
}

/** True when the plan to `target` ran as one transaction in one round trip; false: nothing changed. */
async function replayAsOneScript(db: Database, scripts: ScriptDirectory, target: string): Promise<boolean> {
  let script: string;
  try {
    const heads = await readHeads(db, DEFAULT_VERSION_TABLE_CONFIG);
    const plan = planUpgrade(scripts.graph, heads, target);
    if (plan.steps.length === 0) return true;
    if (heads.length > 0) return false; // the script creates the bookkeeping tables only from base
    script = await renderOfflineSql(plan, scripts.modules, { transactionPerRun: true });
  } catch {
    return false; // op.inspect(), a migration that throws offline, a bad target: the runner says why
  }
  if (countBegins(script) !== 1) return false; // an autocommit part: run it as the runner would
  try {
    await db.exec(script);
    return true;
  } catch {
    await db.exec("ROLLBACK").catch(() => undefined);
    return false;
  }
}

function countBegins(script: string): number {
  return script.split("\n\n").filter((block) => block === "BEGIN;").length;
}
