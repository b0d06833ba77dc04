import fs from "node:fs";
import type { ResolvedConfig } from "../config/config";
import { RevisionGraph } from "../revision/graph";
import { loadScriptDirectory, type ScriptDirectory } from "../revision/script-directory";
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
  return trackPhase(options.onProgress, "loadingMigrations", () =>
    // The module loader (and TypeScript) only once there is a migration file to load.
    loadScriptDirectory(config.migrationsDir, async (file) =>
      (await import("../loader/load-module")).loadModule(file, { projectDir: config.projectDir }),
    ),
  );
}
