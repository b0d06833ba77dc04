/**
 * Shadow mode: a throwaway embedded database (PGlite, in memory) into which the migration history is
 * replayed, so that autogenerate and check need no database server. Both sides of the comparison are
 * then normalised by the same Postgres.
 */
import type { Project } from "./project";
import type { Database } from "../db/database";
import { migrate } from "../runner/runner";
import type { ScriptDirectory } from "../revision/script-directory";
import { AutogenError } from "../errors";

export class ShadowReplayError extends AutogenError {
  constructor(cause: AutogenError) {
    super(`Replaying the migrations into the shadow database failed, so there is nothing sound to compare against: ${cause.message}`, {
      cause,
    });
  }
}

/**
 * Runs `fn` on a fresh embedded database upgraded to `targets` (default: every head); the database is
 * discarded afterwards.
 */
export async function withShadowDatabase<T>(
  project: Project,
  scripts: ScriptDirectory,
  fn: (db: Database) => Promise<T>,
  targets: readonly string[] = ["heads"],
): Promise<T> {
  const db = await openShadowDatabase(project, scripts, targets);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/**
 * A fresh embedded database upgraded to `targets` (default: every head). The caller closes it, which
 * discards it.
 * @throws ShadowReplayError when a migration fails
 */
export async function openShadowDatabase(
  project: Project,
  scripts: ScriptDirectory,
  targets: readonly string[] = ["heads"],
): Promise<Database> {
  const { openEphemeral } = await import("../db/pglite");
  const db = await openEphemeral();
  try {
    for (const target of targets) {
      const result = await migrate(db, {
        graph: scripts.graph,
        modules: scripts.modules,
        direction: "up",
        target,
        schemas: project.config.schemas ?? ["public"],
        verifyChecksums: false,
      });
      if (result.error) throw new ShadowReplayError(result.error);
    }
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}
