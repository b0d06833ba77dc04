/**
 * The `require()` hook behind `registerTypeScript` (load-typescript.ts): compiles `.ts`/`.mts`/`.cts`/
 * `.tsx` files to CommonJS through ts-node's transpile-only service, and keeps the outputs in the on-disk
 * `CompileCache`. On a cache hit nothing is compiled and neither ts-node nor `typescript` is loaded; they
 * are loaded on the first miss only. What ts-node's own `register()` gave the loader is kept: the same
 * compiler and options (so the same output, decorator metadata included), `.js`/`.mjs`/`.cjs` import
 * specifiers that resolve to `.ts`/`.mts`/`.cts` files, every TypeScript file loaded as CommonJS even in a
 * `"type": "module"` package, files under `node_modules` left to Node, and source-mapped stack traces.
 */
import fs from "node:fs";
import Module from "node:module";
import path from "node:path";
import { CompileCache, compileCacheDisabled, pruneCompileCache, resolveCacheDirectory, touch } from "./compile-cache";
import { runCompiledModule } from "./run-compiled-module";
import { projectPathMapper, type PathMapper } from "./tsconfig-paths";
import { BATCH_EXTENSIONS, compileBatchWith, type BatchFile } from "./batch-compile";
import { readModulePack, writeModulePack, type PackEntry } from "./module-pack";
import { preloadCompiler, typescriptEntryPoint, type PreloadedCompiler } from "./compiler-preload";
import { createCompilerService, type TypeScriptHookOptions } from "./ts-node-service";

/** What the hook did in this process, for tests and diagnostics. */
export interface TypeScriptHookStats {
  /** Files whose compiled output came from the cache. */
  readonly hits: number;
  /** Files compiled by TypeScript. */
  readonly compiled: number;
  /** Of `compiled`, those compiled ahead of `require`, all at once (see `prepareTypeScript`). */
  readonly precompiled: number;
  /** Files run from V8's code cache, so not parsed again (see run-compiled-module.ts). */
  readonly codeCacheHits: number;
  /** Whether the compiler (ts-node, and through it `typescript`) has been loaded. */
  readonly compilerLoaded: boolean;
  /** Whether `typescript` itself ran from V8's code cache when it was loaded (compiler-preload.ts). */
  readonly compilerFromCodeCache: boolean;
  /** The cache directory, or `undefined` when the cache is off or unavailable. */
  readonly cacheDirectory: string | undefined;
}

export type { TypeScriptHookOptions };

type CompiledModule = Module & { _compile(code: string, filename: string): unknown };

type NodeModuleInternals = typeof Module & {
  _extensions: Record<string, (module: CompiledModule, filename: string) => void>;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _cache: Record<string, unknown>;
};

type Service = import("ts-node").Service;

const nodeModule = Module as NodeModuleInternals;

/** The replacements tried, in order, when a `.js`-style specifier names no file (as ts-node does). */
const REPLACEMENTS: Readonly<Record<string, readonly string[]>> = {
  ".js": [".ts", ".tsx"],
  ".jsx": [".tsx"],
  ".mjs": [".mts"],
  ".cjs": [".cts"],
};

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

type Counters = { -readonly [K in keyof TypeScriptHookStats]: TypeScriptHookStats[K] };

function freshStats(cacheDirectory: string | undefined): Counters {
  return {
    hits: 0,
    compiled: 0,
    precompiled: 0,
    codeCacheHits: 0,
    compilerLoaded: false,
    compilerFromCodeCache: false,
    cacheDirectory,
  };
}

let stats = freshStats(undefined);

/** Counters of the hook in this process (cache hits, compilations, whether the compiler was loaded). */
export function typescriptHookStats(): TypeScriptHookStats {
  return { ...stats };
}

function tsNodeDirectory(): string {
  return path.dirname(require.resolve("ts-node/package.json"));
}

