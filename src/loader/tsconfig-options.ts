/**
 * The compiler options the loader takes from the project's `tsconfig.json` (the nearest one at or above the
 * project folder, `extends` followed), read without loading TypeScript so that a run served from the
 * compile cache still never loads it.
 *
 * Honoured: `experimentalDecorators` and `emitDecoratorMetadata` (both default to true, as TypeORM's
 * decorators need them; metadata to false when the project turns legacy decorators off), `esModuleInterop` (when unset, as the project's `module` implies: false for
 * CommonJS output, true for ES module output, whose default imports behave that way), `jsx`, and
 * `strictNullChecks` (or `strict`): the one type-checking option that changes the output, the decorator
 * metadata of a union with `null` or `undefined`, so that the entities are the ones the project's build
 * gives TypeORM. The
 * output is always CommonJS (the loader runs files through `require`, where circular entity imports see
 * partly filled exports instead of a temporal dead zone), with a fixed target; options that only matter
 * to a build (`verbatimModuleSyntax`, `outDir`, `declaration`, ...) are not passed, so no TypeScript
 * version meets an option it does not know.
 */
import fs from "node:fs";
import path from "node:path";
import { loadTsconfig, walkForTsConfig, type Tsconfig } from "tsconfig-paths/lib/tsconfig-loader";

/** tsconfig-style options (JSON names and values), as `convertCompilerOptionsFromJson` takes them. */
export type JsonCompilerOptions = Readonly<Record<string, string | boolean | number>>;

/** What the loader compiles with, for a project. */
export interface ProjectCompilerOptions {
  /** The tsconfig read, or `null` when there is none. */
  readonly tsconfig: string | null;
  readonly options: JsonCompilerOptions;
}

/** Module kinds whose output is CommonJS (TypeScript's default for `esModuleInterop` is then false). */
const COMMONJS_MODULES: ReadonlySet<string> = new Set(["commonjs", "amd", "umd", "system", "none"]);

/** Targets whose default `module` is CommonJS. */
const ES5_TARGETS: ReadonlySet<string> = new Set(["es3", "es5"]);

function lower(value: unknown): string | undefined {
  return typeof value === "string" ? value.toLowerCase() : undefined;
}

/** Whether the project's own build emits CommonJS (its `module`, else the default for its `target`). */
function emitsCommonJs(raw: Readonly<Record<string, unknown>>): boolean {
  const module = lower(raw.module);
  if (module !== undefined) return COMMONJS_MODULES.has(module);
  const target = lower(raw.target);
  return target === undefined || ES5_TARGETS.has(target);
}

function flag(raw: Readonly<Record<string, unknown>>, name: string, fallback: boolean): boolean {
  return typeof raw[name] === "boolean" ? (raw[name] as boolean) : fallback;
}

/**
 * Options from the raw `compilerOptions` of a tsconfig (see the file comment), or for a project without
 * one (`null`): then `esModuleInterop` is on, as ts-node's defaults for a project without tsconfig have it.
 */
export function compilerOptionsFrom(tsconfigOptions: Readonly<Record<string, unknown>> | null): JsonCompilerOptions {
  const raw = tsconfigOptions ?? { esModuleInterop: true };
  const experimentalDecorators = flag(raw, "experimentalDecorators", true);
  const options: Record<string, string | boolean> = {
    module: "commonjs",
    target: "es2021",
    experimentalDecorators,
    // Only with legacy decorators (TS5052 otherwise): a project that turns them off, one of EntitySchemas.
    emitDecoratorMetadata: flag(raw, "emitDecoratorMetadata", experimentalDecorators),
    esModuleInterop: flag(raw, "esModuleInterop", !emitsCommonJs(raw)),
    // Decides the metadata of a nullable union: `name: string | null` is `String` without it and `Object`
    // with it, which the project's TypeORM then refuses ("Data type Object ... is not supported").
    strictNullChecks: flag(raw, "strictNullChecks", flag(raw, "strict", false)),
    sourceMap: true,
    inlineSourceMap: false,
    inlineSources: true,
    declaration: false,
    noEmit: false,
  };
  if (typeof raw.jsx === "string") options.jsx = raw.jsx;
  return options;
}

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/**
 * Where a file `loadTsconfig` asks for is. It looks for a package's tsconfig named in `extends`
 * (`@tsconfig/node20/tsconfig.json`) only in the `node_modules` beside the tsconfig; TypeScript looks in
 * every folder up, as Node resolves packages. A monorepo package's tsconfig then lost what its base, hoisted
 * to the root's `node_modules`, sets (`esModuleInterop`: `import path from "node:path"` gave `undefined`).
 * A package named alone (`"extends": "@tsconfig/node20"`) means its `tsconfig.json`, as for TypeScript. An
 * unscoped package so named (`"extends": "tsconfig-base"`) comes as a file beside the tsconfig
 * (`tsconfig-base.json`): when there is none, it is looked for as that package.
 */
function locate(file: string): string | undefined {
  if (fs.existsSync(file)) return file;
  const at = file.lastIndexOf(NODE_MODULES);
  if (at < 0) return file.endsWith(".json") ? locate(path.join(path.dirname(file), "node_modules", path.basename(file))) : undefined;
  const inPackage = file.slice(at + NODE_MODULES.length);
  const names = inPackage.endsWith(".json") ? [inPackage, path.join(inPackage.slice(0, -".json".length), "tsconfig.json")] : [inPackage];
  for (let dir = file.slice(0, at); ; dir = path.dirname(dir)) {
    for (const name of names) {
      const found = path.join(dir, "node_modules", name);
      if (fs.existsSync(found)) return found;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * The tsconfig `file` with its `extends` merged in, found as TypeScript finds them (see `locate`).
 *
 * @throws when a file of the chain is not valid JSON5.
 */
export function readTsconfig(file: string): Tsconfig | undefined {
  return loadTsconfig(
    file,
    (name) => locate(name) !== undefined,
    (name) => fs.readFileSync(locate(name) ?? name, "utf8"),
  );
}

/** The nearest tsconfig.json at or above `projectDir`, or `undefined`. */
export function findTsconfig(projectDir: string): string | undefined {
  return walkForTsConfig(path.resolve(projectDir));
}

/**
 * The loader's compiler options for the project in `projectDir`. An unreadable tsconfig counts as none
 * (the project's own build reports what is wrong with it).
 */
export function projectCompilerOptions(projectDir: string): ProjectCompilerOptions {
  const tsconfig = findTsconfig(projectDir);
  let raw: Record<string, unknown> | null = null;
  if (tsconfig !== undefined) {
    try {
      raw = (readTsconfig(tsconfig)?.compilerOptions ?? {}) as Record<string, unknown>;
    } catch {
      raw = null;
    }
  }
  return { tsconfig: tsconfig ?? null, options: compilerOptionsFrom(raw) };
}
