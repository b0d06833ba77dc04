import fs from "node:fs";
import path from "node:path";
import type { ResolvedConfig } from "../config/config";
import { cachedProjectBuild, entityCacheDirectory } from "../cache/entity-model-cache";
import { noteRequiredModules } from "../cache/load-record";
import { RevisionGraph } from "../revision/graph";
import type { Revision } from "../revision/revision";
import { listMigrationFiles, loadScriptDirectory, type ModuleLoader, type ScriptDirectory } from "../revision/script-directory";
import { trackPhase, type ProgressListener } from "../progress/progress";

/**
 * Loads the project's migration files (TypeScript or JavaScript) into the revision graph. With
 * `allowMissing` (the commands that create the first revision), a migrations folder that does not exist
 * yet is an empty history; every other command reports it.
 */
export function loadScripts(
  config: ResolvedConfig,
  options: { allowMissing?: boolean; onProgress?: ProgressListener } = {},
): Promise<ScriptDirectory> {
  if (options.allowMissing && !fs.existsSync(config.migrationsDir)) {
    return Promise.resolve({ graph: RevisionGraph.build([]), modules: new Map() });
  }
  return trackPhase(options.onProgress, "loadingMigrations", () => loadScriptDirectory(config.migrationsDir, moduleLoader(config)));
}

/** Loads one migration file; the module loader (and TypeScript) only once there is a file to load. */
function moduleLoader(config: ResolvedConfig): ModuleLoader {
  return async (file) => (await import("../loader/load-module")).loadModule(file, { projectDir: config.projectDir });
}

/**
 * The revision graph alone, for commands that do not run migrations (`check`): from the cache when no
 * migration file, nothing they import or read, and no environment variable they looked up changed since
 * the graph was built (the entity side's machinery, src/cache/entity-model-cache.ts, keyed also by the
 * list of migration files), so that no migration module is loaded. Else as `loadScripts` builds it.
 */
export async function loadRevisionGraph(config: ResolvedConfig, options: { onProgress?: ProgressListener } = {}): Promise<RevisionGraph> {
  const cacheDir = entityCacheDirectory(config.projectDir);
  if (cacheDir === null) return (await loadScripts(config, options)).graph;
  return trackPhase(options.onProgress, "loadingMigrations", async () => {
    const files = await listMigrationFiles(path.resolve(config.migrationsDir));
    const side = await cachedProjectBuild(
      cacheDir,
      { projectDir: config.projectDir, source: { migrations: files } },
      async () => {
        // Each file must be loaded fresh in the recording, or what it imports goes unseen.
        noteRequiredModules(files);
        // The files as listed for the key: the graph is built from exactly the files it is stored under.
        const { modules } = await loadScriptDirectory(config.migrationsDir, moduleLoader(config), files);
        return [...modules.values()].map((m): Revision => m.revision);
      },
      () => null,
      async () => [],
      { prefix: "revisions-", prepare: () => import("../loader/load-module") },
    );
    return RevisionGraph.build(side.value);
  });
}
