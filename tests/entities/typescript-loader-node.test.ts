/**
 * The loader as users run it: a plain Node process (no jest, no ts-jest) where ts-node compiles the entity
 * files. The entity reader is transpiled to JavaScript into a temporary directory and run as a child
 * process on (1) the blog fixtures, whose circular relation imports have no Relation<> wrapper and whose
 * `@Column()`s rely on design:type metadata, and (2) a `"type": "module"` project with `.js` import
 * specifiers, a `.mts` entity and an `.mjs` EntitySchema.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { readEntityModel } from "../../src/entities/read-entity-model";
import type { SchemaModel } from "../../src/model/schema-model";
import { REPOSITORY_ROOT as ROOT, transpileToCommonJs } from "../support/transpile";
import { column, foreignKey, serial } from "./support/model-builders";

const FIXTURES = path.join(__dirname, "fixtures");
const run = promisify(execFile);

/** Reads each job's entities in turn, in one process, and prints the results as JSON. */
const RUNNER = `
const { readEntityModel } = require("./src/entities/read-entity-model.js");
const { registerTypeScript } = require("./src/entities/load-typescript.js");
(async () => {
  const results = [];
  for (const { cwd, patterns } of JSON.parse(process.argv[2])) {
    try {
      const model = await readEntityModel({ entities: patterns }, cwd, { defaultSchema: "public" });
      const handler = require.extensions[".ts"];
      registerTypeScript();
      results.push({ model, registeredOnce: typeof handler === "function" && handler === require.extensions[".ts"] });
    } catch (e) {
      results.push({ error: e.name, message: e.message });
    }
  }
  process.stdout.write(JSON.stringify(results));
})();
`;

/** Transpiles src/ as the build would (CommonJS), so the child process uses Node's own require. */
function buildReader(outDir: string): void {
  const files = ["src/errors.ts", "src/sql/quote.ts"];
  // The whole model folder: the model files import one another.
  for (const name of fs.readdirSync(path.join(ROOT, "src", "model"))) files.push(`src/model/${name}`);
  for (const name of fs.readdirSync(path.join(ROOT, "src", "entities"))) files.push(`src/entities/${name}`);
  for (const file of files) transpileToCommonJs(file, outDir, ts.ScriptTarget.ES2021);
  fs.writeFileSync(path.join(outDir, "run.js"), RUNNER);
}

interface ChildResult {
  readonly model?: SchemaModel;
  readonly registeredOnce?: boolean;
  readonly error?: string;
  readonly message?: string;
}

interface Job {
  readonly cwd: string;
  readonly patterns: readonly string[];
}

async function readInChild(outDir: string, jobs: readonly Job[]): Promise<ChildResult[]> {
  const { stdout } = await run(process.execPath, [path.join(outDir, "run.js"), JSON.stringify(jobs)], {
    cwd: outDir,
    env: { ...process.env, NODE_PATH: path.join(ROOT, "node_modules"), NODE_OPTIONS: "" },
    timeout: 30_000,
  });
  return JSON.parse(stdout) as ChildResult[];
}

describe("the TypeScript loader in a plain Node process (ts-node)", () => {
  let outDir: string;
  let blog: ChildResult;
  let esm: ChildResult;
  let broken: ChildResult;
  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-entities-"));
    buildReader(outDir);
    [blog, esm, broken] = (await readInChild(outDir, [
      { cwd: FIXTURES, patterns: ["blog/*.ts"] },
      { cwd: path.join(FIXTURES, "esm-project"), patterns: ["entities/*.ts", "entities/*.mts", "entities/*.mjs"] },
      { cwd: FIXTURES, patterns: ["invalid/throws.ts"] },
    ])) as [ChildResult, ChildResult, ChildResult];
  });
  afterAll(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it("reads the blog fixtures exactly as under jest, and registers ts-node once", async () => {
    const inJest = await readEntityModel({ entities: ["blog/*.ts"] }, FIXTURES, { defaultSchema: "public" });
    expect(blog.message).toBeUndefined();
    expect(blog.model).toEqual(inJest);
    expect(blog.registeredOnce).toBe(true);
  });

  it("compiles a type:module project's .ts and .mts files to CommonJS and imports its .mjs files", () => {
    expect(esm.message).toBeUndefined();
    const tables = esm.model!.tables;
    expect(Object.keys(tables).sort()).toEqual(['"public"."author"', '"public"."book"', '"public"."note"', '"public"."shelf"']);
    expect(tables['"public"."author"']!.columns).toEqual([serial("id"), column("name", "character varying")]);
    expect(tables['"public"."book"']!.columns).toEqual([serial("id"), column("pages", "integer"), column("authorId", "integer", { nullable: true })]);
    expect(tables['"public"."book"']!.foreignKeys).toEqual([
      foreignKey("FK_66a4f0f47943a0d99c16ecf90b2", ["authorId"], "author", ["id"]),
    ]);
    expect(tables['"public"."note"']!.columns).toEqual([column("id", "integer"), column("published", "boolean")]);
    expect(tables['"public"."shelf"']!.columns).toEqual([serial("id"), column("label", "character varying(40)")]);
  });

  it("reports a file that fails to load with its path", () => {
    expect(broken.error).toBe("EntityLoadError");
    expect(broken.message).toContain(`Could not load ${path.join(FIXTURES, "invalid", "throws.ts")}: boom while loading.`);
  });
});
