/**
 * The `require()` hook behind `registerTypeScript` (load-module.ts): compiles `.ts`/`.mts`/`.cts`/`.tsx`
 * files to CommonJS with the project's compiler (project-compiler.ts), and keeps the outputs in the
 * on-disk `CompileCache`. On a cache hit nothing is compiled and `typescript` is not loaded; it is loaded
 * on the first miss only. The hook also resolves `.js`/`.mjs`/`.cjs` import specifiers that name
 * `.ts`/`.mts`/`.cts` files and the project's tsconfig `paths` (module-resolver.ts), loads every
 * TypeScript file as CommonJS even in a `"type": "module"` package, leaves files under `node_modules` to
 * Node, and maps stack traces to the TypeScript sources.
 */
import fs from "node:fs";
import Module from "node:module";
import path from "node:path";
import { knownDigest } from "../cache/file-stamps";
import { touch } from "./compile-cache";
import { ModuleLoadError } from "./load-error";
import { runCompiledModule } from "./run-compiled-module";
import { BATCH_EXTENSIONS, type BatchFile } from "./batch-compile";
import { deltaPackPath, readStoredPack, storePack, type PackEntry, type StoredPack } from "./module-pack";
import { installResolver } from "./module-resolver";
import { createProjectCompilation, type ProjectCompilation } from "./project-compiler";

/** What the hook did in this process, for tests and diagnostics. */
export interface TypeScriptHookStats {
  /** Files whose compiled output came from the cache. */
  readonly hits: number;
  /** Files compiled by TypeScript. */
  readonly compiled: number;
  /** Of `compiled`, those compiled ahead of `require`, all at once (see `prepareTypeScript`). */
  readonly precompiled: number;
  /** Of `compiled`, those whose output came from the worker `compileAhead` started. */
  readonly compiledAhead: number;
  /** Whether `compileAhead` started a worker. */
  readonly aheadStarted: boolean;
  /** Files run from V8's code cache, so not parsed again (see run-compiled-module.ts). */
  readonly codeCacheHits: number;
  /** Whether the compiler (`typescript`) has been loaded. */
  readonly compilerLoaded: boolean;
  /** Whether `typescript` itself ran from V8's code cache when it was loaded (compiler-preload.ts). */
  readonly compilerFromCodeCache: boolean;
  /** Whether `typescript`'s source was read as ASCII, without decoding UTF-8 (compiler-preload.ts). */
  readonly compilerReadAsAscii: boolean;
  /** The `typescript` version of the current project, and whether it is the project's own or the tool's. */
  readonly typescript: { readonly version: string; readonly origin: "project" | "tool" } | undefined;
  /** The cache directory, or `undefined` when the cache is off or unavailable. */
  readonly cacheDirectory: string | undefined;
  /** What each set readied by `prepareTypeScript` wrote once loaded: nothing, its delta, or its whole pack. */
  readonly packWrites: readonly ("nothing" | "delta" | "pack")[];
}

type CompiledModule = Module & { _compile(code: string, filename: string): unknown };

type NodeModuleInternals = typeof Module & {
  _extensions: Record<string, (module: CompiledModule, filename: string) => void>;
  _cache: Record<string, unknown>;
};

const nodeModule = Module as NodeModuleInternals;

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

type Counters = { -readonly [K in keyof TypeScriptHookStats]: TypeScriptHookStats[K] } & {
  packWrites: ("nothing" | "delta" | "pack")[];
};

function freshStats(): Counters {
  return {
    hits: 0,
    compiled: 0,
    precompiled: 0,
    compiledAhead: 0,
    aheadStarted: false,
    codeCacheHits: 0,
    compilerLoaded: false,
    compilerFromCodeCache: false,
    compilerReadAsAscii: false,
    typescript: undefined,
    cacheDirectory: undefined,
    packWrites: [],
  };
}

let stats = freshStats();

/** Counters of the hook in this process (cache hits, compilations, whether the compiler was loaded). */
export function typescriptHookStats(): TypeScriptHookStats {
  return { ...stats, packWrites: [...stats.packWrites] };
}

/** Source-mapped stack traces for compiled files, read from memory. */
function installSourceMaps(outputs: ReadonlyMap<string, string>): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const support = require("@cspotcode/source-map-support") as {
    install(options: Record<string, unknown>): void;
  };
  support.install({
    environment: "node",
    retrieveFile: (file: string) => outputs.get(file.replace(/\\/g, "/")) ?? "",
    redirectConflictingLibrary: true,
  });
}