/** The `typescript` ts-node would load: the project's own (from the working directory) else its own. */
function typescriptVersion(): string {
  for (const from of [process.cwd(), tsNodeDirectory()]) {
    try {
      const file = require.resolve("typescript/package.json", { paths: [from] });
      return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
    } catch {
      // Try the next location; ts-node itself will report a missing compiler.
    }
  }
  return "unknown";
}

function compilerIdentity(options: TypeScriptHookOptions): string {
  const tsNodeVersion = (JSON.parse(fs.readFileSync(path.join(tsNodeDirectory(), "package.json"), "utf8")) as {
    version: string;
  }).version;
  return JSON.stringify({
    typescript: typescriptVersion(),
    tsNode: tsNodeVersion,
    compilerOptions: options.compilerOptions,
    moduleTypes: options.moduleTypes,
  });
}

/** The hook's compiler: one ts-node service, created on first use. */
class LazyCompiler {
  private service: Service | undefined;
  private preloaded: PreloadedCompiler | undefined;

  constructor(
    private readonly options: TypeScriptHookOptions,
    private readonly cache: CompileCache | undefined,
  ) {}

  private get compilerService(): Service {
    if (!this.service) {
      const typescript = this.cache ? typescriptEntryPoint(tsNodeDirectory()) : undefined;
      if (typescript && this.cache) this.preloaded = preloadCompiler(typescript, this.cache);
      this.service = createCompilerService(this.options);
      stats.compilerLoaded = true;
      stats.compilerFromCodeCache = this.preloaded?.fromCodeCache ?? false;
    }
    return this.service;
  }

  /** One file, as required. */
  compile(source: string, filename: string): string {
    const output = this.compilerService.compile(source, filename);
    this.preloaded?.storeCodeCache();
    return output;
  }

  /** Many files in this thread (see batch-compile.ts). */
  compileMany(files: readonly BatchFile[]): Map<string, string> {
    const outputs = compileBatchWith(this.compilerService, files);
    this.preloaded?.storeCodeCache();
    return outputs;
  }
}

