/**
 * Jest's runtime, keeping each module's compiled wrapper function for the whole test file, and V8's code
 * cache of each module for the whole jest worker process.
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
 * test file), so nothing is shared between test files but V8's code cache: a module compiled by a second
 * test file of the same worker leaves its cache data, which later test files compile from (TypeScript's
 * 9 MB: 190-460 ms to compile, 35-50 ms from the cache). Cache data V8 rejects is compiled as usual.
 */
const vm = require("node:vm");
const Runtime = require("jest-runtime").default;

/** filename -> the transformed source last compiled in this process, and V8's cache data for it once made. */
const codeCache = new Map();

/** `vm.compileFunction` for one call of jest's `compile`, with the code cache of `filename`. */
function compileWithCodeCache(compile, source, filename) {
  let entry = codeCache.get(filename);
  // Cache data is made the second time the process compiles a module (in another test file): entity and
  // migration files of temporary projects are compiled once, and would only pay for making it.
  const again = entry !== undefined && entry.source === source;
  if (!again) {
    entry = { source, data: null };
    codeCache.set(filename, entry);
  }
  const original = vm.compileFunction;
  vm.compileFunction = (code, params, options) => {
    if (code !== source || !again) return original(code, params, options);
    if (entry.data !== null) {
      const fn = original(code, params, { ...options, cachedData: entry.data });
      if (fn.cachedDataRejected) entry.data = null;
      return fn;
    }
    const fn = original(code, params, { ...options, produceCachedData: true });
    if (fn.cachedDataProduced && fn.cachedData) entry.data = fn.cachedData;
    return fn;
  };
  try {
    return compile(source, filename);
  } finally {
    vm.compileFunction = original;
  }
}

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
      const fn = compileWithCodeCache(compile, source, filename);
      if (fn !== null) compiled.set(filename, { source, fn });
      return fn;
    };
  }
}

module.exports = CompiledModuleRuntime;
module.exports.default = CompiledModuleRuntime;
