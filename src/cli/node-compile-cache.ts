/**
 * Node's own on-disk code cache (`module.enableCompileCache`, Node 22.1 and later) for the modules Node
 * itself loads in an `autogen` process: the tool's, `pg`, `commander`, and the project's TypeORM, whose
 * 300 modules a check with an edited entity loads again on every run. The entity files, the config and
 * the migrations have a code cache of their own (src/loader/run-compiled-module.ts); Node 20 has no such
 * function and is left as it is.
 *
 * The cache goes inside the tool's private cache folder (src/loader/compile-cache.ts, 0700, never one
 * another user owns), not Node's default under the shared temporary folder: a code cache is code, and
 * whoever can write it can make this process run theirs. `AUTOGEN_NO_CACHE=1` turns it off, as
 * `NODE_DISABLE_COMPILE_CACHE=1` does in Node itself.
 */
import Module from "node:module";
import path from "node:path";
import type * as CacheFolder from "../loader/cache-folder";

type EnableCompileCache = (directory?: string) => { readonly status: number; readonly directory?: string };

/**
 * Turns Node's code cache on for the rest of the process when this Node has it. Only modules loaded
 * afterwards use it: called first thing by bin/autogen.js.
 *
 * @returns the folder Node caches in, or `undefined` when it does not (an older Node, the cache off, no
 *   private folder, or Node refusing).
 */
export function enableNodeCompileCache(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string | undefined {
  const enable = (Module as unknown as { enableCompileCache?: EnableCompileCache }).enableCompileCache;
  if (typeof enable !== "function") return undefined;
  // Loaded only where it is used: `--help` on Node 20 loads nothing more.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { compileCacheDisabled, resolveCacheDirectory } = require("../loader/cache-folder") as typeof CacheFolder;
  if (compileCacheDisabled(env)) return undefined;
  const folder = resolveCacheDirectory(cwd);
  if (folder === undefined) return undefined;
  try {
    const { status, directory } = enable(path.join(folder, "node"));
    const statuses = (Module as unknown as { constants?: { compileCacheStatus?: Record<string, number> } }).constants?.compileCacheStatus;
    if (statuses === undefined) return directory;
    return status === statuses.ENABLED || status === statuses.ALREADY_ENABLED ? directory : undefined;
  } catch {
    return undefined;
  }
}
