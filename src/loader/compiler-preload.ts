/**
 * Loads the `typescript` package the loader is about to use, from a V8 code cache: the 9 MB compiler
 * takes about 160 ms to parse and 45 ms more for its first transpile, 45 ms and 10 ms from a cache taken
 * after a compilation. That is most of what a run pays when one entity file changed. The module is
 * put in `require.cache` under its own path (project-typescript.ts chose it), so the `require` that
 * follows finds it loaded; nothing else changes.
 *
 * Its source is read as bytes and, when they are all ASCII (typescript.js is), made a string as Latin-1,
 * which gives the same string as UTF-8 for ASCII without decoding it: 105-110 ms -> 63-66 ms for the
 * 9 MB file here (CPU of the whole load 225-245 ms -> 185-195 ms).
 */
import { isAscii } from "node:buffer";
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
  /** Whether its source was all ASCII, and so read without decoding UTF-8. */
  readonly readAsAscii: boolean;
  /**
   * To call once the compiler has compiled something: stores a fresh code cache (then holding the
   * functions that compilation used) when there was none or V8 refused it; later calls do nothing.
   */
  storeCodeCache(): void;
}

const NOT_PRELOADED: PreloadedCompiler = { fromCodeCache: false, readAsAscii: false, storeCodeCache: () => undefined };

/** The text of `file`: Latin-1 when all its bytes are ASCII (the same string, without decoding), else UTF-8. */
export function readSourceText(file: string): { readonly text: string; readonly ascii: boolean } {
  const bytes = fs.readFileSync(file);
  return isAscii(bytes) ? { text: bytes.toString("latin1"), ascii: true } : { text: bytes.toString("utf8"), ascii: false };
}

/**
 * Loads `file` (typescript's entry point) into `require.cache` with the code cache kept in `cache`, when
 * it is not loaded already. Any failure leaves the module to a plain `require`.
 */
export function preloadCompiler(file: string, cache: CompileCache): PreloadedCompiler {
  if (nodeModule._cache[file]) return NOT_PRELOADED;
  let stat: fs.Stats;
  let source: { readonly text: string; readonly ascii: boolean };
  try {
    stat = fs.statSync(file);
    source = readSourceText(file);
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
    outcome = runCompiledModule(module, source.text, file, cache.readCodeCache(key));
    if (!outcome.ran) throw new Error("not a CommonJS module");
    module.loaded = true;
  } catch {
    delete nodeModule._cache[file];
    return NOT_PRELOADED;
  }
  const readAsAscii = source.ascii;
  if (outcome.codeCacheAccepted) return { fromCodeCache: true, readAsAscii, storeCodeCache: () => undefined };
  const { createCodeCache } = outcome;
  let stored = false;
  return {
    fromCodeCache: false,
    readAsAscii,
    storeCodeCache: () => {
      if (stored) return;
      stored = true;
      cache.writeCodeCache(key, createCodeCache());
    },
  };
}
