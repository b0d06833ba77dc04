/**
 * How one project's TypeScript files are compiled: its `typescript` (project-typescript.ts), the options
 * from its tsconfig (tsconfig-options.ts), its tsconfig `paths`, and the on-disk compile cache beside its
 * `node_modules`. The compiler itself is loaded on the first file the cache does not hold, from V8's code
 * cache when a run has stored one (compiler-preload.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type * as TypeScript from "typescript";
import { CompileCache, compileCacheDisabled, pruneCompileCache, resolveCacheDirectory } from "./compile-cache";
import { compileBatchWith, type BatchFile } from "./batch-compile";
import type { CompileJob, CompileReply } from "./compile-worker";
import { preloadCompiler, type PreloadedCompiler } from "./compiler-preload";
import { resolveTypeScript, type ResolvedTypeScript } from "./project-typescript";
import { projectCompilerOptions, type ProjectCompilerOptions } from "./tsconfig-options";
import { projectPathMapper, type PathMapper } from "./tsconfig-paths";
import { createTranspileService, type TranspileService } from "./typescript-compiler";

/** Counters the compiler keeps for the hook's statistics. */
export interface CompilerEvents {
  /**
   * Called once, when the compiler is loaded; `fromCodeCache` when V8's code cache served it, `readAsAscii`
   * when its source was read without decoding UTF-8 (compiler-preload.ts).
   */
  loaded(fromCodeCache: boolean, readAsAscii: boolean): void;
  /** Called for each file whose output came from the worker `compileAhead` started. */
  compiledAhead(): void;
}

/**
 * How long the main thread waits for the worker's outputs at most: past it (a worker that could not start
 * or died), it compiles the files itself.
 */
const AHEAD_TIMEOUT_MS = 60_000;

/** The worker `compileAhead` started, and what it was given. */
interface AheadCompile {
  readonly sources: ReadonlyMap<string, string>;
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly signal: Int32Array;
  /** Its outputs once received; null when it failed or timed out. */
  outputs?: ReadonlyMap<string, string> | null;
}

/** The compiler of one project, loaded on first use. */
export class LazyCompiler {
  private service: TranspileService | undefined;
  private preloaded: PreloadedCompiler | undefined;
  private ahead: AheadCompile | undefined;

  constructor(
    private readonly projectDir: string,
    readonly typescript: ResolvedTypeScript,
    private readonly compilerOptions: ProjectCompilerOptions,
    private readonly cache: CompileCache | undefined,
    private readonly events: CompilerEvents,
  ) {}

  private get transpiler(): TranspileService {
    if (!this.service) {
      if (this.cache) this.preloaded = preloadCompiler(this.typescript.entryPoint, this.cache);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ts = require(this.typescript.entryPoint) as typeof TypeScript;
      this.service = createTranspileService(ts, this.compilerOptions.options, this.projectDir);
      this.events.loaded(this.preloaded?.fromCodeCache ?? false, this.preloaded?.readAsAscii ?? false);
    }
    return this.service;
  }

  /**
   * Starts compiling `files` in a worker thread, ahead of their `compile` or `compileMany`: when one
   * entity file of many was edited, the main thread meanwhile loads TypeORM and the other modules, instead
   * of loading TypeScript and compiling first (about 0.1 s of a 1 s check). The outputs are those of
   * `compileMany` (the same code, in the worker); a file asked for with other content than it was given
   * is compiled here. Does nothing once the compiler is loaded in this thread, when a worker was started
   * already, or when the worker's script is not there (the tool run from its TypeScript sources).
   *
   * @returns whether a worker was started.
   */
  compileAhead(files: readonly BatchFile[]): boolean {
    if (this.service || this.ahead || files.length === 0) return false;
    const script = path.join(__dirname, "compile-worker.js");
    if (!fs.existsSync(script)) return false;
    const { port1, port2 } = new MessageChannel();
    const signal = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const cache = this.cache === undefined ? undefined : { directory: this.cache.directory, identity: this.cache.compilerIdentity };
    const job: CompileJob = {
      entryPoint: this.typescript.entryPoint,
      options: this.compilerOptions.options,
      projectDir: this.projectDir,
      cache,
      files: files.map(({ file, source }) => ({ file, source })),
      port: port2,
      signal,
    };
    let worker: Worker;
    try {
      worker = new Worker(script, { workerData: job, transferList: [port2] });
    } catch {
      port1.close();
      return false;
    }
    // Never what keeps the process alive; a failure is seen as a missing reply.
    worker.unref();
    worker.on("error", () => undefined);
    this.ahead = { sources: new Map(files.map(({ file, source }) => [file, source])), worker, port: port1, signal };
    return true;
  }

