/**
 * `autogen check` takes the revision graph from the cache when no migration file changed (src/api/scripts.ts
 * `loadRevisionGraph`), through real processes on PostgreSQL 15 (the load record is complete only there):
 * a new migration file, a migration edited, and a module a migration imports edited are each seen.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { autogenProcess, REPOSITORY } from "../cli/check-process";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const ENTITY = `const { EntitySchema } = require("typeorm");
module.exports = new EntitySchema({ name: "ledger", columns: { id: { type: "int", primary: true } } });
`;

/** A migration file (CommonJS) that runs nothing, with its ids given. */
const migration = (id: string, down: string | null) => `/**
 * ${id}
 */
exports.revision = "${id}";
exports.downRevision = ${down === null ? "null" : `"${down}"`};
exports.branchLabels = null;
exports.dependsOn = null;
exports.upgrade = async () => {};
exports.downgrade = async () => {};
`;

describe("autogen check's revision graph from the cache (PostgreSQL 15, real processes)", () => {
  let db: TestDatabase;
  let dir: string;
  const entries = () => {
    const cache = path.join(dir, "node_modules", ".cache", "pg-autogen");
    return fs.existsSync(cache) ? fs.readdirSync(cache).filter((name) => name.startsWith("revisions-")) : [];
  };
  const run = (...args: string[]) => autogenProcess(dir, {}, args.length ? args : ["check"]);

  beforeAll(async () => {
    db = await createTestDatabase("revgraph");
    await db.query(`CREATE TABLE ledger (id integer CONSTRAINT "PK_7a322e9157e5f42a16750ba2a20" PRIMARY KEY)`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-revgraph-"));
    fs.mkdirSync(path.join(dir, "node_modules"));
    fs.symlinkSync(path.join(REPOSITORY, "node_modules", "typeorm"), path.join(dir, "node_modules", "typeorm"), "dir");
    fs.mkdirSync(path.join(dir, "migrations"));
    fs.writeFileSync(path.join(dir, "ledger.js"), ENTITY);
    fs.writeFileSync(path.join(dir, "autogen.config.json"), JSON.stringify({ entities: ["ledger.js"], databaseUrl: db.url, manage: [] }));
    fs.writeFileSync(path.join(dir, "migrations", "a1_first.js"), migration("a1", null));
    expect((await run("stamp", "head")).code).toBe(0);
  });
  afterAll(async () => {
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The check's verdict on the database's revision: "at the heads", or where it is and must be. */
  async function headsVerdict(): Promise<string> {
    const result = await run();
    if (result.code === 0 && result.stdout === "No changes in schema detected.\n") return "at the heads";
    const match = /Target database is not up to date: (.*?)\./.exec(result.stderr);
    if (match) return match[1]!;
    throw new Error(`check failed otherwise (exit ${result.code}):\n${result.stdout}${result.stderr}`);
  }

  it("builds the graph once, then sees a new migration file, an edited one, and an edited module one imports", async () => {
    expect(await headsVerdict()).toBe("at the heads");
    expect(entries()).toHaveLength(1);
    expect(await headsVerdict()).toBe("at the heads");

    // A new file: the list of files is part of the key.
    fs.writeFileSync(path.join(dir, "migrations", "b2_second.js"), migration("b2", "a1"));
    expect(await headsVerdict()).toBe("it is at a1 but needs to be at b2");
    expect((await run("stamp", "head")).code).toBe(0);
    expect(await headsVerdict()).toBe("at the heads");

    // The head file edited (its id): its content is part of the record.
    fs.writeFileSync(path.join(dir, "migrations", "b2_second.js"), migration("b3", "a1"));
    expect(await headsVerdict()).toBe("it is at b2 but needs to be at b3");
    fs.writeFileSync(path.join(dir, "migrations", "b2_second.js"), migration("b2", "a1"));
    expect(await headsVerdict()).toBe("at the heads");

    // A module the head imports, which decides its id: what a migration loads is part of the record too.
    fs.writeFileSync(path.join(dir, "migrations", "_ids.js"), `exports.next = "b2";\n`);
    fs.writeFileSync(
      path.join(dir, "migrations", "b2_second.js"),
      migration("b2", "a1").replace(`exports.revision = "b2";`, `exports.revision = require("./_ids").next;`),
    );
    expect(await headsVerdict()).toBe("at the heads");
    fs.writeFileSync(path.join(dir, "migrations", "_ids.js"), `exports.next = "b4";\n`);
    expect(await headsVerdict()).toBe("it is at b2 but needs to be at b4");
  }, 120_000);
});
