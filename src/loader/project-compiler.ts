/**
 * How one project's TypeScript files are compiled: its `typescript` (project-typescript.ts), the options
 * from its tsconfig (tsconfig-options.ts), its tsconfig `paths`, and the on-disk compile cache beside its
 * `node_modules`. The compiler itself is loaded on the first file the cache does not hold, from V8's code
 * cache when a run has stored one (compiler-preload.ts).
 */
import path from "node:path";
import type * as TypeScript from "typescript";
import { CompileCache, compileCacheDisabled, pruneCompileCache, resolveCacheDirectory } from "./compile-cache";
import { compileBatchWith, type BatchFile } from "./batch-compile";
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
}

/** The compiler of one project, loaded on first use. */
export class LazyCompiler {
  private service: TranspileService | undefined;
  private preloaded: PreloadedCompiler | undefined;

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

  /** One file, as required. @throws TypeScriptSyntaxError */
  compile(source: string, filename: string): string {
    const output = this.transpiler.compile(source, filename);
    this.preloaded?.storeCodeCache();
    return output;
  }

  /** Many files in this thread (see batch-compile.ts). */
  compileMany(files: readonly BatchFile[]): Map<string, string> {
    const outputs = compileBatchWith(this.transpiler, files);
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
