import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import {
  DuplicateRevisionError,
  MalformedMigrationError,
  MigrationLoadError,
  MissingRevisionError,
  ScriptDirectoryError,
} from "../../src/revision/errors";
import { readDocComment } from "../../src/revision/migration-module";
import { isMigrationFileName, loadScriptDirectory } from "../../src/revision/script-directory";
import { ids } from "./fixtures";

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A fresh temporary directory holding the given files. */
function directory(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "autogen-scripts-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Loads CommonJS files for real. */
const requireLoader = async (file: string): Promise<Record<string, unknown>> => require(file);

function cjs(id: string, down: string | string[] | null, extra = ""): string {
  return [
    `/**`,
    ` * Migration ${id}`,
    ` *`,
    ` * Create Date: 2024-05-0${id.length}T10:00:00Z`,
    ` */`,
    `exports.revision = ${JSON.stringify(id)};`,
    `exports.downRevision = ${JSON.stringify(down)};`,
    extra,
    `exports.upgrade = async (op) => op.push("up ${id}");`,
    `exports.downgrade = async (op) => op.push("down ${id}");`,
  ].join("\n");
}

describe("loadScriptDirectory", () => {
  test("loads the migrations directly in the folder and builds the graph", async () => {
    const dir = directory({
      "001_init.js": cjs("a1", null),
      "002_users.js": cjs("b2", "a1", 'exports.branchLabels = "core";'),
      "003_orders.js": cjs("c3", ["b2"], "exports.dependsOn = null;"),
      "_helpers.js": "throw new Error('helpers are not migrations');",
      ".hidden.js": "throw new Error('hidden files are not migrations');",
      "types.d.ts": "export {};",
      "README.md": "# migrations",
      "nested/004_more.js": "throw new Error('subfolders are not read');",
    });
    const { graph, modules } = await loadScriptDirectory(dir, requireLoader);
    expect(ids(graph.topologicalOrder())).toEqual(["a1", "b2", "c3"]);
    expect(ids(graph.heads)).toEqual(["c3"]);
    expect([...modules.keys()]).toEqual(["a1", "b2", "c3"]);
    const users = modules.get("b2")!;
    expect(users.path).toBe(join(dir, "002_users.js"));
    expect(users.revision).toEqual({
      id: "b2",
      downRevisions: ["a1"],
      branchLabels: ["core"],
      dependsOn: [],
      message: "Migration b2",
      path: join(dir, "002_users.js"),
      createDate: "2024-05-02T10:00:00Z",
    });
    expect(users.checksum).toBe(
      createHash("sha256")
        .update(cjs("b2", "a1", 'exports.branchLabels = "core";'))
        .digest("hex"),
    );
    expect(graph.get("core").id).toBe("b2");
    const log: string[] = [];
    await users.upgrade(log);
    await users.downgrade(log);
    expect(log).toEqual(["up b2", "down b2"]);
  });

  test("every migration extension is listed; the injected loader is called with absolute paths", async () => {
    const exportsOf = (id: string, down: string | null) => ({
      revision: id,
      downRevision: down,
      upgrade: () => undefined,
      downgrade: () => undefined,
    });
    const dir = directory({
      "1.ts": "/** TypeScript */",
      "2.mjs": "#!/usr/bin/env node\n/** ES module\n*/",
      "3.cjs": '"use strict";\n/* CommonJS */',
      "4.cts": "// not a doc comment",
      "5.js": "",
      "6.mts": "",
      "7.json": "{}",
    });
    const calls: string[] = [];
    const { modules } = await loadScriptDirectory(dir, async (file) => {
      calls.push(file);
      const name = basename(file);
      if (name === "2.mjs") return { default: exportsOf("r2", "r1") };
      return exportsOf(`r${name[0]}`, name[0] === "1" ? null : `r${Number(name[0]) - 1}`);
    });
    expect(calls).toEqual(
      ["1.ts", "2.mjs", "3.cjs", "4.cts", "5.js"].map((name) => join(dir, name)),
    );
    expect([...modules.values()].map((m) => [m.revision.id, m.revision.message])).toEqual([
      ["r1", "TypeScript"],
      ["r2", "ES module"],
      ["r3", "CommonJS"],
      ["r4", ""],
      ["r5", ""],
    ]);
  });

  test.each([
    ["revision", "exports.revision = 42;", "expected a non-empty string, found a number (42)"],
    ["revision", "exports.revision = ' ';", "expected a non-empty string, found an empty string"],
    [
      "downRevision",
      "exports.revision = 'a';",
      "the file does not export it; export null for the first migration, a revision id otherwise",
    ],
    [
      "downRevision",
      "exports.revision = 'a'; exports.downRevision = ['x', 3];",
      'expected null, a non-empty string or an array of non-empty strings, found an array of "x", number',
    ],
    [
      "branchLabels",
      "exports.revision = 'a'; exports.downRevision = null; exports.branchLabels = {};",
      "expected null, a non-empty string or an array of non-empty strings, found an object",
    ],
    [
      "dependsOn",
      "exports.revision = 'a'; exports.downRevision = null; exports.dependsOn = '';",
      "expected null, a non-empty string or an array of non-empty strings, found an empty string",
    ],
    [
      "upgrade",
      "exports.revision = 'a'; exports.downRevision = null; exports.downgrade = () => {};",
      "the file does not export it; every migration needs an upgrade and a downgrade function",
    ],
    [
      "downgrade",
      "exports.revision = 'a'; exports.downRevision = null; exports.upgrade = () => {}; exports.downgrade = 'no';",
      'expected a function, found the string "no"',
    ],
  ])("a file with a bad %s export is refused", async (what, text, detail) => {
    const dir = directory({ "001_bad.js": text });
    const error = (await loadScriptDirectory(dir, requireLoader).catch(
      (e: unknown) => e,
    )) as MalformedMigrationError;
    expect(error).toBeInstanceOf(MalformedMigrationError);
    expect(error.path).toBe(join(dir, "001_bad.js"));
    expect(error.what).toBe(what);
    expect(error.message).toBe(
      `Migration file ${join(dir, "001_bad.js")} has no valid \`${what}\` export: ${detail}.`,
    );
  });

  test("a file that fails to load is named", async () => {
    const dir = directory({
      "001_ok.js": cjs("a1", null),
      "002_broken.js": "exports.revision = ;",
    });
    const error = (await loadScriptDirectory(dir, requireLoader).catch(
      (e: unknown) => e,
    )) as MigrationLoadError;
    expect(error).toBeInstanceOf(MigrationLoadError);
    expect(error.path).toBe(join(dir, "002_broken.js"));
    expect(error.message).toContain(
      `Migration file ${join(dir, "002_broken.js")} could not be loaded: `,
    );
    expect(error.cause).toBeInstanceOf(Error);
  });

  test("graph errors name the files", async () => {
    const duplicate = directory({ "001_a.js": cjs("a1", null), "002_a.js": cjs("a1", null) });
    const dup = (await loadScriptDirectory(duplicate, requireLoader).catch(
      (e: unknown) => e,
    )) as DuplicateRevisionError;
    expect(dup).toBeInstanceOf(DuplicateRevisionError);
    expect(dup.paths).toEqual([join(duplicate, "001_a.js"), join(duplicate, "002_a.js")]);
    const orphan = directory({ "002_b.js": cjs("b2", "a1") });
    const missing = (await loadScriptDirectory(orphan, requireLoader).catch(
      (e: unknown) => e,
    )) as MissingRevisionError;
    expect(missing).toBeInstanceOf(MissingRevisionError);
    expect(missing.message).toContain(
      `Migration "b2" (${join(orphan, "002_b.js")}) lists "a1" as its down revision`,
    );
  });

  test("an empty folder gives an empty graph; a missing one is an error", async () => {
    const empty = await loadScriptDirectory(directory({}), requireLoader);
    expect(empty.graph.size).toBe(0);
    expect(empty.modules.size).toBe(0);
    const missing = join(directory({}), "nope");
    const error = (await loadScriptDirectory(missing, requireLoader).catch(
      (e: unknown) => e,
    )) as ScriptDirectoryError;
    expect(error).toBeInstanceOf(ScriptDirectoryError);
    expect(error.message).toBe(
      `The migrations folder ${missing} does not exist. Create it with \`autogen init\` (which also writes ` +
        `autogen.config.ts and the migration template), or set \`migrations\` in the config to the folder ` +
        `that holds your migration files.`,
    );
    const file = join(directory({ "x.js": "" }), "x.js");
    expect(
      ((await loadScriptDirectory(file, requireLoader).catch((e: unknown) => e)) as Error).message,
    ).toContain("it is not a directory");
  });
});

describe("migration file helpers", () => {
  test.each([
    ["001_init.ts", true],
    ["001_init.cjs", true],
    ["001_init.d.ts", false],
    ["001_init.d.cts", false],
    ["_shared.ts", false],
    [".#001_init.ts", false],
    ["001_init.ts.map", false],
    ["001_init.mts", false],
  ])("isMigrationFileName(%j) is %s", (name, expected) => {
    expect(isMigrationFileName(name)).toBe(expected);
  });

  test("readDocComment takes the first line of the leading block comment", () => {
    expect(
      readDocComment("/**\n * Add users\n * more text\n * Create Date: 2024-01-02\n */\nexport {}"),
    ).toEqual({
      message: "Add users",
      createDate: "2024-01-02",
    });
    expect(readDocComment("\uFEFF/** One line */")).toEqual({
      message: "One line",
      createDate: null,
    });
    expect(readDocComment("const x = 1;\n/** Too late */")).toEqual({
      message: "",
      createDate: null,
    });
  });
});
