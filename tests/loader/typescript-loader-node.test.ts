/**
 * The loader as users run it: a plain Node process (no jest, no ts-jest) where ts-node compiles the entity
 * files. The entity reader is transpiled to JavaScript into a temporary directory and run as a child
 * process on (1) the blog fixtures, whose circular relation imports have no Relation<> wrapper and whose
 * `@Column()`s rely on design:type metadata, and (2) a `"type": "module"` project with `.js` import
 * specifiers, a `.mts` entity and an `.mjs` EntitySchema, read from globs and through its DataSource
 * module (`import.meta.url`, top-level `await`).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { readEntityModel } from "../../src/entities/read-entity-model";
import type { SchemaModel } from "../../src/model/schema-model";
import { REPOSITORY_ROOT as ROOT, transpileFolders } from "../support/transpile";
import { column, foreignKey, serial } from "../entities/support/model-builders";

const FIXTURES = path.join(__dirname, "..", "entities", "fixtures");

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const run = promisify(execFile);

/** Reads each job's entities in turn, in one process, and prints the results as JSON. */
const RUNNER = `
const { readEntityModel } = require("./src/entities/read-entity-model.js");
const { registerTypeScript } = require("./src/loader/load-module.js");
(async () => {
  const results = [];
  for (const { cwd, source } of JSON.parse(process.argv[2])) {
    try {
      const model = await readEntityModel(source, cwd, { defaultSchema: "public" });
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
  transpileFolders(outDir);
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
  readonly source: { readonly entities: readonly string[] } | { readonly dataSource: string };
}

async function readInChild(outDir: string, jobs: readonly Job[]): Promise<ChildResult[]> {
  const { stdout } = await run(process.execPath, [path.join(outDir, "run.js"), JSON.stringify(jobs)], {
    cwd: outDir,
    env: { ...process.env, NODE_PATH: path.join(ROOT, "node_modules"), NODE_OPTIONS: "" },
    timeout: 30_000,
  });
  return JSON.parse(stdout) as ChildResult[];
}

describe("the TypeScript loader in a plain Node process", () => {
  let outDir: string;
  let blog: ChildResult;
  let esm: ChildResult;
  let broken: ChildResult;
  let esmDataSource: ChildResult;
  beforeAll(async () => {
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-entities-"));
    buildReader(outDir);
    const esmProject = path.join(FIXTURES, "esm-project");
    [blog, esm, broken, esmDataSource] = (await readInChild(outDir, [
      { cwd: FIXTURES, source: { entities: ["blog/*.ts"] } },
      { cwd: esmProject, source: { entities: ["entities/*.ts", "entities/*.mts", "entities/*.mjs"] } },
      { cwd: FIXTURES, source: { entities: ["invalid/throws.ts"] } },
      { cwd: esmProject, source: { dataSource: "data-source.mts" } },
    ])) as [ChildResult, ChildResult, ChildResult, ChildResult];
  });
  afterAll(() => {
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it("reads the blog fixtures exactly as under jest, and registers the hook once", async () => {
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

  it("reads the same project through a DataSource module using import.meta.url and top-level await", () => {
    expect(esmDataSource.message).toBeUndefined();
    expect(esmDataSource.model).toEqual(esm.model);
  });

  it("reports a file that fails to load with its path and the line that threw, first", () => {
    expect(broken.error).toBe("EntityLoadError");
    expect(broken.message).toMatch(
      new RegExp(`^${escapeRegExp(path.join(FIXTURES, "invalid", "throws.ts"))}:2:7: boom while loading\\. The entity file could not be loaded`),
    );
  });
});
