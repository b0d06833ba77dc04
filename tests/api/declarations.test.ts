/**
 * The published declarations (`dist/index.d.ts`, `dist/testing.d.ts` and what they import) must compile
 * in an application with `skipLibCheck: false`: every package they import is one the application has
 * once it installs pg-autogen (a dependency or peer dependency of the tool, or Node's own modules), never a
 * package whose types come from a devDependency of the tool (`pg`, typed by @types/pg), whose absence is
 * an error in the application's build.
 * The declarations are dist/'s when the build is newer than the sources, else emitted here as the build emits them.
 */
import fs from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import ts from "typescript";
import { builtAfterSources } from "../support/build-cli";
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

/** The bare module specifiers (`import`, `export ... from`, `import("...")` types) of one declaration file. */
function bareImports(fileName: string, text: string): string[] {
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    const moduleName =
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)
        ? node.moduleSpecifier.text
        : ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)
          ? node.argument.literal.text
          : null;
    if (moduleName !== null && !moduleName.startsWith(".")) specifiers.push(moduleName);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022));
  return specifiers;
}

const ENTRIES = ["index", "testing"];

/**
 * The declarations of the public entry points and of every source file they import, type-only or not
 * (file -> text). Read from dist/ when `npm run build` wrote it after the last edit of the sources (as
 * `npm ci` does), which is what the package publishes; else emitted here from the sources as the build
 * emits them (the whole program checked: about 10 s more CPU).
 */
function publishedDeclarations(): Map<string, string> {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const program = ts.createProgram(
    ENTRIES.map((entry) => path.join(ROOT, "src", `${entry}.ts`)),
    { ...config.options, declaration: true, emitDeclarationOnly: true, sourceMap: false },
  );
  const declarations = new Map<string, string>();
  if (ENTRIES.every((entry) => builtAfterSources(path.join("dist", `${entry}.d.ts`)))) {
    const src = path.join(ROOT, "src");
    for (const source of program.getSourceFiles()) {
      const file = path.resolve(source.fileName);
      if (source.isDeclarationFile || !file.startsWith(src + path.sep)) continue;
      const built = path.join(ROOT, "dist", path.relative(src, file).replace(/\.ts$/, ".d.ts"));
      declarations.set(built, fs.readFileSync(built, "utf8"));
    }
  } else {
    program.emit(undefined, (fileName, text) => {
      if (fileName.endsWith(".d.ts")) declarations.set(path.resolve(fileName), text);
    });
  }
  return declarations;
}

/** Each bare module specifier imported by the published declarations, with its file. */
function declarationImports(): { specifier: string; file: string }[] {
  return [...publishedDeclarations()].flatMap(([file, text]) =>
    bareImports(file, text).map((specifier) => ({ specifier, file: path.relative(ROOT, file) })),
  );
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
