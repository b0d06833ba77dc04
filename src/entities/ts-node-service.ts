/**
 * The ts-node transpile-only service behind the TypeScript hook (typescript-hook.ts): its one-file
 * `compile`, and its compiler and options for compiling many files at once (batch-compile.ts).
 */
import type { Service } from "ts-node";

/** How the hook compiles: the options given to ts-node's `create()`. */
export interface TypeScriptHookOptions {
  readonly extensions: ReadonlySet<string>;
  readonly compilerOptions: Readonly<Record<string, unknown>>;
  readonly moduleTypes: Readonly<Record<string, "cjs">>;
}

/** A new ts-node service for `options` (loads ts-node and `typescript`). */
export function createCompilerService(options: TypeScriptHookOptions): Service {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tsNode = require("ts-node") as typeof import("ts-node");
  return tsNode.create({
    transpileOnly: true,
    // The project's tsconfig may ask for ES modules, `verbatimModuleSyntax` or TC39 decorators: all of
    // them break TypeORM entities loaded through require(). Nothing from it is needed to transpile.
    skipProject: true,
    compilerOptions: { ...options.compilerOptions },
    moduleTypes: { ...options.moduleTypes },
  });
}