/** Source-mapped stack traces for compiled files, read from memory as ts-node does. */
function installSourceMaps(outputs: ReadonlyMap<string, string>): void {
  const resolved = require.resolve("@cspotcode/source-map-support", { paths: [tsNodeDirectory()] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const support = require(resolved) as {
    install(options: Record<string, unknown>): void;
  };
  support.install({
    environment: "node",
    retrieveFile: (file: string) => outputs.get(file.replace(/\\/g, "/")) ?? "",
    redirectConflictingLibrary: true,
  });
}

/** Whether the requiring module is a TypeScript file outside node_modules (where tsconfig `paths` apply). */
function isTypeScriptParent(parent: unknown): boolean {
  const file = (parent as { filename?: unknown } | null | undefined)?.filename;
  return typeof file === "string" && /\.[mc]?tsx?$/.test(file) && !file.includes(NODE_MODULES);
}

/** A package name (`typeorm`, `@scope/pkg/sub`), as opposed to a relative or absolute path or a URL. */
function isBareSpecifier(request: string): boolean {
  return !request.startsWith(".") && !path.isAbsolute(request) && !request.includes(":");
}

/**
 * Lets `./user.js` name `./user.ts` (and `.mjs` `.mts`, `.cjs` `.cts`) when no JavaScript file exists,
 * and remembers where package names resolved from each directory. Node caches relative lookups but not
 * packages resolved through an `exports` map (typeorm has one): without the memo, the `import ... from
 * "typeorm"` of each of 1,000 entity files walked the package again (about 0.1 ms each). A package
 * name's resolution depends only on the requiring file's directory, so the memo is keyed by both.
 */
function installResolver(): void {
  const original = nodeModule._resolveFilename;
  const packages = new Map<string, string>();
  let mapper: PathMapper | undefined | null = null;
  const mapped = (request: string): string | undefined => {
    if (mapper === null) mapper = projectPathMapper();
    return mapper?.(request);
  };
  nodeModule._resolveFilename = function resolveWithTypeScript(request, parent, isMain, options) {
    const directory = (parent as { path?: unknown } | null | undefined)?.path;
    const memoKey =
      !isMain && options === undefined && typeof directory === "string" && isBareSpecifier(request)
        ? `${directory}\0${request}`
        : undefined;
    if (memoKey !== undefined) {
      const known = packages.get(memoKey);
      if (known !== undefined) return known;
    }
    try {
      const resolved = original.call(this, request, parent, isMain, options);
      if (memoKey !== undefined) packages.set(memoKey, resolved);
      return resolved;
    } catch (error) {
      if ((error as { code?: unknown }).code !== "MODULE_NOT_FOUND") throw error;
      const relative = request.startsWith(".") || path.isAbsolute(request);
      if (!relative && isTypeScriptParent(parent)) {
        // An alias of the project's tsconfig `paths` (or a `baseUrl`-relative name) in a TypeScript file.
        const target = mapped(request);
        if (target !== undefined) {
          const resolved = original.call(this, target, parent, isMain, options);
          if (memoKey !== undefined) packages.set(memoKey, resolved);
          return resolved;
        }
      }
      const replacements = REPLACEMENTS[path.extname(request)];
      if (!replacements || !relative) throw error;
      const stem = request.slice(0, -path.extname(request).length);
      for (const ext of replacements) {
        try {
          return original.call(this, stem + ext, parent, isMain, options);
        } catch {
          // Try the next replacement.
        }
      }
      throw error;
    }
  };
}

/**
 * Installs the hook on Node's CommonJS loader for `options.extensions`, replacing any handler already
 * registered for them. Called once per process by `registerTypeScript`.
 */
export function installTypeScriptHook(options: TypeScriptHookOptions): void {
  const directory = compileCacheDisabled() ? undefined : resolveCacheDirectory();
  const cache = directory === undefined ? undefined : new CompileCache(directory, compilerIdentity(options));
  if (directory !== undefined) pruneCompileCache(directory);
  const compiler = new LazyCompiler(options, cache);
  stats = freshStats(directory);
  const outputs = new Map<string, string>();
  const javascript = nodeModule._extensions[".js"]!;
  active = { compiler, cache, prepared: new Map() };
  const prepared = active.prepared;

  /**
   * Runs `output` as the module of `filename`, from `codeCache` when V8 accepts it; `store` keeps the
   * code cache V8 made when it did not. ES module output goes to Node's own loader.
   */
  const run = (
    module: CompiledModule,
    filename: string,
    output: string,
    codeCache: Buffer | undefined,
    store: (fresh: Buffer) => void,
  ): void => {
    outputs.set(filename.replace(/\\/g, "/"), output);
    const outcome = runCompiledModule(module, output, filename, codeCache);
    if (!outcome.ran) return void module._compile(output, filename);
    if (outcome.codeCacheAccepted) stats.codeCacheHits += 1;
    else store(outcome.createCodeCache());
  };

  const handler = (module: CompiledModule, filename: string): void => {
    if (filename.includes(NODE_MODULES)) return javascript(module, filename);
    const known = prepared.get(filename);
    if (known) {
      prepared.delete(filename);
      if (!known.compiledNow) stats.hits += 1;
      return run(module, filename, known.output, known.codeCache, (fresh) => {
        known.pack.entries.set(known.key, { output: known.output, codeCache: fresh });
        known.pack.changed = true;
      });
    }
    const bytes = fs.readFileSync(filename);
    const key = cache?.keyFor(filename, bytes);
    let output = key === undefined ? undefined : cache?.read(key);
    if (output === undefined) {
      output = compiler.compile(bytes.toString("utf8"), filename);
      stats.compiled += 1;
      if (key !== undefined) cache?.write(key, output);
    } else {
      stats.hits += 1;
    }
    if (key === undefined || cache === undefined) {
      outputs.set(filename.replace(/\\/g, "/"), output);
      return void module._compile(output, filename);
    }
    run(module, filename, output, cache.readCodeCache(key), (fresh) => cache.writeCodeCache(key, fresh));
  };
  for (const ext of options.extensions) nodeModule._extensions[ext] = handler;
  installResolver();
  installSourceMaps(outputs);
}

/** The pack of one set of files (module-pack.ts) while they load. */
interface PackSession {
  readonly file: string;
  /** What the pack will hold: this run's files, with the code caches made as they ran. */
  readonly entries: Map<string, PackEntry>;
  /** Whether `entries` differ from the pack on disk. */
  changed: boolean;
}

/** A file `prepareTypeScript` readied, until it is required. */
interface PreparedFile extends PackEntry {
  readonly key: string;
  /** Compiled by this process (as opposed to found in the cache). */
  readonly compiledNow: boolean;
  readonly pack: PackSession;
}

/** What the installed hook shares with `prepareTypeScript`. */
interface ActiveHook {
  readonly compiler: LazyCompiler;
  readonly cache: CompileCache | undefined;
  readonly prepared: Map<string, PreparedFile>;
}

let active: ActiveHook | undefined;

/**
 * Readies `files` (absolute paths), a set that loads together, before they are required: their compiled
 * outputs and code caches come from one pack file for the set (module-pack.ts) instead of two cache
 * files each, and those neither the pack nor the cache holds are compiled in one TypeScript program
 * (batch-compile.ts): 2.4 s for 1,000 bench entities in a fresh process, where compiling them one by one
 * as they are required took 4.5 s. (Worker threads were tried: on 2 cores, two workers took longer than
 * one thread, each paying TypeScript's start-up and warm-up.) Files it cannot compile that way are left
 * to the hook. Does nothing when the hook is not installed or the cache is off.
 *
 * @param setName names the set (the same name, the same pack), for example the entity globs.
 * @returns a function to call once the files are loaded: it writes the pack when it changed.
 */
export function prepareTypeScript(files: readonly string[], setName: string): () => void {
  const hook = active;
  if (!hook?.cache) return () => undefined;
  const cache = hook.cache;
  const packFile = cache.packPath(setName);
  const onDisk = readModulePack(packFile);
  if (onDisk.size > 0) touch(packFile);
  const pack: PackSession = { file: packFile, entries: new Map(), changed: false };
  const ready = (file: string, key: string, entry: PackEntry, compiledNow: boolean): void => {
    pack.entries.set(key, entry);
    hook.prepared.set(file, { key, output: entry.output, codeCache: entry.codeCache, compiledNow, pack });
  };
  const missing: (BatchFile & { key: string })[] = [];
  for (const file of files) {
    if (!BATCH_EXTENSIONS.has(path.extname(file).toLowerCase()) || file.includes(NODE_MODULES)) continue;
    if (hook.prepared.has(file) || nodeModule._cache[file]) continue;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      continue; // Requiring it will say what is wrong.
    }
    const key = cache.keyFor(file, bytes);
    const packed = onDisk.get(key);
    if (packed) {
      ready(file, key, packed, false);
      continue;
    }
    const output = cache.read(key);
    if (output === undefined) {
      missing.push({ file, source: bytes.toString("utf8"), key });
      continue;
    }
    ready(file, key, { output, codeCache: cache.readCodeCache(key) }, false);
    pack.changed = true;
  }
  if (missing.length > 0) {
    const compiled = hook.compiler.compileMany(missing);
    for (const { file, key } of missing) {
      const output = compiled.get(file);
      if (output === undefined) continue;
      ready(file, key, { output, codeCache: undefined }, true);
      pack.changed = true;
      stats.compiled += 1;
      stats.precompiled += 1;
    }
  }
  if ([...onDisk.keys()].some((key) => !pack.entries.has(key))) pack.changed = true;
  return () => {
    if (pack.changed) writeModulePack(pack.file, pack.entries);
    pack.changed = false;
  };
}
