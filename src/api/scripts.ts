import type { ResolvedConfig } from "../config/config";
import { loadModule } from "../entities/load-typescript";
import { loadScriptDirectory, type ScriptDirectory } from "../revision/script-directory";

/** Loads the project's migration files (TypeScript or JavaScript) into the revision graph. */
export function loadScripts(config: ResolvedConfig): Promise<ScriptDirectory> {
  return loadScriptDirectory(config.migrationsDir, loadModule);
}
