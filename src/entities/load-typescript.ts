/**
 * Loads the user's modules (entities, the DataSource module, the config file) whatever they are written
 * in: `.ts`/`.mts`/`.cts` through TypeScript's own transpiler, `.js`/`.cjs` through `require`, `.mjs`
 * through a real `import()`.
 *
 * Why ts-node in transpile-only mode, not esbuild (tsx) or swc: TypeORM reads column types from
 * `design:type` decorator metadata (`@Column()` without a type). esbuild emits none, and swc's metadata
 * throws "Cannot access 'Post' before initialization" on circular relation imports that are not wrapped
 * in `Relation<>`. TypeScript's transpiler emits metadata guarded by `typeof X !== "undefined"`, which
 * survives both. Compiled outputs are cached on disk (typescript-hook.ts, compile-cache.ts): an unchanged
 * file is not compiled again and a fully cached run never loads TypeScript. The hook keeps source-mapped
 * stack traces, `.js` import specifiers that point at `.ts` files, and compiles `.ts`/`.mts` files of a
 * `"type": "module"` package to CommonJS instead of refusing them with ERR_REQUIRE_ESM.
 */
import "reflect-metadata";
import fs from "node:fs";
import Module from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { EntityLoadError } from "./entity-errors";
import { installTypeScriptHook, prepareTypeScript } from "./typescript-hook";
import type { TypeScriptHookOptions } from "./ts-node-service";

/** Extensions compiled by TypeScript. */
const TYPESCRIPT_EXTENSIONS: ReadonlySet<string> = new Set([".ts", ".mts", ".cts", ".tsx"]);

/** Set on Node's `Module` so that every copy of this file (and every jest sandbox) sees one registration. */
const REGISTERED = Symbol.for("pg-autogen.typescript-loader.registered");

/**
 * Compiler options forced on every loaded file, whatever the project's tsconfig says: CommonJS output
 * (so circular imports see partially filled `exports` instead of a temporal dead zone) and legacy
 * decorators with metadata, which TypeORM's decorators need.
 */
const COMPILER_OPTIONS = {
  module: "commonjs",
  moduleResolution: "node",
  target: "ES2021",
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  allowJs: false,
  verbatimModuleSyntax: false,
  sourceMap: true,
} as const;

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
 * `moduleTypes` patterns matching every TypeScript file. ts-node resolves relative patterns against the
 * working directory, so they are anchored at the filesystem root instead (`/**\/*.ts`, `C:/**\/*.ts`).
 */
function everyFileAsCommonJs(): Record<string, "cjs"> {
  const root = path.parse(process.cwd()).root.replace(/\\/g, "/");
  return Object.fromEntries([...TYPESCRIPT_EXTENSIONS].map((ext) => [`${root}**/*${ext}`, "cjs" as const]));
}

/**
 * Registers TypeScript compilation for `require()` once per process; later calls do nothing. When the
 * process already compiles `.ts` files through another hook (tsx, swc, a ts-node with other settings),
 * that hook is replaced for TypeScript extensions: its output might lack decorator metadata. Set
 * `AUTOGEN_NO_CACHE=1` to compile every file without the on-disk cache.
 */
export function registerTypeScript(): void {
  if (nodeModule[REGISTERED] || !requireIsNodes()) return;
  for (const ext of TYPESCRIPT_EXTENSIONS) delete nodeModule._extensions[ext];
  installTypeScriptHook(typescriptHookOptions());
  nodeModule[REGISTERED] = true;
}

/** How TypeScript files are compiled: the options `registerTypeScript` installs the hook with. */
export function typescriptHookOptions(): TypeScriptHookOptions {
  return { extensions: TYPESCRIPT_EXTENSIONS, compilerOptions: COMPILER_OPTIONS, moduleTypes: everyFileAsCommonJs() };
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
export function prepareModules(files: readonly string[], setName: string): () => void {
  if (!files.some((file) => TYPESCRIPT_EXTENSIONS.has(path.extname(file).toLowerCase()))) return () => undefined;
  try {
    registerTypeScript();
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
 * `.ts`, `.mts`, `.cts` and `.tsx` files are compiled by TypeScript to CommonJS with decorator metadata;
 * `.js` and `.cjs` are required, falling back to `import()` for ES modules that `require` refuses;
 * `.mjs` is imported.
 *
 * @param file absolute path, or relative to the process's working directory.
 * @throws EntityLoadError naming the file and what went wrong while it loaded.
 * @example
 *   const { User } = await loadModule("/app/src/entity/user.ts");
 */
export async function loadModule(file: string): Promise<Record<string, unknown>> {
  // Lets pending I/O progress between files (an introspection started alongside, see diffSchema).
  await new Promise<void>((resolve) => setImmediate(resolve));
  const absolute = path.resolve(file);
  const ext = path.extname(absolute).toLowerCase();
  if (!fs.existsSync(absolute)) throw new EntityLoadError(absolute, "the file does not exist");
  try {
    if (ext === ".mjs") return await importModule(pathToFileURL(absolute).href);
    if (TYPESCRIPT_EXTENSIONS.has(ext)) registerTypeScript();
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return asNamespace(require(absolute));
    } catch (error) {
      if (!isEsmOnlyError(error)) throw error;
      return await importModule(pathToFileURL(absolute).href);
    }
  } catch (cause) {
    throw EntityLoadError.fromCause(absolute, cause);
  }
}
