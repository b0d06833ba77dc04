/**
 * Loads the user's modules (entities, the DataSource module, the config file, migrations) whatever they
 * are written in: `.ts`/`.mts`/`.cts`/`.tsx` through the project's TypeScript (typescript-hook.ts), `.js`/
 * `.cjs` through `require`, `.mjs` through a real `import()`. Plain JavaScript never loads TypeScript.
 * Failures are `ModuleLoadError`s naming the broken file and line; callers wrap them in their own errors.
 */
import "reflect-metadata";
import fs from "node:fs";
import Module from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { AutogenError } from "../errors";
import { HostTransformError, ModuleLoadError } from "./load-error";
import { noteIncomplete } from "../cache/load-record";
import type { BatchFile } from "./batch-compile";
import { syntaxErrorOf } from "./typescript-compiler";
import {
  compileAhead,
  installTypeScriptHook,
  prepareTypeScript,
  requireTypeScript,
  useTypeScriptProject,
} from "./typescript-hook";

/** Extensions compiled by TypeScript. */
const TYPESCRIPT_EXTENSIONS: ReadonlySet<string> = new Set([".ts", ".mts", ".cts", ".tsx"]);

/** Set on Node's `Module` so that every copy of this file (and every jest sandbox) sees one registration. */
const REGISTERED = Symbol.for("pg-autogen.typescript-loader.registered");

type NodeModuleInternals = typeof Module & {
  _extensions: Record<string, unknown>;
  [REGISTERED]?: true;
};

const nodeModule = Module as NodeModuleInternals;

/**
 * Whether `require` in this file is Node's own CommonJS loader. Under jest (or any host with its own
 * module system) it is not: the host compiles TypeScript itself (ts-jest here), and hooks registered on
 * Node's loader would never be consulted.
 */
function requireIsNodes(): boolean {
  return require.extensions === nodeModule._extensions;
}

/**
 * Whether the syntax error a host's module system (jest) threw for the TypeScript file `file` is its
 * transform's: TypeScript itself (the tool's own) parses the file without one.
 */
function hostCannotReadTypeScript(file: string, cause: unknown): boolean {
  if ((cause as { name?: unknown } | null)?.name !== "SyntaxError") return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require("typescript") as typeof import("typescript");
  const { diagnostics = [] } = ts.transpileModule(fs.readFileSync(file, "utf8"), { fileName: file, reportDiagnostics: true });
  return syntaxErrorOf(ts, file, diagnostics) === undefined;
}

/** Where to load from. */
export interface LoadOptions {
  /**
   * The project folder (the config file's): its `typescript`, tsconfig and compile cache are used.
   * Defaults to the working directory.
   */
  readonly projectDir?: string;
}

/**
 * Registers TypeScript compilation for `require()` once per process (later calls only switch the
 * project). When the process already compiles `.ts` files through another hook (tsx, swc, ts-node), that
 * hook is replaced for TypeScript extensions: its output might lack decorator metadata. Set
 * `AUTOGEN_NO_CACHE=1` to compile every file without the on-disk cache.
 *
 * @throws UnsupportedTypeScriptError when the project's TypeScript is older than 4.7.
 */
export function registerTypeScript(projectDir: string = process.cwd()): void {
  if (!requireIsNodes()) return;
  if (!nodeModule[REGISTERED]) {
    for (const ext of TYPESCRIPT_EXTENSIONS) delete nodeModule._extensions[ext];
    installTypeScriptHook(TYPESCRIPT_EXTENSIONS);
    nodeModule[REGISTERED] = true;
  }
  useTypeScriptProject(projectDir);
}

/**
 * Readies TypeScript files that are about to be loaded with `loadModule`, a set that loads together (the
 * files entity globs select): their compiled outputs come from one pack file for the set, and those not
 * compiled yet are compiled together instead of one by one as they are required. Optional: `loadModule`
 * compiles whatever is not ready.
 *
 * @param files absolute paths.
 * @param setName names the set: the same name finds the same pack (for example the globs).
 * @returns a function to call once the files are loaded, which stores what they added to the pack.
 */