  /** The worker's output for `file` when it was given this very `source` (waiting for it if need be). */
  private aheadOutput(file: string, source: string): string | undefined {
    const ahead = this.ahead;
    if (ahead === undefined || ahead.sources.get(file) !== source) return undefined;
    if (ahead.outputs === undefined) {
      Atomics.wait(ahead.signal, 0, 0, AHEAD_TIMEOUT_MS);
      const reply = receiveMessageOnPort(ahead.port)?.message as CompileReply | undefined;
      ahead.outputs = reply !== undefined && "outputs" in reply ? new Map(reply.outputs) : null;
      ahead.port.close();
      void ahead.worker.terminate();
    }
    const output = ahead.outputs?.get(file);
    if (output !== undefined) this.events.compiledAhead();
    return output;
  }

  /** One file, as required. @throws TypeScriptSyntaxError */
  compile(source: string, filename: string): string {
    const ahead = this.aheadOutput(filename, source);
    if (ahead !== undefined) return ahead;
    const output = this.transpiler.compile(source, filename);
    this.preloaded?.storeCodeCache();
    return output;
  }

  /** Many files in this thread (see batch-compile.ts), or from the worker `compileAhead` started. */
  compileMany(files: readonly BatchFile[]): Map<string, string> {
    const outputs = new Map<string, string>();
    const rest: BatchFile[] = [];
    for (const file of files) {
      const ahead = this.aheadOutput(file.file, file.source);
      if (ahead === undefined) rest.push(file);
      else outputs.set(file.file, ahead);
    }
    if (rest.length === 0) return outputs;
    for (const [file, output] of compileBatchWith(this.transpiler, rest)) outputs.set(file, output);
    this.preloaded?.storeCodeCache();
    return outputs;
  }
}

/** Everything the hook needs to compile the files of one project. */
export interface ProjectCompilation {
  readonly projectDir: string;
  readonly compiler: LazyCompiler;
  /** `undefined` when the cache is off (`AUTOGEN_NO_CACHE`) or no cache folder is usable. */
  readonly cache: CompileCache | undefined;
  /** The project's tsconfig `paths` and `baseUrl`, read on first use. */
  mapPath(request: string): string | undefined;
}

/** Everything besides a file that decides its compiled output: the compiler and the options. */
function compilerIdentity(typescript: ResolvedTypeScript, options: ProjectCompilerOptions): string {
  return JSON.stringify({
    typescript: typescript.version,
    typescriptAt: path.dirname(typescript.entryPoint),
    compilerOptions: options.options,
  });
}

/**
 * The compilation of the project in `projectDir` (the folder of its config file).
 *
 * @throws UnsupportedTypeScriptError when the project's TypeScript is older than 4.7.
 */
export function createProjectCompilation(projectDir: string, events: CompilerEvents): ProjectCompilation {
  const typescript = resolveTypeScript(projectDir);
  const options = projectCompilerOptions(projectDir);
  const directory = compileCacheDisabled() ? undefined : resolveCacheDirectory(projectDir);
  const cache = directory === undefined ? undefined : new CompileCache(directory, compilerIdentity(typescript, options));
  if (directory !== undefined) pruneCompileCache(directory);
  let mapper: PathMapper | undefined | null = null;
  return {
    projectDir,
    compiler: new LazyCompiler(projectDir, typescript, options, cache, events),
    cache,
    mapPath(request) {
      if (mapper === null) mapper = projectPathMapper(projectDir);
      return mapper?.(request);
    },
  };
}
