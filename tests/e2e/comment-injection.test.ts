/**
 * Names and messages that reach the `-- ...` lines of a printed SQL script. PostgreSQL and psql end a
 * `--` comment at a carriage return as well as at a line feed, so a table named
 * `evil<CR>CREATE TABLE injected ...; --` printed as it is in `-- DESTRUCTIVE: drops table evil...` ran
 * that statement when a DBA applied `autogen diff`'s script (with a superuser's rights, often), and a
 * migration's message did the same in `upgrade --sql`. Applied with psql on PostgreSQL 15, the scripts
 * must run only their own statements.
 */
import { execFileSync } from "node:child_process";
import { cli, tempProject } from "../cli/cli-support";
import { clientBin } from "../support/pg-cluster";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const EVIL = "evil\rCREATE TABLE injected (x int); --";

const made: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(made.map((db) => db.drop()));
});

async function database(sql: string): Promise<TestDatabase> {
  const db = await createTestDatabase("cominj");
  made.push(db);
  if (sql !== "") await db.query(sql);
  return db;
}

function psql(url: string, script: string): void {
  execFileSync(clientBin("psql"), ["-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-d", url], { input: script, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
}

const injected = async (db: TestDatabase) => db.query("SELECT relname FROM pg_class WHERE relname = 'injected'");

describe("comments of printed SQL scripts", () => {
  it("autogen diff: a dropped table's name with a carriage return stays in its DESTRUCTIVE comment", async () => {
    const from = await database(`DO $$ BEGIN EXECUTE format('CREATE TABLE %I (id int)', E'${EVIL.replace("\r", "\\r")}'); END $$`);
    const to = await database("");
    const run = await cli(["diff", from.url, to.url], tempProject({}));
    expect(run.code).toBe(1);
    // The DROP names the table quoted, carriage return and all; no comment line holds one.
    expect(run.stdout.split("\n").filter((line) => line.startsWith("--") && line.includes("\r"))).toEqual([]);
    expect(run.stdout).toContain("-- DESTRUCTIVE: drops table evil CREATE TABLE injected (x int); -- and all its rows");
    psql(from.url, run.stdout);
    expect(await injected(from)).toEqual([]);
    expect(await from.query("SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'evil%'")).toEqual([{ n: 0 }]);
  });

  it("upgrade --sql: a migration's message with a carriage return stays in its comment", async () => {
    const db = await database("");
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations" }),
      "migrations/0001_notes.js": [
        `/**\n * notes${"\r"}CREATE TABLE injected (x int); --\n *\n * Revision ID: aaa111\n */`,
        `exports.revision = "aaa111";`,
        `exports.downRevision = null;`,
        `exports.upgrade = async (op) => { await op.execute("CREATE TABLE notes (id int)"); };`,
        `exports.downgrade = async (op) => { await op.execute("DROP TABLE notes"); };`,
      ].join("\n"),
    });
    const run = await cli(["upgrade", "head", "--sql"], dir, { DATABASE_URL: db.url });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("-- Running upgrade base -> aaa111, notes CREATE TABLE injected (x int); --");
    expect(run.stdout.split("\n").filter((line) => line.startsWith("--") && line.includes("\r"))).toEqual([]);
    psql(db.url, run.stdout.replace(/^BEGIN;$|^COMMIT;$/gm, ""));
    expect(await injected(db)).toEqual([]);
    expect(await db.query("SELECT version_num FROM autogen_version")).toEqual([{ version_num: "aaa111" }]);
  });
});
