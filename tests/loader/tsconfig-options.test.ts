/**
 * The compiler options the loader takes from a project's tsconfig, and only options the project's
 * TypeScript knows.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { compilerOptionsFrom, projectCompilerOptions } from "../../src/loader/tsconfig-options";
import { projectPathMapper } from "../../src/loader/tsconfig-paths";
import { createTranspileService, toCompilerOptions } from "../../src/loader/typescript-compiler";

describe("compilerOptionsFrom", () => {
  it("always emits CommonJS with decorators and metadata, and passes no build-only option", () => {
    const options = compilerOptionsFrom({ module: "esnext", verbatimModuleSyntax: true, outDir: "dist", declaration: true, strict: true });
    expect(options).toEqual({
      module: "commonjs",
      target: "es2021",
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      // ES module output: default imports of CommonJS packages behave as with esModuleInterop.
      esModuleInterop: true,
      sourceMap: true,
      inlineSourceMap: false,
      inlineSources: true,
      declaration: false,
      noEmit: false,
      // The one type-checking option that changes the output: the metadata of `string | null` (Object).
      strictNullChecks: true,
    });
  });

  it("takes strictNullChecks as the project sets it, else from strict, else off", () => {
    expect(compilerOptionsFrom({}).strictNullChecks).toBe(false);
    expect(compilerOptionsFrom(null).strictNullChecks).toBe(false);
    expect(compilerOptionsFrom({ strict: true }).strictNullChecks).toBe(true);
    expect(compilerOptionsFrom({ strict: true, strictNullChecks: false }).strictNullChecks).toBe(false);
    expect(compilerOptionsFrom({ strictNullChecks: true }).strictNullChecks).toBe(true);
    const metadata = (strict: boolean) => {
      const service = createTranspileService(ts, compilerOptionsFrom({ strict }), os.tmpdir());
      const source = "declare const Column: () => PropertyDecorator;\nexport class Note { @Column() title: string | null; }\n";
      return /"design:type", (\w+)/.exec(service.compile(source, path.join(os.tmpdir(), "note.ts")))?.[1];
    };
    expect(metadata(false)).toBe("String");
    expect(metadata(true)).toBe("Object");
  });

  it("takes esModuleInterop as the project sets it, else as its module implies", () => {
    expect(compilerOptionsFrom({ module: "commonjs" }).esModuleInterop).toBe(false);
    expect(compilerOptionsFrom({ module: "CommonJS", esModuleInterop: true }).esModuleInterop).toBe(true);
    expect(compilerOptionsFrom({ module: "nodenext" }).esModuleInterop).toBe(true);
    expect(compilerOptionsFrom({ target: "es5" }).esModuleInterop).toBe(false);
    expect(compilerOptionsFrom({ target: "es2022" }).esModuleInterop).toBe(true);
    // No tsconfig at all: as ts-node's defaults had it.
    expect(compilerOptionsFrom(null).esModuleInterop).toBe(true);
  });

  it("honours the project's decorator settings and jsx", () => {
    expect(compilerOptionsFrom({ emitDecoratorMetadata: false, jsx: "react" })).toMatchObject({
      experimentalDecorators: true,
      emitDecoratorMetadata: false,
      jsx: "react",
    });
  });

  it("emits no decorator metadata when the project turns legacy decorators off, which TypeScript would refuse", () => {
    // A project of EntitySchemas only may have no experimentalDecorators; metadata without them is TS5052.
    const options = compilerOptionsFrom({ experimentalDecorators: false });
    expect(options).toMatchObject({ experimentalDecorators: false, emitDecoratorMetadata: false });
    const service = createTranspileService(ts, options, os.tmpdir());
    const output = service.compile('export const schema = { name: "note" };\n', path.join(os.tmpdir(), "note.ts"));
    expect(output).toContain('exports.schema = { name: "note" };');
  });

  it("reads the nearest tsconfig.json above the project folder, following extends", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-tsconfig-"));
    fs.writeFileSync(path.join(dir, "base.json"), JSON.stringify({ compilerOptions: { module: "commonjs", emitDecoratorMetadata: false } }));
    fs.writeFileSync(path.join(dir, "tsconfig.json"), '// comments are allowed\n{ "extends": "./base.json", "compilerOptions": { "esModuleInterop": false } }');
    fs.mkdirSync(path.join(dir, "app"));
    const read = projectCompilerOptions(path.join(dir, "app"));
    expect(read.tsconfig).toBe(path.join(dir, "tsconfig.json"));
    expect(read.options).toMatchObject({ esModuleInterop: false, emitDecoratorMetadata: false, module: "commonjs" });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("finds a package's tsconfig named in extends in the node_modules of a folder above, as in a monorepo", () => {
    // npm workspaces: the base tsconfig package is hoisted to the root; the config is in packages/api.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-tsconfig-mono-"));
    const base = path.join(root, "node_modules", "@acme", "tsconfig");
    fs.mkdirSync(base, { recursive: true });
    fs.writeFileSync(path.join(base, "package.json"), JSON.stringify({ name: "@acme/tsconfig" }));
    const baseOptions = { module: "node16", esModuleInterop: true, emitDecoratorMetadata: false, baseUrl: ".", paths: { "@lib/*": ["lib/*"] } };
    fs.writeFileSync(path.join(base, "tsconfig.json"), JSON.stringify({ compilerOptions: baseOptions }));
    const api = path.join(root, "packages", "api");
    fs.mkdirSync(path.join(api, "lib"), { recursive: true });
    fs.writeFileSync(path.join(api, "lib", "user.ts"), "export {};\n");
    try {
      for (const extendsName of ["@acme/tsconfig/tsconfig.json", "@acme/tsconfig"]) {
        // The paths the base sets resolve against the tsconfig that extends it, as tsconfig-paths reads them.
        fs.writeFileSync(path.join(api, "tsconfig.json"), JSON.stringify({ extends: extendsName, compilerOptions: { baseUrl: "." } }));
        const read = projectCompilerOptions(api);
        expect([extendsName, read.options]).toEqual([extendsName, expect.objectContaining({ esModuleInterop: true, emitDecoratorMetadata: false })]);
        expect([extendsName, projectPathMapper(api)?.("@lib/user")]).toEqual([extendsName, path.join(api, "lib", "user")]);
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("finds an unscoped package named alone in extends, in a node_modules above", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-tsconfig-unscoped-"));
    const base = path.join(root, "node_modules", "tsconfig-acme");
    fs.mkdirSync(base, { recursive: true });
    fs.writeFileSync(path.join(base, "tsconfig.json"), JSON.stringify({ compilerOptions: { esModuleInterop: true, emitDecoratorMetadata: false } }));
    const api = path.join(root, "packages", "api");
    fs.mkdirSync(api, { recursive: true });
    fs.writeFileSync(path.join(api, "tsconfig.json"), JSON.stringify({ extends: "tsconfig-acme" }));
    try {
      expect(projectCompilerOptions(api).options).toMatchObject({ esModuleInterop: true, emitDecoratorMetadata: false });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("toCompilerOptions", () => {
  it("leaves out the options the TypeScript in use does not know", () => {
    const older = { ...ts, optionDeclarations: (ts as unknown as { optionDeclarations: { name: string }[] }).optionDeclarations.filter((o) => o.name !== "verbatimModuleSyntax") };
    const options = toCompilerOptions(older as typeof ts, { module: "commonjs", verbatimModuleSyntax: false }, "/");
    expect(options).toEqual({ module: ts.ModuleKind.CommonJS });
    expect(toCompilerOptions(ts, { module: "commonjs", verbatimModuleSyntax: false }, "/")).toEqual({
      module: ts.ModuleKind.CommonJS,
      verbatimModuleSyntax: false,
    });
  });
});