/** The project whose files the hook compiles now, and the files `prepareTypeScript` readied. */
interface ActiveProject {
  readonly compilation: ProjectCompilation;
  readonly prepared: Map<string, PreparedFile>;
}

let active: ActiveProject | undefined;

/**
 * Makes `projectDir` the project whose compiler, tsconfig and cache the hook uses (a process normally
 * loads one project; switching to another starts afresh).
 *
 * @throws UnsupportedTypeScriptError when the project's TypeScript is older than 4.7.
 */
export function useTypeScriptProject(projectDir: string): void {
  const resolved = path.resolve(projectDir);
  if (active?.compilation.projectDir === resolved) return;
  const compilation = createProjectCompilation(resolved, {
    loaded(fromCodeCache, readAsAscii) {
      stats.compilerLoaded = true;
      stats.compilerFromCodeCache = fromCodeCache;
      stats.compilerReadAsAscii = readAsAscii;
    },
    compiledAhead() {
      stats.compiledAhead += 1;
    },
  });
  active = { compilation, prepared: new Map() };
  stats.cacheDirectory = compilation.cache?.directory;
  stats.typescript = { version: compilation.compiler.typescript.version, origin: compilation.compiler.typescript.origin };
}

/**
 * Starts compiling `files` (project TypeScript files with their sources, as read now) in a worker thread
 * (`LazyCompiler.compileAhead`), for a load of the project in `projectDir` that is about to need them: the
 * files an edit changed since the entity cache's entry was built. Files under `node_modules` and other
 * extensions are left out; the hook uses an output only for a file whose source is still the one given.
 */
export function compileAhead(projectDir: string, files: readonly BatchFile[]): void {
  useTypeScriptProject(projectDir);
  const eligible = files.filter(({ file }) => BATCH_EXTENSIONS.has(path.extname(file).toLowerCase()) && !file.includes(NODE_MODULES));
  if (active!.compilation.compiler.compileAhead(eligible)) stats.aheadStarted = true;
}

function current(): ActiveProject {
  if (!active) useTypeScriptProject(process.cwd());
  return active!;
}

/** The TypeScript file `requireTypeScript` requires now: the one whose top-level `await` is waited for. */
let requiredDirectly: string | undefined;

/** The top-level `await`s of files required directly, until `requireTypeScript` waits for them. */
const pendingBodies = new Map<string, Promise<unknown>>();

/**
 * Requires a TypeScript file through the hook and waits for its top-level `await`, if it has any (see
 * run-compiled-module.ts): a DataSource module or config that awaits its settings. The files it imports
 * cannot have one (the CommonJS importer would see their exports before they are set).
 *
 * @returns the module's exports once its body has run to its end.
 * @throws whatever requiring it throws; ModuleLoadError for top-level `await` in a file it imports.
 */
export async function requireTypeScript(file: string): Promise<unknown> {
  const outer = requiredDirectly;
  requiredDirectly = file;
  let exported: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exported = require(file);
  } finally {
    requiredDirectly = outer;
  }
  const settled = pendingBodies.get(file);
  if (settled === undefined) return exported;
  pendingBodies.delete(file);
  await settled;
  return (nodeModule._cache[file] as NodeModule | undefined)?.exports ?? exported;
}

/** Top-level `await` in `filename`, a file another one imports (see `requireTypeScript`). */
function importedTopLevelAwait(filename: string): ModuleLoadError {
  const reason =
    "it uses top-level await, and another file imports it: pg-autogen runs TypeScript files as CommonJS, " +
    "where the importer cannot wait for it; move the await into a function, or into the file autogen " +
    "loads itself (the DataSource module, the config)";
  return new ModuleLoadError(requiredDirectly ?? filename, "threw", reason, { file: filename, line: null, column: null });
}

/**
 * Installs the hook on Node's CommonJS loader for `extensions`, replacing any handler already registered
 * for them. Called once per process by `registerTypeScript`.
 */