export function prepareModules(files: readonly string[], setName: string, options: LoadOptions = {}): () => void {
  if (!files.some((file) => TYPESCRIPT_EXTENSIONS.has(path.extname(file).toLowerCase()))) return () => undefined;
  try {
    registerTypeScript(options.projectDir);
    const finish = prepareTypeScript(files, setName);
    return () => {
      try {
        finish();
      } catch {
        // The pack is only a cache: not writing it costs the next run time, nothing else.
      }
    };
  } catch {
    // Only a head start: `loadModule` compiles each file again and reports what is wrong with it.
    return () => undefined;
  }
}

/**
 * Starts compiling TypeScript files a load is about to need in a worker thread (see
 * `LazyCompiler.compileAhead`), given with their sources as read now: the files an edit changed. Only a
 * head start: the load compiles whatever the worker did not, or compiled from other content.
 */
export function compileModulesAhead(files: readonly BatchFile[], options: LoadOptions = {}): void {
  if (!requireIsNodes()) return;
  try {
    compileAhead(options.projectDir ?? process.cwd(), files);
  } catch {
    // The load itself reports what is wrong (an unsupported TypeScript).
  }
}

/**
 * A real dynamic `import()`. Written through `Function` because TypeScript compiles `import()` to
 * `require()` when the output is CommonJS, which cannot load `.mjs` files.
 */
const importModule = new Function("specifier", "return import(specifier)") as (
  specifier: string,
) => Promise<Record<string, unknown>>;

function isEsmOnlyError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ERR_REQUIRE_ESM" || code === "ERR_REQUIRE_ASYNC_MODULE";
}

function asNamespace(exported: unknown): Record<string, unknown> {
  if (exported !== null && typeof exported === "object") return exported as Record<string, unknown>;
  // `module.exports = SomeClass`: seen through a namespace, as `import()` would show it.
  return { default: exported };
}

/**
 * Loads a module file and returns its exports (`module.exports`, or the namespace of an ES module).
 * `.ts`, `.mts`, `.cts` and `.tsx` files are compiled by TypeScript to CommonJS with decorator metadata
 * (top-level `await` in the file itself is waited for); `.js` and `.cjs` are required, falling back to `import()` for ES modules that `require` refuses;
 * `.mjs` is imported.
 *
 * @param file absolute path, or relative to the process's working directory.
 * @throws ModuleLoadError naming the broken file (the file itself or one it imports), its line when
 *   known, and what went wrong; UnsupportedTypeScriptError for a project TypeScript older than 4.7.
 * @example
 *   const { User } = await loadModule("/app/src/entity/user.ts", { projectDir: "/app" });
 */
export async function loadModule(file: string, options: LoadOptions = {}): Promise<Record<string, unknown>> {
  // Lets pending I/O progress between files (an introspection started alongside, see diffSchema).
  await new Promise<void>((resolve) => setImmediate(resolve));
  const absolute = path.resolve(file);
  const ext = path.extname(absolute).toLowerCase();
  if (!fs.existsSync(absolute)) {
    throw new ModuleLoadError(absolute, "missing-file", "the file does not exist", null);
  }
  if (TYPESCRIPT_EXTENSIONS.has(ext)) registerTypeScript(options.projectDir);
  try {
    if (ext === ".mjs") {
      noteIncomplete(`${absolute} is an ES module (what it imports is not seen)`);
      return await importModule(pathToFileURL(absolute).href);
    }
    try {
      // Under a host with its own module system (jest), the host compiles TypeScript: a plain `require`.
      const typescript = TYPESCRIPT_EXTENSIONS.has(ext) && requireIsNodes();
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return asNamespace(typescript ? await requireTypeScript(absolute) : require(absolute));
    } catch (error) {
      if (!isEsmOnlyError(error)) throw error;
      noteIncomplete(`${absolute} is an ES module (what it imports is not seen)`);
      return await importModule(pathToFileURL(absolute).href);
    }
  } catch (cause) {
    // The tool's own errors (an unsupported TypeScript) keep their message.
    if (cause instanceof AutogenError && !(cause instanceof ModuleLoadError)) throw cause;
    if (TYPESCRIPT_EXTENSIONS.has(ext) && !requireIsNodes() && hostCannotReadTypeScript(absolute, cause)) throw new HostTransformError(absolute, cause);
    throw ModuleLoadError.fromCause(absolute, cause);
  }
}
