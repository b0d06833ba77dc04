/**
 * The compiler behind the TypeScript hook (typescript-hook.ts): TypeScript's own `transpileModule`, from
 * the `typescript` project-typescript.ts chose, with the options tsconfig-options.ts read. One file at a
 * time, as the hook requires them; batch-compile.ts compiles many at once to the same output.
 *
 * Why TypeScript's transpiler and not esbuild (tsx) or swc: TypeORM reads column types from
 * `design:type` decorator metadata (`@Column()` without a type). esbuild emits none, and swc's metadata
 * throws "Cannot access 'Post' before initialization" on circular relation imports that are not wrapped
 * in `Relation<>`. TypeScript's transpiler emits metadata guarded by `typeof X !== "undefined"`, which
 * survives both.
 */
import path from "node:path";
import type * as TypeScript from "typescript";
import { importMetaTransformer } from "./import-meta";
import { TypeScriptSyntaxError } from "./load-error";
import type { JsonCompilerOptions } from "./tsconfig-options";

/** A compiler for one project: its TypeScript, its options, and the one-file compile. */
export interface TranspileService {
  readonly ts: typeof TypeScript;
  readonly options: TypeScript.CompilerOptions;
  /** What every compile of the project's files runs besides TypeScript's own (import-meta.ts). */
  readonly transformers: TypeScript.CustomTransformers;
  /**
   * The CommonJS output of `source` (the file `file`), with its source map inline.
   *
   * @throws TypeScriptSyntaxError naming the file, line and column of the first syntax error.
   */
  compile(source: string, file: string): string;
}

/**
 * Diagnostics a transpile-only compile does not stop for (as ts-node): 6059 rootDir, 18002 and 18003
 * (a tsconfig's `files` or `include` finding nothing).
 */
const IGNORED_DIAGNOSTICS: ReadonlySet<number> = new Set([6059, 18002, 18003]);

/** The option names `ts` knows, when it says (every version from 4.7 does, through an internal list). */
function knownOptionNames(ts: typeof TypeScript): ReadonlySet<string> | undefined {
  const declarations = (ts as unknown as { optionDeclarations?: readonly { name: string }[] }).optionDeclarations;
  return Array.isArray(declarations) ? new Set(declarations.map((declaration) => declaration.name)) : undefined;
}

/**
 * `json` as `ts`'s `CompilerOptions`, leaving out any option this version does not know (a 4.x compiler
 * refuses 5.x options with TS5023).
 */
export function toCompilerOptions(
  ts: typeof TypeScript,
  json: JsonCompilerOptions,
  basePath: string,
): TypeScript.CompilerOptions {
  const known = knownOptionNames(ts);
  const accepted = Object.fromEntries(Object.entries(json).filter(([name]) => known === undefined || known.has(name)));
  return ts.convertCompilerOptionsFromJson(accepted, basePath).options;
}

/**
 * The output with TypeScript's `//# sourceMappingURL=name.js.map` line replaced by the map inline
 * (base64), with `file` and `sources` naming the compiled file and no `sourceRoot`, so that stack traces
 * name the TypeScript file.
 */
export function inlineSourceMap(output: string, map: string, file: string): string {
  const parsed = JSON.parse(map) as { file?: string; sources?: string[]; sourceRoot?: string };
  parsed.file = file;
  parsed.sources = [file];
  delete parsed.sourceRoot;
  const inline =
    "//# sourceMappingURL=data:application/json;charset=utf-8;base64," +
    Buffer.from(JSON.stringify(parsed), "utf8").toString("base64");
  const mapName = `${path.basename(file, path.extname(file))}.js.map`;
  for (const written of [mapName, encodeURI(mapName)]) {
    const directive = `//# sourceMappingURL=${written}`;
    if (output.endsWith(directive)) return output.slice(0, -directive.length) + inline;
  }
  return `${output}\n${inline}`;
}

/** The first error among `diagnostics` as a `TypeScriptSyntaxError`, or `undefined` when there is none. */
export function syntaxErrorOf(
  ts: typeof TypeScript,
  file: string,
  diagnostics: readonly TypeScript.Diagnostic[],
): TypeScriptSyntaxError | undefined {
  const error = diagnostics.find(
    (diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error && !IGNORED_DIAGNOSTICS.has(diagnostic.code),
  );
  if (!error) return undefined;
  const detail = `${ts.flattenDiagnosticMessageText(error.messageText, " ").replace(/\.$/, "")} (TS${error.code})`;
  if (!error.file || error.start === undefined) return new TypeScriptSyntaxError(file, null, null, detail);
  const { line, character } = error.file.getLineAndCharacterOfPosition(error.start);
  return new TypeScriptSyntaxError(file, line + 1, character + 1, detail);
}

/**
 * The name `transpileModule` compiles `file` under: an `.mts` file as a `.ts` one. TypeScript 5.9 emits
 * an `.mts` file as an ES module whatever `module` says, and Node then ran it as one: its `./entity.js`
 * imports of TypeScript files and its top-level `await` failed. The loader runs every file as CommonJS.
 */
function compiledName(file: string): string {
  return file.replace(/\.mts$/i, ".ts");
}

/**
 * A compiler for `ts` with `json` options (see tsconfig-options.ts).
 *
 * @param basePath the project folder, against which path-valued options would resolve.
 */
export function createTranspileService(
  ts: typeof TypeScript,
  json: JsonCompilerOptions,
  basePath: string,
): TranspileService {
  const options = toCompilerOptions(ts, json, basePath);
  const transformers: TypeScript.CustomTransformers = { before: [importMetaTransformer(ts)] };
  return {
    ts,
    options,
    transformers,
    compile(source, file) {
      const result = ts.transpileModule(source, { fileName: compiledName(file), compilerOptions: options, reportDiagnostics: true, transformers });
      const error = syntaxErrorOf(ts, file, result.diagnostics ?? []);
      if (error) throw error;
      const map = result.sourceMapText;
      return map === undefined ? result.outputText : inlineSourceMap(result.outputText, map, file);
    },
  };
}
