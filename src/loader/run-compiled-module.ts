/**
 * Runs a compiled file as a CommonJS module with a V8 code cache, which Node 20's own loader cannot use
 * (`module.enableCompileCache()` arrived in Node 22). Parsing and compiling 1,000 small entity modules
 * costs V8 about 0.2 ms each; deserialising their code caches about a quarter of that, lazily compiled
 * functions (decorator arguments, relation type functions) included, since the cache is taken after the
 * module has run.
 *
 * What the module sees is what Node's `Module.prototype._compile` gives it: `exports`, a `require` bound
 * to this module (so `module.children` and resolution relative to it are the same), `module`,
 * `__filename`, `__dirname`, and `this === exports`. V8 checks a cache against the source and its own
 * version and flags, and ignores one that does not match (`cachedDataRejected`); a fresh one is then
 * returned for the caller to store.
 */
import Module from "node:module";
import path from "node:path";
import vm from "node:vm";

type NodeModuleInternals = typeof Module & {
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: unknown): string[] | null;
  _extensions: NodeJS.RequireExtensions;
  _cache: NodeJS.Dict<NodeModule>;
};

const nodeModule = Module as NodeModuleInternals;

type ModuleWrapper = (
  this: unknown,
  exports: unknown,
  require: NodeJS.Require,
  module: NodeModule,
  filename: string,
  dirname: string,
) => unknown;

/** `require` for `module`, with the properties Node's own gives (`resolve`, `resolve.paths`, `main`, ...). */
function requireFor(module: NodeModule): NodeJS.Require {
  const resolve = ((request: string, options?: { paths?: string[] }) =>
    nodeModule._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => nodeModule._resolveLookupPaths(request, module);
  const required = ((id: string) => module.require(id)) as NodeJS.Require;
  required.resolve = resolve;
  required.main = require.main;
  required.extensions = nodeModule._extensions;
  required.cache = nodeModule._cache;
  return required;
}

/** What `runCompiledModule` did. */
export type RunOutcome =
  /** V8 could not compile `code` as a CommonJS body (ES module syntax): nothing ran. */
  | { readonly ran: false }
  /**
   * The module ran, from the given code cache when `codeCacheAccepted`. `createCodeCache` makes a
   * fresh one, holding every function compiled so far: call it now, or later to include what runs next.
   */
  | { readonly ran: true; readonly codeCacheAccepted: boolean; createCodeCache(): Buffer };

/**
 * Runs `code` (CommonJS JavaScript) as the body of `module`, whose file is `filename`. Code with ES module
 * syntax (`import`/`export`, which TypeScript keeps in some `.mts` outputs) is not run: Node's own loader
 * knows what to do with it (Node 20.19+ loads it as an ES module), so the caller hands it over.
 *
 * @param cachedData a code cache produced by an earlier call for the same `code`, if any.
 * @throws whatever the module throws while it runs, unchanged.
 */
export function runCompiledModule(
  module: NodeModule,
  code: string,
  filename: string,
  cachedData: Buffer | undefined,
): RunOutcome {
  let script: vm.Script;
  try {
    script = new vm.Script(Module.wrap(code), { filename, cachedData });
  } catch (error) {
    if (error instanceof SyntaxError) return { ran: false };
    throw error;
  }
  const wrapper = script.runInThisContext({ displayErrors: true }) as ModuleWrapper;
  wrapper.call(module.exports, module.exports, requireFor(module), module, filename, path.dirname(filename));
  return {
    ran: true,
    codeCacheAccepted: cachedData !== undefined && !script.cachedDataRejected,
    createCodeCache: () => script.createCachedData(),
  };
}
