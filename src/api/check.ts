/**
 * `autogen check`: does autogenerate find anything? For CI: exit 1 and list the operations when the
 * entities and the database (or the replayed migrations, with `shadow`) disagree.
 */
import type { Project } from "./project";
import { checkSchema } from "./autogenerate";
import { loadRevisionGraph, loadScripts } from "./scripts";
import { assertDatabaseAt } from "./database-at";
import type { Operation } from "../ops/operation";
import type { RenameDecider } from "./renames";
import { historySchemas } from "../revision/compared-schemas";

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
  const { onProgress } = project;
  if (options.shadow) {
    const scripts = await loadScripts(project.config, { onProgress });
    // Loaded only here: a check against the project's database has no use for the shadow's modules.
    const { withShadowDatabase } = await import("./shadow");
    const comparison = { historySchemas: historySchemas(scripts.graph) };
    const { operations, log, warnings } = await withShadowDatabase(project, scripts, (db) =>
      checkSchema(project.config, db, options.renames, onProgress, comparison),
    );
    return { upToDate: operations.length === 0, operations, log, warnings };
  }
  // The heads alone: the migrations are not run, and their graph comes from the cache when none changed.
  const graph = await loadRevisionGraph(project.config, { onProgress });
  const heads = graph.heads.map((h) => h.id);
  // The schemas the heads' history recorded are compared too (see src/revision/compared-schemas.ts).
  const comparison = { historySchemas: historySchemas(graph, heads) };
  const db = await project.connect();
  try {
    await assertDatabaseAt(db, heads);
    const { operations, log, warnings } = await checkSchema(project.config, db, options.renames, onProgress, comparison);
    return { upToDate: operations.length === 0, operations, log, warnings };
  } finally {
    await db.close();
  }
}
