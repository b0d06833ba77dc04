/**
 * Jest's runtime, keeping each module's compiled wrapper function for the whole test file.
 *
 * The in-process command line (tests/cli/cli-support.ts) calls `jest.resetModules()` before every run, as
 * a new `autogen` process would start, and about 350 of the tool's modules are loaded again. Jest compiles
 * every one of them again too (`vm.compileFunction`, its V8 code and the bytecode of each function run),
 * although the text is the same: that was about half the CPU of an in-process `autogen -m` (370 of
 * 770 ms) and four fifths of an `upgrade` (120 of 150 ms).
 *
 * Calling the kept function again is what loading the module again means: its body runs afresh with a new
 * `module`, `exports` and `require`, so every module-level binding, class and closure is new, as in a new
 * process. Only V8's compiled code is shared. A file whose transformed text changed (an entity or migration
 * the test rewrote) is compiled again. The functions belong to the test file's context (one runtime per
 * test file), so nothing is shared between test files.
 *
 * `resetModules` also empties Jest's caches of each file's text and of its transformed code: every module
 * loaded again was read from disk again (into a new buffer, then a string) before Jest's transformer found
 * its code in memory. The entries of files that cannot change
 * while the tests run are kept: the tool's own sources (`src/`) and the repository's installed packages
 * (`node_modules/`). Everything else (a test project's entities and migrations, which tests rewrite) is
 * read and transformed again as before; module resolution is not kept for any file.
 */
const Runtime = require("jest-runtime").default;

class CompiledModuleRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    const executor = this.executor;
    // Another jest's runtime without this shape: compile as it does.
    if (typeof executor?.compile !== "function") return;
    const compile = executor.compile.bind(executor);
    /** filename -> the transformed source it was compiled from, and the function. */
    const compiled = new Map();
    executor.compile = (source, filename) => {
      const kept = compiled.get(filename);
      if (kept !== undefined && kept.source === source) return kept.fn;
      const fn = (stable(filename) && compileWithCodeCache(executor, source, filename)) || compile(source, filename);
      if (fn !== null) compiled.set(filename, { source, fn });
      return fn;
    };
    keepStableEntries(this.fileCache, ["strings", "buffers"]);
    keepStableEntries(this.transformCache, ["transforms", "mutex"]);
    keepStableTransforms(this.transformCache);
  }
}

const path = require("node:path");
const vm = require("node:vm");
const ROOT = path.resolve(__dirname, "..", "..");
const STABLE = [path.join(ROOT, "src") + path.sep, path.join(ROOT, "node_modules") + path.sep];
const stable = (filename) => typeof filename === "string" && STABLE.some((prefix) => filename.startsWith(prefix));

/**
 * V8's code cache of each module of `STABLE` that this worker compiled, for the next test file that loads it:
 * filename -> the transformed text and its cache. Each test file has its own runtime, which compiles every
 * module it loads afresh (`vm.compileFunction` parses the whole text again); with the cache V8 reads the
 * compiled top level instead. On 30 CLI, catalog, e2e and compare files, two workers: 14,400 compiles took
 * 4.8-6.4 s, and 3.0 s with the caches (producing them included); the caches held 8 MB per worker. Only
 * compiled code is shared: the functions, and every module-level binding, are still new in each test file.
 */
const codeCaches = new Map();

/**
 * Compiles as Jest's executor does (`ModuleExecutor.compile` of jest-runtime 30), with the code cache of the
 * same text if there is one, else producing it. Undefined where the executor has another shape or compiling
 * fails: Jest's own compile then runs, and reports the error its way.
 */
function compileWithCodeCache(executor, source, filename) {
  const context = typeof executor.environment?.getVmContext === "function" ? executor.environment.getVmContext() : null;
  if (context == null || !Array.isArray(executor.injectedModuleParameters) || typeof executor.dynamicImport !== "function") return undefined;
  if (executor.resolution?.isCoreModule?.(filename) !== false) return undefined;
  // A function compiled from a code cache has no dynamic import callback in Node 20 ("A dynamic import
  // callback was not specified", PGlite's modules): a module that may import() is compiled by Jest.
  if (source.includes("import(")) return undefined;
  const kept = codeCaches.get(filename);
  const cachedData = kept !== undefined && kept.source === source ? kept.data : undefined;
  let fn;
  try {
    fn = vm.compileFunction(source, executor.injectedModuleParameters, {
      filename,
      importModuleDynamically: (specifier, _function, importAttributes, ...rest) =>
        executor.dynamicImport(specifier, filename, context, importAttributes, rest[0]),
      parsingContext: context,
      ...(cachedData !== undefined ? { cachedData } : { produceCachedData: true }),
    });
  } catch {
    return undefined;
  }
  if (cachedData === undefined && fn.cachedData !== undefined) codeCaches.set(filename, { source, data: fn.cachedData });
  else if (cachedData !== undefined && fn.cachedDataRejected) codeCaches.delete(filename);
  return fn;
}

/**
 * Makes `cache.clear()` delete only the entries (keyed by file name) of files outside `STABLE`, in the maps
 * `fields` names. Another Jest whose caches have another shape is left as it is.
 */
function keepStableEntries(cache, fields) {
  if (cache === undefined || typeof cache.clear !== "function") return;
  const maps = fields.map((field) => cache[field]);
  if (!maps.every((map) => map instanceof Map)) return;
  cache.clear = () => {
    for (const map of maps) for (const key of [...map.keys()]) if (!stable(key)) map.delete(key);
  };
}

/**
 * Jest's transform cache stores each file's transformed code but looks nothing up in it: every load asks
 * the script transformer again, which stats the file and hashes its text and options into a cache key
 * (about a third of a CLI-heavy file's module loading after the changes above). For a file of `STABLE`,
 * the code transformed for the same options is given again while Jest still holds its entry.
 */
function keepStableTransforms(cache) {
  if (cache === undefined || typeof cache.transform !== "function" || !(cache.transforms instanceof Map)) return;
  const transform = cache.transform.bind(cache);
  /** filename -> the options (as JSON) its entry in `cache.transforms` was transformed with. */
  const transformedWith = new Map();
  cache.transform = (filename, options) => {
    if (!stable(filename) || options?.isInternalModule) return transform(filename, options);
    const key = JSON.stringify(options ?? null);
    const held = cache.transforms.get(filename);
    if (held !== undefined && transformedWith.get(filename) === key) return held.code;
    const code = transform(filename, options);
    transformedWith.set(filename, key);
    return code;
  };
}

module.exports = CompiledModuleRuntime;
module.exports.default = CompiledModuleRuntime;