export function installTypeScriptHook(extensions: ReadonlySet<string>): void {
  const outputs = new Map<string, string>();
  const javascript = nodeModule._extensions[".js"]!;

  /**
   * Runs `output` as the module of `filename`, from `codeCache` when V8 accepts it; `store` keeps the
   * code cache V8 made when it did not. ES module output goes to Node's own loader. Top-level `await`
   * runs in the file `requireTypeScript` requires, which waits for it, and is refused elsewhere.
   */
  const run = (
    module: CompiledModule,
    filename: string,
    output: string,
    codeCache: Buffer | undefined,
    store: (fresh: Buffer) => void,
  ): void => {
    outputs.set(filename.replace(/\\/g, "/"), output);
    const outcome = runCompiledModule(module, output, filename, codeCache, filename === requiredDirectly);
    if (!outcome.ran && outcome.topLevelAwait) throw importedTopLevelAwait(filename);
    if (!outcome.ran) return void module._compile(output, filename);
    if (outcome.settled !== undefined) pendingBodies.set(filename, outcome.settled);
    if (outcome.codeCacheAccepted) stats.codeCacheHits += 1;
    else store(outcome.createCodeCache());
  };

  const handler = (module: CompiledModule, filename: string): void => {
    if (filename.includes(NODE_MODULES)) return javascript(module, filename);
    const { compilation, prepared } = current();
    const { cache, compiler } = compilation;
    const known = prepared.get(filename);
    if (known) {
      prepared.delete(filename);
      if (!known.compiledNow) stats.hits += 1;
      return run(module, filename, known.output, known.codeCache, (fresh) => {
        known.pack.entries.set(known.key, { output: known.output, codeCache: fresh });
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
    if (key === undefined || cache === undefined) return run(module, filename, output, undefined, () => undefined);
    run(module, filename, output, cache.readCodeCache(key), (fresh) => cache.writeCodeCache(key, fresh));
  };
  for (const ext of extensions) nodeModule._extensions[ext] = handler;
  installResolver((request) => active?.compilation.mapPath(request));
  installSourceMaps(outputs);
}

/** The pack of one set of files (module-pack.ts) while they load. */
interface PackSession {
  readonly file: string;
  /** What the pack will hold: this run's files, with the code caches made as they ran. */
  readonly entries: Map<string, PackEntry>;
  /** The pack and its delta as read. */
  readonly onDisk: StoredPack;
  /**
   * Whether some of the set's files were loaded already (a second load in one process): their entries are
   * not in `entries`, and the pack's are kept for them.
   */
  partial: boolean;
}

/** A file `prepareTypeScript` readied, until it is required. */
interface PreparedFile extends PackEntry {
  readonly key: string;
  /** Compiled by this process (as opposed to found in the cache). */
  readonly compiledNow: boolean;
  readonly pack: PackSession;
}

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
 * @returns a function to call once the files are loaded: it stores what changed (`storePack`).
 */
export function prepareTypeScript(files: readonly string[], setName: string): () => void {
  const hook = active;
  const cache = hook?.compilation.cache;
  if (!hook || !cache) return () => undefined;
  const packFile = cache.packPath(setName);
  const { entries: onDisk, base, delta } = readStoredPack(packFile);
  if (base.size > 0) touch(packFile);
  if (delta.size > 0) touch(deltaPackPath(packFile));
  const pack: PackSession = { file: packFile, entries: new Map(), onDisk: { base, delta }, partial: false };
  const ready = (file: string, key: string, entry: PackEntry, compiledNow: boolean): void => {
    pack.entries.set(key, entry);
    hook.prepared.set(file, { key, output: entry.output, codeCache: entry.codeCache, compiledNow, pack });
  };
  const missing: (BatchFile & { key: string })[] = [];
  for (const file of files) {
    if (!BATCH_EXTENSIONS.has(path.extname(file).toLowerCase()) || file.includes(NODE_MODULES)) continue;
    if (hook.prepared.has(file) || nodeModule._cache[file]) {
      pack.partial = true;
      continue;
    }
    // A file the entity cache's record still knows by its status needs no reading to find its entry.
    const digest = knownDigest(file);
    if (digest !== undefined) {
      const key = cache.keyForDigest(file, digest);
      const packed = onDisk.get(key);
      if (packed) {
        ready(file, key, packed, false);
        continue;
      }
    }
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
  }
  if (missing.length > 0) {
    const compiled = hook.compilation.compiler.compileMany(missing);
    for (const { file, key } of missing) {
      const output = compiled.get(file);
      if (output === undefined) continue;
      ready(file, key, { output, codeCache: undefined }, true);
      stats.compiled += 1;
      stats.precompiled += 1;
    }
  }
  let finished = false;
  return () => {
    if (finished) return;
    finished = true;
    const entries = pack.partial ? new Map([...base, ...delta, ...pack.entries]) : pack.entries;
    stats.packWrites.push(storePack(pack.file, entries, pack.onDisk));
  };
}
