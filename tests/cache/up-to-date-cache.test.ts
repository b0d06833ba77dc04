/**
 * `autogen check` remembers "nothing to do" (src/cache/up-to-date-cache.ts), through real processes on
 * PostgreSQL 15 (the entity cache, whose entry is part of the key, records only there): a second check
 * of the same entities and database neither normalises nor compares, and a change to an entity file, to
 * the database or to what is compared is seen.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { autogenProcess, REPOSITORY } from "../cli/check-process";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const entity = (columns: string) => `const { EntitySchema } = require("typeorm");
module.exports = new EntitySchema({ name: "invoice", columns: { id: { type: "int", primary: true }, ${columns} } });
`;
const PLAIN = `total: { type: "numeric" }`;

describe("autogen check remembers that nothing changed (PostgreSQL 15, real processes)", () => {
  let target: TestDatabase;
  let projectDir: string;
  let cacheDir: string;
  const writeConfig = (extra: Record<string, unknown> = {}) =>
    fs.writeFileSync(
      path.join(projectDir, "autogen.config.json"),
      JSON.stringify({ entities: ["invoice.js"], databaseUrl: target.url, ...extra }),
    );
  const check = () => autogenProcess(projectDir);
  /** Cache entries of one kind. */
  const entries = (prefix: string) => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((name) => name.startsWith(prefix)) : []);
  const forget = (prefix: string) => entries(prefix).forEach((name) => fs.rmSync(path.join(cacheDir, name)));

  beforeAll(async () => {
    target = await createTestDatabase("uptodate");
    await target.query(`CREATE TABLE invoice (id integer CONSTRAINT "PK_15d25c200d9bcd8a33f698daf18" PRIMARY KEY, total numeric NOT NULL)`);
    projectDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-uptodate-"));
    // The project's TypeORM is this checkout's; its cache goes to a node_modules of its own.
    fs.mkdirSync(path.join(projectDir, "node_modules"));
    fs.symlinkSync(path.join(REPOSITORY, "node_modules", "typeorm"), path.join(projectDir, "node_modules", "typeorm"), "dir");
    cacheDir = path.join(projectDir, "node_modules", ".cache", "pg-autogen");
    fs.mkdirSync(path.join(projectDir, "migrations"));
    fs.writeFileSync(path.join(projectDir, "invoice.js"), entity(PLAIN));
    writeConfig();
  });
  afterAll(async () => {
    await target.drop();
    fs.rmSync(projectDir, { recursive: true, force: true });
  });

  it("answers a second check without normalising the entities again", async () => {
    // Other test files create roles meanwhile (cluster-wide, part of the catalog state): a check whose
    // state moved while it ran stores nothing, so each step may take a few tries, never more than 5.
    let first = await check();
    for (let attempt = 1; entries("up-to-date-").length === 0 && attempt < 5; attempt++) first = await check();
    expect(first.stdout).toBe("No changes in schema detected.\n");
    expect(first.code).toBe(0);
    expect(entries("up-to-date-")).toHaveLength(1);
    // With the normalised model forgotten, only the remembered answer spares normalising it again.
    let second: Awaited<ReturnType<typeof check>>;
    let attempt = 0;
    do {
      forget("normalised-");
      second = await check();
    } while (entries("normalised-").length > 0 && ++attempt < 5);
    expect(second.stdout).toBe("No changes in schema detected.\n");
    expect(second.code).toBe(0);
    expect(entries("normalised-")).toEqual([]);
    // Without the answer, the same check normalises (and stores the model again).
    forget("up-to-date-");
    expect((await check()).code).toBe(0);
    expect(entries("normalised-")).toHaveLength(1);
  }, 120_000);

  it("an edit that leaves the model as it was (a comment) finds the remembered answer too", async () => {
    let stored = 0;
    for (let attempt = 0; stored === 0 && attempt < 5; attempt++) {
      expect((await check()).code).toBe(0);
      stored = entries("up-to-date-").length;
    }
    expect(stored).toBeGreaterThan(0);
    const file = path.join(projectDir, "invoice.js");
    const source = fs.readFileSync(file, "utf8");
    try {
      let edited: Awaited<ReturnType<typeof check>>;
      let attempt = 0;
      do {
        // A new comment each time: the entity side is built again (its files changed), to the same model.
        fs.writeFileSync(file, `${source}// reviewed ${attempt}\n`);
        forget("normalised-");
        edited = await check();
      } while (entries("normalised-").length > 0 && ++attempt < 5);
      expect({ code: edited.code, stdout: edited.stdout }).toEqual({ code: 0, stdout: "No changes in schema detected.\n" });
      expect(entries("normalised-")).toEqual([]);
    } finally {
      fs.writeFileSync(file, source);
    }
  }, 120_000);

  it("caches nothing read from a throwaway database (check --shadow), which would only push out what is used", async () => {
    const kinds = ["introspected-", "normalised-", "up-to-date-"];
    const before = kinds.map((kind) => entries(kind).sort());
    const shadow = await autogenProcess(projectDir, {}, ["check", "--shadow"]);
    // The empty history replayed: the entities' table is missing there.
    expect(shadow.code).toBe(1);
    expect(shadow.stdout).toContain("invoice");
    expect(kinds.map((kind) => entries(kind).sort())).toEqual(before);
  }, 120_000);

  it("sees an entity file edited, and the database changed", async () => {
    expect((await check()).code).toBe(0);
    fs.writeFileSync(path.join(projectDir, "invoice.js"), entity(`${PLAIN}, note: { type: "text", nullable: true }`));
    const edited = await check();
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain("note");
    fs.writeFileSync(path.join(projectDir, "invoice.js"), entity(PLAIN));
    expect((await check()).code).toBe(0);

    await target.query("ALTER TABLE invoice ADD COLUMN stray integer");
    const changed = await check();
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain("stray");
    await target.query("ALTER TABLE invoice DROP COLUMN stray");
    expect((await check()).code).toBe(0);
  }, 120_000);

  it("sees what is compared changed: the managed kinds, a filter", async () => {
    await target.query("CREATE FUNCTION stray_fn() RETURNS int LANGUAGE sql AS 'SELECT 1'");
    try {
      expect((await check()).code).toBe(0);
      writeConfig({ manage: ["functions"] });
      const managed = await check();
      expect(managed.code).toBe(1);
      expect(managed.stdout).toContain("stray_fn");
    } finally {
      writeConfig();
      await target.query("DROP FUNCTION stray_fn()");
    }
    await target.query("ALTER TABLE invoice ADD COLUMN stray integer");
    try {
      writeConfig({ exclude: ["invoice"] });
      expect((await check()).code).toBe(0);
      expect((await check()).code).toBe(0);
      writeConfig();
      const unfiltered = await check();
      expect(unfiltered.code).toBe(1);
      expect(unfiltered.stdout).toContain("stray");
    } finally {
      writeConfig();
      await target.query("ALTER TABLE invoice DROP COLUMN stray");
    }
  }, 120_000);
});
