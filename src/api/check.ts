/**
 * `autogen check`: does autogenerate find anything? For CI: exit 1 and list the operations when the
 * entities and the database (or the replayed migrations, with `shadow`) disagree.
 */
import type { Project } from "./project";
import { diffSchema } from "./autogenerate";
import { withShadowDatabase } from "./shadow";
import { loadScripts } from "./scripts";
import { assertDatabaseAt } from "./revision";
import type { Operation } from "../ops/operation";
import type { RenameDecider } from "./renames";

export interface CheckResult {
  readonly upToDate: boolean;
  readonly operations: readonly Operation[];
  readonly log: readonly string[];
  /** Warnings about the entities themselves (mappings of one table that disagree). */
  readonly warnings: readonly string[];
}

/**
 * Compares the entities with the database (which must be at the head revisions), or with the migration
 * history replayed into a throwaway embedded database (`shadow`).
 */
export async function check(
  project: Project,
  options: { shadow?: boolean; renames?: RenameDecider } = {},
): Promise<CheckResult> {
  const scripts = await loadScripts(project.config);
  const heads = scripts.graph.heads.map((h) => h.id);
  if (options.shadow) {
    const { operations, log, warnings } = await withShadowDatabase(project, scripts, (db) => diffSchema(project.config, db, options.renames));
    return { upToDate: operations.length === 0, operations, log, warnings };
  }
  const db = await project.connect();
  try {
    await assertDatabaseAt(db, heads);
    const { operations, log, warnings } = await diffSchema(project.config, db, options.renames);
    return { upToDate: operations.length === 0, operations, log, warnings };
  } finally {
    await db.close();
  }
}
