/**
 * The start-up use case: an application calls `runMigrations()` when it boots. It applies what is pending,
 * reports a result per migration through the logger, and on a failure returns the error (naming revision,
 * file and statement) instead of throwing half-way, with the database left at the last good revision.
 */
import fs from "node:fs";
import path from "node:path";
import { openProject, runMigrations, upgrade } from "../../src";
import { NoDatabaseUrlError } from "../../src/api/project";
import { DatabaseConnectionError, InvalidDatabaseUrlError } from "../../src/db/database-errors";
import { createTestDatabase } from "../support/test-db";
import { tempProject } from "../cli/cli-support";

const mig = (rev: string, down: string | null, sql: string) => `
exports.revision = ${JSON.stringify(rev)};
exports.downRevision = ${JSON.stringify(down)};
exports.upgrade = async (op) => { ${sql} };
exports.downgrade = async () => {};
`;

describe("runMigrations (application start-up)", () => {
  it("applies pending migrations, logs each, and returns a result per migration; a second start does nothing", async () => {
    const db = await createTestDatabase("boot");
    try {
      const dir = tempProject({
        "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
        "migrations/a.js": mig("aaa111", null, `await op.execute("CREATE TABLE boot (id int)");`),
        "migrations/b.js": mig("bbb222", "aaa111", `await op.bulkInsert("boot", [{ id: 1 }, { id: 2 }]);`),
      });
      const lines: string[] = [];
      const logger = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(`WARN ${m}`) };
      const first = await runMigrations({ cwd: dir, logger });
      expect(first.error).toBeUndefined();
      expect(first.results.map((r) => [r.revision, r.status])).toEqual([
        ["aaa111", "applied"],
        ["bbb222", "applied"],
      ]);
      expect(first.heads).toEqual(["bbb222"]);
      expect(lines.filter((l) => l.startsWith("Running upgrade"))).toHaveLength(2);
      expect(await db.query("SELECT id FROM boot ORDER BY id")).toEqual([{ id: 1 }, { id: 2 }]);

      const second = await runMigrations({ cwd: dir, logger });
      expect(second.results).toEqual([]);
      expect(second.heads).toEqual(["bbb222"]);
    } finally {
      await db.drop();
    }
  });

  it("returns a failing migration's error instead of throwing, with the database at the last good revision", async () => {
    const db = await createTestDatabase("boot");
    try {
      const dir = tempProject({
        "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
        "migrations/a.js": mig("aaa111", null, `await op.execute("CREATE TABLE boot (id int)");`),
        "migrations/b.js": mig("bbb222", "aaa111", `await op.execute("ALTER TABLE boot ADD COLUMN x int"); await op.execute("SELECT * FROM missing_table");`),
      });
      const result = await runMigrations({ cwd: dir });
      expect(result.results.map((r) => [r.revision, r.status])).toEqual([
        ["aaa111", "applied"],
        ["bbb222", "failed"],
      ]);
      expect(result.heads).toEqual(["aaa111"]);
      expect(result.error?.message).toContain("bbb222");
      expect(result.error?.message).toContain("b.js");
      expect(result.error?.message).toContain("SELECT * FROM missing_table");
      expect(result.error?.message).toContain('relation "missing_table" does not exist');
      const columns = await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'boot'`);
      expect(columns).toEqual([{ column_name: "id" }]);
    } finally {
      await db.drop();
    }
  });
  it("reports what it committed when the application's logger or onEvent throws: a broken log line fails no migration", async () => {
    const db = await createTestDatabase("boot");
    try {
      const dir = tempProject({
        "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
        "migrations/a.js": mig("aaa111", null, `await op.execute("CREATE TABLE boot (id int)");`),
        "migrations/b.js": mig("bbb222", "aaa111", `await op.bulkInsert("boot", [{ id: 1 }]);`),
      });
      const broken = () => {
        throw new Error("the log sink is down");
      };
      const result = await runMigrations({ cwd: dir, logger: { info: broken, warn: broken }, onEvent: broken });
      expect(result.error).toBeUndefined();
      expect(result.results.map((r) => [r.revision, r.status])).toEqual([
        ["aaa111", "applied"],
        ["bbb222", "applied"],
      ]);
      expect(result.heads).toEqual(["bbb222"]);
      expect(await db.query("SELECT version_num FROM autogen_version")).toEqual([{ version_num: "bbb222" }]);
    } finally {
      await db.drop();
    }
  });
});

describe("runMigrations without a database URL, or with a bad one", () => {
  const project = () =>
    tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"] }),
      "migrations/a.js": mig("aaa111", null, `await op.execute("CREATE TABLE boot (id int)");`),
    });

  it("returns an error and creates nothing when no URL is configured (no silent embedded database)", async () => {
    const dir = project();
    const result = await runMigrations({ cwd: dir, env: {} });
    expect(result.error).toBeInstanceOf(NoDatabaseUrlError);
    expect(result.error!.message).toContain("No database URL");
    expect(result.error!.message).toContain("embedded: true");
    expect(result.results).toEqual([]);
    expect(result.heads).toBeNull();
    expect(fs.existsSync(path.join(dir, ".autogen"))).toBe(false);
  });

  it("the other entry points refuse too: upgrade() of a project opened without a URL throws and creates nothing", async () => {
    const dir = project();
    const opened = await openProject({ cwd: dir, env: {} });
    await expect(upgrade(opened)).rejects.toBeInstanceOf(NoDatabaseUrlError);
    expect(fs.existsSync(path.join(dir, ".autogen"))).toBe(false);
  });

  it("reports a misspelled option instead of ignoring it", async () => {
    const dir = project();
    const result = await runMigrations({ cwd: dir, env: {}, databaseURL: "postgresql://x/y" } as never);
    expect(result.error!.message).toContain('unknown option "databaseURL"');
    expect(fs.existsSync(path.join(dir, ".autogen"))).toBe(false);
  });

  it.each([
    ["a refused connection", "postgresql://u:secret123@127.0.0.1:1/db", DatabaseConnectionError, /connection was refused/],
    ["an unknown host", "postgresql://u@no-such-host.invalid/db", DatabaseConnectionError, /could not be resolved/],
    ["port 99999", "postgresql://u:secret123@127.0.0.1:99999/db", InvalidDatabaseUrlError, /port 99999 is not a valid port/],
  ])("returns %s as { error }, never thrown", async (_name, url, type, message) => {
    const dir = project();
    const result = await runMigrations({ cwd: dir, env: {}, url });
    expect(result.error).toBeInstanceOf(type);
    expect(result.error!.message).toMatch(message);
    expect(result.error!.message).not.toContain("secret123");
    expect(result.results).toEqual([]);
    expect(fs.existsSync(path.join(dir, ".autogen"))).toBe(false);
  });

  it("refuses a logger without info and warn before touching the database", async () => {
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"] }),
      "migrations/a.js": mig("aaa111", null, `await op.execute("CREATE TABLE boot (id int)");`),
    });
    const logger = { log: () => undefined } as unknown as { info(m: string): void; warn(m: string): void };
    const result = await runMigrations({ cwd: dir, logger, embedded: true });
    expect(result.error?.message).toBe("The logger needs info(message) and warn(message) methods (console, pino and winston loggers have both); this one has no info, warn.");
    expect(result.heads).toBeNull();
    expect(fs.existsSync(path.join(dir, ".autogen"))).toBe(false);
  });

  it("opens, uses and closes the embedded database when the logger's warn throws at its notice", async () => {
    const dir = project();
    const logger = { info: () => undefined, warn: () => { throw new Error("logger down"); } };
    const result = await runMigrations({ cwd: dir, env: {}, embedded: true, logger });
    expect(result.error).toBeUndefined();
    expect(result.results.map((r) => [r.revision, r.status])).toEqual([["aaa111", "applied"]]);
  });

  it("uses the embedded database when asked with embedded: true", async () => {
    const dir = project();
    const asked = await runMigrations({ cwd: dir, env: {}, embedded: true });
    expect(asked.error).toBeUndefined();
    expect(asked.results.map((r) => [r.revision, r.status])).toEqual([["aaa111", "applied"]]);
    expect(asked.heads).toEqual(["aaa111"]);
    expect(fs.existsSync(path.join(dir, ".autogen", "pgdata"))).toBe(true);
  });

  it("the config's embedded key says the same; the option wins over it; a URL wins over both", async () => {
    const withKey = (embedded: boolean) =>
      tempProject({ "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], embedded }) });
    expect((await openProject({ cwd: withKey(true), env: {} })).embedded).toBe(true);
    expect((await openProject({ cwd: withKey(true), env: {}, embedded: false })).embedded).toBe(false);
    expect((await openProject({ cwd: withKey(false), env: {}, embeddedByDefault: true })).embedded).toBe(false);
    expect((await openProject({ cwd: project(), env: {} })).embedded).toBe(false);
    const withUrl = await openProject({ cwd: withKey(true), env: { DATABASE_URL: "postgresql://h/db" } });
    expect(withUrl.databaseUrl).toBe("postgresql://h/db");
  });
});
