/**
 * Loads the `typescript` package the loader is about to use, from a V8 code cache: the 9 MB compiler
 * takes about 160 ms to parse and 45 ms more for its first transpile, 45 ms and 10 ms from a cache taken
 * after a compilation. That is most of what a run pays when one entity file changed. The module is
 * put in `require.cache` under its own path (project-typescript.ts chose it), so the `require` that
 * follows finds it loaded; nothing else changes.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import Module from "node:module";
import path from "node:path";
import type { CompileCache } from "./compile-cache";
import { runCompiledModule, type RunOutcome } from "./run-compiled-module";

type NodeModuleInternals = typeof Module & {
  _cache: Record<string, NodeModule>;
  _nodeModulePaths(from: string): string[];
};

const nodeModule = Module as NodeModuleInternals;

export interface PreloadedCompiler {
  /** Whether the module ran from the code cache. */
  readonly fromCodeCache: boolean;
  /**
   * To call once the compiler has compiled something: stores a fresh code cache (then holding the
   * functions that compilation used) when there was none or V8 refused it; later calls do nothing.
   */
  storeCodeCache(): void;
}

const NOT_PRELOADED: PreloadedCompiler = { fromCodeCache: false, storeCodeCache: () => undefined };

/**
 * Loads `file` (typescript's entry point) into `require.cache` with the code cache kept in `cache`, when
 * it is not loaded already. Any failure leaves the module to a plain `require`.
 */
export function preloadCompiler(file: string, cache: CompileCache): PreloadedCompiler {
  if (nodeModule._cache[file]) return NOT_PRELOADED;
  let stat: fs.Stats;
  let source: string;
  try {
    stat = fs.statSync(file);
    source = fs.readFileSync(file, "utf8");
  } catch {
    return NOT_PRELOADED;
  }
  const key = crypto
    .createHash("sha256")
    .update(JSON.stringify(["compiler", file, stat.size, stat.mtimeMs, process.version]))
    .digest("hex");
  const module = new Module(file, undefined) as NodeModule & { paths: string[] };
  module.filename = file;
  module.paths = nodeModule._nodeModulePaths(path.dirname(file));
  nodeModule._cache[file] = module;
  let outcome: RunOutcome;
  try {
    outcome = runCompiledModule(module, source, file, cache.readCodeCache(key));
    if (!outcome.ran) throw new Error("not a CommonJS module");
    module.loaded = true;
  } catch {
    delete nodeModule._cache[file];
    return NOT_PRELOADED;
  }
  if (outcome.codeCacheAccepted) return { fromCodeCache: true, storeCodeCache: () => undefined };
  const { createCodeCache } = outcome;
  let stored = false;
  return {
    fromCodeCache: false,
    storeCodeCache: () => {
      if (stored) return;
      stored = true;
      cache.writeCodeCache(key, createCodeCache());
    },
  };
}
