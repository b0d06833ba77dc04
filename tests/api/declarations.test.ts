/**
 * The published declarations (`dist/index.d.ts`, `dist/testing.d.ts` and what they import) must compile
 * in an application with `skipLibCheck: false`: every package they import is one the application has
 * once it installs pg-autogen (a dependency or peer dependency of the tool, or Node's own modules), never a
 * package whose types come from a devDependency of the tool (`pg`, typed by @types/pg), whose absence is
 * an error in the application's build.
 * The declarations are emitted here from the sources as `npm run build` emits them.
 */
import fs from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import ts from "typescript";
import { REPOSITORY_ROOT as ROOT } from "../support/transpile";

const manifest = require(path.join(ROOT, "package.json")) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};

/** The package a bare specifier names: `@scope/name` or `name`, without a subpath. */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** Whether the installed package brings its own declarations (`types`, `typings` or an index.d.ts). */
function shipsTypes(name: string): boolean {
  const dir = path.join(ROOT, "node_modules", name);
  const own = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { types?: string; typings?: string };
  return own.types !== undefined || own.typings !== undefined || fs.existsSync(path.join(dir, "index.d.ts"));
}

/** Each bare module specifier imported by the declarations of the public entry points, with its file. */
function declarationImports(): { specifier: string; file: string }[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const program = ts.createProgram([path.join(ROOT, "src/index.ts"), path.join(ROOT, "src/testing.ts")], {
    ...config.options,
    declaration: true,
    emitDeclarationOnly: true,
    sourceMap: false,
  });
  const found: { specifier: string; file: string }[] = [];
  program.emit(undefined, (fileName, text) => {
    if (!fileName.endsWith(".d.ts")) return;
    const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022);
    const visit = (node: ts.Node): void => {
      const moduleName =
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)
          ? node.moduleSpecifier.text
          : ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)
            ? node.argument.literal.text
            : null;
      if (moduleName !== null && !moduleName.startsWith(".")) found.push({ specifier: moduleName, file: path.relative(ROOT, fileName) });
      ts.forEachChild(node, visit);
    };
    visit(source);
  });
  return found;
}

describe("the published declarations", () => {
  it("import only Node's modules and packages that an installed pg-autogen brings with their types", () => {
    const installed = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)]);
    const typed = (name: string) => installed.has(name) && (shipsTypes(name) || installed.has(`@types/${name}`));
    const isNodes = (specifier: string) => specifier.startsWith("node:") || builtinModules.includes(specifier);
    const imports = declarationImports();
    expect(imports.map((i) => i.specifier)).toContain("typeorm");
    expect(imports.filter(({ specifier }) => !isNodes(specifier) && !typed(packageOf(specifier)))).toEqual([]);
  }, 120_000);
});
