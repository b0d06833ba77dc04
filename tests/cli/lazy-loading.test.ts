/**
 * An instant command line: `autogen --help`, `--version` and usage errors load the argument parser and
 * nothing else (no TypeORM, pg, Prettier, Handlebars, TypeScript, glob library or embedded database), and
 * a command loads what it uses only. Each case runs the built CLI (`bin/autogen.js` and `dist/`, laid out as
 * `npm run build` lays them out: tests/support/build-cli.ts) in its own process with
 * tests/support/module-recorder.js preloaded, which lists every module the CLI's code loads, directly or
 * through what it loads. `check` is looked at in process, with recording stand-ins for the packages it
 * must not load.
 * No time is measured here: bench/cli-startup.ts measures it.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type * as Main from "../../src/cli/main";
import { CATALOG_STATE_SQL } from "../../src/cache/introspection-cache";
import { sharedCli } from "../support/build-cli";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { NOTE_ENTITY, tempProject } from "./cli-support";

const REPOSITORY = path.join(__dirname, "..", "..");
const RECORDER = path.join(REPOSITORY, "tests", "support", "module-recorder.js");

/** Packages no help, version or usage error needs; each costs tens to hundreds of milliseconds to load. */
const HEAVY = [
  "typeorm",
  "pg",
  "prettier",
  "handlebars",
  "typescript",
  "ts-node",
  "fast-glob",
  "tinyglobby",
  "@electric-sql/pglite",
  "@inquirer/select",
  "libpg-query",
  "reflect-metadata",
  "tsconfig-paths",
];

interface Recorded {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Absolute paths (or `node:` names) of the modules the CLI's code loaded. */
  readonly modules: readonly string[];
}

/** The built CLI, shared with the other test files (left in place: see `sharedCli`). */
let built = "";
beforeAll(() => {
  built = sharedCli();
}, 120_000);

function runRecorded(args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<Recorded> {
  const build = built;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-modules-"));
  const out = path.join(dir, "modules.txt");
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["-r", RECORDER, path.join(build, "bin", "autogen.js"), ...args],
      {
        cwd,
        env: {
          PATH: process.env.PATH ?? "",
          MODULE_RECORDER_ROOT: path.join(build, "dist") + path.sep,
          MODULE_RECORDER_OUT: out,
          ...env,
        },
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") return reject(error);
        const modules = fs.existsSync(out) ? fs.readFileSync(out, "utf8").split("\n").filter(Boolean) : [];
        fs.rmSync(dir, { recursive: true, force: true });
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr, modules });
      },
    );
  });
}

/**
 * What reading and rendering migration files does not need: the database driver, the entities' TypeORM,
 * the migration renderer, the embedded database, the SQL parser, the rename prompt. (The module loader
 * they go through may load TypeScript, reflect-metadata and tsconfig-paths, as any project module does.)
 */
const NOT_FOR_MIGRATION_FILES = ["typeorm", "pg", "prettier", "handlebars", "@electric-sql/pglite", "libpg-query", "@inquirer/select"];

/** The packages of `names` among `modules`. */
function packagesAmong(modules: readonly string[], names: readonly string[] = HEAVY): string[] {
  const found = new Set<string>();
  for (const file of modules) {
    for (const name of names) if (file.includes(`${path.sep}node_modules${path.sep}${name}${path.sep}`)) found.add(name);
  }
  return [...found].sort();
}

/** The project's own modules among `modules`, as their sources (`cli/main.ts`), relative to src/. */
function ownModules(modules: readonly string[]): string[] {
  const dist = path.join(built, "dist") + path.sep;
  return modules
    .filter((file) => file.startsWith(dist))
    .map((file) => file.slice(dist.length).split(path.sep).join("/").replace(/\.js$/, ".ts"));
}

/** The project's own modules `--help` may load: the command line's definitions and the error classes. */
function isArgumentParsing(file: string): boolean {
  // The private cache folder's lookup: bin/autogen.js puts Node's code cache there first (Node 22.1+).
  if (file === "loader/cache-folder.ts") return true;
  return file === "errors.ts" || (file.startsWith("cli/") && file !== "cli/rename-prompt.ts");
}

describe("help, version and usage errors load only the argument parser", () => {
  const dir = tempProject({ "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"] }) });

  const cases: readonly { readonly args: readonly string[]; readonly code: number; readonly says: RegExp }[] = [
    { args: ["--help"], code: 0, says: /Usage: autogen/ },
    { args: ["--version"], code: 0, says: /^\d+\.\d+\.\d+/ },
    { args: ["frobnicate"], code: 2, says: /unknown command 'frobnicate'/ },
    { args: ["upgrade", "--bogus"], code: 2, says: /unknown option '--bogus'/ },
  ];

  it.each(cases)("autogen $args", async ({ args, code, says }) => {
    const run = await runRecorded(args, dir);
    expect(run.code).toBe(code);
    expect(run.stdout + run.stderr).toMatch(says);
    // The recorder saw the command line load its parser: it records, so an empty list proves nothing.
    expect(run.modules.some((file) => file.includes(`${path.sep}node_modules${path.sep}commander${path.sep}`))).toBe(true);
    expect(ownModules(run.modules)).toContain("cli/global-options.ts");
    expect(packagesAmong(run.modules)).toEqual([]);
    expect(ownModules(run.modules).filter((file) => !isArgumentParsing(file))).toEqual([]);
  }, 60_000);
});

