/**
 * A copy of a generated project whose entities are already compiled to JavaScript, with the compiler
 * options the entity loader uses (src/loader/tsconfig-options.ts). Loading it measures what
 * `autogen check` would cost if compiling the entity files cost nothing, as it would with a warm cache
 * of compiled entity files: the upper bound of what such a cache can save.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import type { GeneratedProject } from "./generate";

/** The loader's compiler options (tsconfig-options.ts, for a project without tsconfig), without source maps. */
const COMPILER_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  target: ts.ScriptTarget.ES2021,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
};

/**
 * Writes `<dir>/entities/*.js` compiled from the project's entity files, the same `migrations/` folder,
 * an `autogen.config.json` selecting `entities/*.js`, and a link to `node_modules`.
 */
export function precompileProject(project: GeneratedProject, dir: string, databaseUrl: string): void {
  const entitiesDir = path.join(dir, "entities");
  fs.rmSync(entitiesDir, { recursive: true, force: true });
  fs.mkdirSync(entitiesDir, { recursive: true });
  fs.mkdirSync(path.join(dir, "migrations"), { recursive: true });
  for (const file of project.entityFiles) {
    const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), {
      compilerOptions: COMPILER_OPTIONS,
      fileName: file,
    });
    fs.writeFileSync(path.join(entitiesDir, `${path.basename(file, ".ts")}.js`), outputText);
  }
  const config = { entities: ["entities/*.js"], databaseUrl };
  fs.writeFileSync(path.join(dir, "autogen.config.json"), `${JSON.stringify(config, null, 2)}\n`);
  const modules = path.join(dir, "node_modules");
  if (!fs.existsSync(modules)) fs.symlinkSync(fs.realpathSync(path.join(project.dir, "node_modules")), modules, "dir");
}
