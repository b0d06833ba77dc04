/**
 * Compiling many entity files in one TypeScript program (batch-compile.ts) is only a faster way to fill
 * the compiled-file cache: every output must be byte for byte what the one-file path (ts-node's
 * transpile-only `compile`) gives, and files that could compile differently together are left out.
 */
import fs from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import ts from "typescript";
import { compileBatchWith, type BatchFile } from "../../src/loader/batch-compile";
import { createTranspileService, inlineSourceMap } from "../../src/loader/typescript-compiler";
import { projectCompilerOptions } from "../../src/loader/tsconfig-options";
import { REPOSITORY_ROOT } from "../support/transpile";

const service = createTranspileService(ts, projectCompilerOptions(REPOSITORY_ROOT).options, REPOSITORY_ROOT);

function read(file: string): BatchFile {
  return { file, source: fs.readFileSync(file, "utf8") };
}

describe("compileBatch", () => {
  it("gives ts-node's own output for every TypeScript file of the fixtures, the example and its migrations", () => {
    const files = fg
      .sync(["tests/**/fixtures/**/*.{ts,tsx}", "fixtures/**/*.ts", "migrations/*.ts", "autogen.config.ts"], {
        cwd: REPOSITORY_ROOT,
        absolute: true,
        ignore: ["**/*.d.ts"],
      })
      .map((f) => path.normalize(f));
    expect(files.length).toBeGreaterThan(30);
    const inputs = files.map(read);
    const batch = compileBatchWith(service, inputs);
    const left: string[] = [];
    for (const { file, source } of inputs) {
      const output = batch.get(file);
      if (output === undefined) left.push(path.relative(REPOSITORY_ROOT, file));
      else expect({ file, output }).toEqual({ file, output: service.compile(source, file) });
    }
    // Only the file with a syntax error is left to the one-file path (which reports it as ts-node does).
    expect(left).toEqual(["tests/api/fixtures/early-introspection/broken.ts"]);
  });

  it("leaves out files whose declarations could reach another file, .mts/.cts files and syntax errors", () => {
    const dir = "/virtual";
    const files: BatchFile[] = [
      { file: `${dir}/entity.ts`, source: 'import { Column } from "typeorm";\nexport class A { @Column() a: string; }\n' },
      { file: `${dir}/script.ts`, source: "declare class Post {}\nconst x: Post | undefined = undefined;\n" },
      { file: `${dir}/global.ts`, source: "export {};\ndeclare global { class Post {} }\n" },
      { file: `${dir}/ambient.ts`, source: 'export {};\ndeclare module "typeorm" { export class Post {} }\n' },
      { file: `${dir}/esm.mts`, source: "export const a: number = 1;\n" },
      { file: `${dir}/common.cts`, source: "export const a: number = 1;\n" },
      { file: `${dir}/broken.ts`, source: "export const a: number = ;\n" },
      { file: `${dir}/namespaced.ts`, source: "export namespace Inner { export const b = 2; }\n" },
    ];
    const batch = compileBatchWith(service, files);
    expect([...batch.keys()].sort()).toEqual([`${dir}/entity.ts`, `${dir}/namespaced.ts`]);
    expect(batch.get(`${dir}/entity.ts`)).toBe(service.compile(files[0]!.source, files[0]!.file));
    // Decorator metadata, as TypeORM needs it for a @Column() without a type.
    expect(batch.get(`${dir}/entity.ts`)).toContain('__metadata("design:type", String)');
  });

  it("writes the source map inline, naming the compiled file, as ts-node does", () => {
    const map = JSON.stringify({ version: 3, file: "x.js", sourceRoot: "", sources: ["x.ts"], mappings: "AAAA" });
    const out = inlineSourceMap("code;\n//# sourceMappingURL=x.js.map", map, "/p/x.ts");
    const [code, inline] = out.split("//# sourceMappingURL=data:application/json;charset=utf-8;base64,");
    expect(code).toBe("code;\n");
    expect(JSON.parse(Buffer.from(inline!, "base64").toString("utf8"))).toEqual({
      version: 3,
      file: "/p/x.ts",
      sources: ["/p/x.ts"],
      mappings: "AAAA",
    });
    // No directive where TypeScript puts one: the map is appended on a line of its own.
    expect(inlineSourceMap("code;", map, "/p/x.ts").startsWith("code;\n//# sourceMappingURL=data:")).toBe(true);
  });
});