describe("a command loads what it uses", () => {
  const migration = `
exports.revision = "a1";
exports.downRevision = null;
exports.upgrade = async (op) => { op.execute("CREATE TABLE t (id int)"); };
exports.downgrade = async (op) => { op.execute("DROP TABLE t"); };
`;
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"] }),
    "migrations/a1_first.js": migration,
  });

  it("upgrade --sql renders SQL offline: no database driver, entities, renderer or embedded database", async () => {
    const run = await runRecorded(["upgrade", "head", "--sql"], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("CREATE TABLE t (id int)");
    expect(ownModules(run.modules)).toContain("runner/offline-sql.ts");
    expect(packagesAmong(run.modules, NOT_FOR_MIGRATION_FILES)).toEqual([]);
  }, 60_000);
});

describe("check loads neither the migration renderer nor the SQL parser", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("lazy");
  });
  afterAll(async () => {
    await db.drop();
  });

  it("autogen check against a server: no Prettier, Handlebars, libpg-query (lint's parser), rename prompt or PGlite", async () => {
    // In process, each package replaced by a recording stand-in that hands over the real one.
    const loaded: string[] = [];
    const record = (name: string) =>
      jest.doMock(name, () => {
        loaded.push(name);
        return jest.requireActual(name);
      });
    jest.resetModules();
    for (const name of ["prettier", "handlebars", "libpg-query", "@inquirer/select", "@electric-sql/pglite", "typeorm"]) record(name);
    const dir = tempProject({ "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"] }), "entities/note.ts": NOTE_ENTITY, "migrations/.keep": "" });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { run } = require("../../src/cli/main") as typeof Main;
    let stdout = "";
    const code = await run(["check", "--url", db.url], { cwd: dir, env: { PATH: process.env.PATH }, stdout: (t) => (stdout += t), stderr: () => undefined });
    expect(code).toBe(1);
    expect(stdout).toContain("New upgrade operations detected");
    // typeorm was recorded (the entities' own import goes through the project's loader, not jest's, so the
    // CLI's own load of it is the one seen here): the stand-ins work.
    expect(loaded).toEqual(["typeorm"]);
  }, 60_000);
});

describe("check whose answer is remembered loads neither the entities nor the comparison", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("lazyhit");
  });
  afterAll(async () => {
    await db.drop();
  });

  /**
   * `check` twice in a row, run again (three times at most) when the catalog state moved between the two:
   * it holds the cluster's roles, which other test files create meanwhile, and a moved state is rightly
   * a new question that the second check must compare again.
   */
  async function twoChecks(dir: string): Promise<{ first: Recorded; second: Recorded }> {
    const state = async () => JSON.stringify(await db.query(CATALOG_STATE_SQL));
    for (let attempt = 1; ; attempt++) {
      const before = await state();
      const first = await runRecorded(["check"], dir);
      const second = await runRecorded(["check"], dir);
      if ((await state()) === before || attempt === 3) return { first, second };
    }
  }

  it("second check of an in-sync project: no TypeORM, entity loader, introspection, normalisation, comparator or operations", async () => {
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
      "entities/note.ts": NOTE_ENTITY,
      "migrations/.keep": "",
    });
    expect((await runRecorded(["revision", "--autogenerate", "-m", "init"], dir)).code).toBe(0);
    expect((await runRecorded(["upgrade", "head"], dir)).code).toBe(0);
    // The first check compares (the entity side is the one `revision` cached) and remembers it found nothing.
    const { first, second } = await twoChecks(dir);
    expect(first.stdout).toBe("No changes in schema detected.\n");
    expect(ownModules(first.modules)).toContain("compare/compare.ts");
    expect({ code: second.code, stdout: second.stdout }).toEqual({ code: 0, stdout: "No changes in schema detected.\n" });
    expect(packagesAmong(second.modules, ["typeorm", "prettier", "handlebars", "libpg-query", "@electric-sql/pglite", "@inquirer/select"])).toEqual([]);
    const own = ownModules(second.modules);
    const light = new Set(["compare/display.ts", "compare/managed-kinds.ts"]);
    expect(own.filter((m) => /^(compare|introspect|normalise|ops|render)\//.test(m) && !light.has(m))).toEqual([]);
    expect(own).toContain("entities/entity-globs.ts");
    // Nor the migration files: the revision graph they make comes from the cache too.
    expect(first.modules.some((m) => m.includes(`${path.sep}migrations${path.sep}`))).toBe(true);
    expect(second.modules.filter((m) => m.includes(`${path.sep}migrations${path.sep}`))).toEqual([]);
    const building = ["entities/load-entities.ts", "entities/read-entity-model.ts", "entities/build-metadata.ts", "entities/entities-to-model.ts"];
    expect(own.filter((m) => building.includes(m))).toEqual([]);
    // Without migration files and with a JSON config, not even the module loader (nor TypeScript).
    fs.rmSync(path.join(dir, "migrations"), { recursive: true });
    fs.mkdirSync(path.join(dir, "migrations"));
    await db.query("DROP TABLE autogen_version");
    const { first: rebuilt, second: bare } = await twoChecks(dir);
    expect(rebuilt.code).toBe(0);
    expect({ code: bare.code, stdout: bare.stdout }).toEqual({ code: 0, stdout: "No changes in schema detected.\n" });
    expect(packagesAmong(bare.modules, ["typescript", "reflect-metadata", "tsconfig-paths", "typeorm"])).toEqual([]);
    const cacheLookup = ["loader/compile-cache.ts", "loader/cache-folder.ts", "loader/load-error.ts"];
    expect(ownModules(bare.modules).filter((m) => m.startsWith("loader/") && !cacheLookup.includes(m))).toEqual([]);
    // And an edit is still seen: the entity side is built again, and the change found.
    fs.writeFileSync(path.join(dir, "entities", "note.ts"), NOTE_ENTITY.replace("length: 120", "length: 140"));
    const edited = await runRecorded(["check"], dir);
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain("New upgrade operations detected (1)");
  }, 120_000);
});
