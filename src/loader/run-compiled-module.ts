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
 *
 * A body with top-level `await` (a DataSource module of an ES module project that awaits its settings:
 * TypeScript's CommonJS output keeps the `await`) is run, when the caller allows it, as the body of an
 * async function with the same parameters: its exports are complete once the promise it returns settles.
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

/** Node's CommonJS wrapper (`Module.wrap`), async: for a body with top-level `await`. */
function wrapAsync(code: string): string {
  return `(async function (exports, require, module, __filename, __dirname) { ${code}\n});`;
}

/** What `runCompiledModule` did. */
export type RunOutcome =
  /**
   * V8 could not compile `code` as a CommonJS body: nothing ran. `topLevelAwait` when it is one with
   * top-level `await` and the caller did not allow those; else it has ES module syntax.
   */
  | { readonly ran: false; readonly topLevelAwait: boolean }
  /**
   * The module ran, from the given code cache when `codeCacheAccepted`. `createCodeCache` makes a
   * fresh one, holding every function compiled so far: call it now, or later to include what runs next.
   */
  | {
      readonly ran: true;
      readonly codeCacheAccepted: boolean;
      createCodeCache(): Buffer;
      /** For a body with top-level `await`: settles when the body has run to its end. */
      readonly settled?: Promise<unknown>;
    };

/** `code` compiled as a CommonJS body, else as an async one when it parses as that, else `undefined`. */
function compileBody(code: string, filename: string, cachedData: Buffer | undefined): { script: vm.Script; async: boolean } | undefined {
  try {
    return { script: new vm.Script(Module.wrap(code), { filename, cachedData }), async: false };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
  }
  try {
    return { script: new vm.Script(wrapAsync(code), { filename, cachedData }), async: true };
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/**
 * Runs `code` (CommonJS JavaScript) as the body of `module`, whose file is `filename`. Code with ES module
 * syntax (`import`/`export`, which TypeScript keeps in some `.mts` outputs) is not run: Node's own loader
 * knows what to do with it (Node 20.19+ loads it as an ES module), so the caller hands it over.
 *
 * @param cachedData a code cache produced by an earlier call for the same `code`, if any.
 * @param allowTopLevelAwait whether a body with top-level `await` may run (see the file comment).
 * @throws whatever the module throws while it runs (before its first top-level `await`), unchanged.
 */
export function runCompiledModule(
  module: NodeModule,
  code: string,
  filename: string,
  cachedData: Buffer | undefined,
  allowTopLevelAwait = false,
): RunOutcome {
  const compiled = compileBody(code, filename, cachedData);
  if (compiled === undefined) return { ran: false, topLevelAwait: false };
  if (compiled.async && !allowTopLevelAwait) return { ran: false, topLevelAwait: true };
  const { script } = compiled;
  const wrapper = script.runInThisContext({ displayErrors: true }) as ModuleWrapper;
  const result = wrapper.call(module.exports, module.exports, requireFor(module), module, filename, path.dirname(filename));
  return {
    ran: true,
    codeCacheAccepted: cachedData !== undefined && !script.cachedDataRejected,
    createCodeCache: () => script.createCachedData(),
    ...(compiled.async ? { settled: result as Promise<unknown> } : {}),
  };
}
