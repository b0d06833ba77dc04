/**
 * The compiler options the loader takes from a project's tsconfig, and only options the project's
 * TypeScript knows.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { compilerOptionsFrom, projectCompilerOptions } from "../../src/loader/tsconfig-options";
import { toCompilerOptions } from "../../src/loader/typescript-compiler";

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
    });
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
