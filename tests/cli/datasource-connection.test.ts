/**
 * A config that names a DataSource and no database URL: the commands work on the database the
 * DataSource's own connection settings describe (as TypeORM would connect: `url` before host, port,
 * username, password and database; `ssl`; `extra` over the rest), on PostgreSQL 15, and the embedded
 * database is not created. A URL (the config's `databaseUrl`, `--url`, `DATABASE_URL`) takes precedence; a
 * DataSource of another type is one usage error; a refused connection is the connection error, naming the
 * DataSource and never its password; a DataSource without connection settings leaves the embedded database.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { startCluster, stopCluster, type RunningCluster } from "../support/pg-cluster";
import { autogenProcess } from "./check-process";
import { cli, NOTE_ENTITY, tempProject } from "./cli-support";

const CONFIG = JSON.stringify({ dataSource: "src/data-source.ts", migrations: "migrations" });

/** A data-source.ts exporting a DataSource of the Note entity with `options` (TypeScript object members). */
function dataSourceModule(options: string): string {
  return `
import { DataSource } from "typeorm";
import { Note } from "./note";

export default new DataSource({ type: "postgres", entities: [Note], ${options} });
`;
}

/** A project whose DataSource has `options`, plus `files`. */
function project(options: string, files: Record<string, string> = {}): string {
  return tempProject({
    "autogen.config.json": CONFIG,
    "src/note.ts": NOTE_ENTITY,
    "src/data-source.ts": dataSourceModule(options),
    "migrations/.keep": "",
    ...files,
  });
}

/** The DataSource members that name `db` piece by piece, as most projects write them. */
function credentials(db: TestDatabase, password = "unused-under-trust"): string {
  const url = new URL(db.url);
  return (
    `host: ${JSON.stringify(url.hostname)}, port: ${Number(url.port)}, username: ${JSON.stringify(decodeURIComponent(url.username))}, ` +
    `password: ${JSON.stringify(password)}, database: ${JSON.stringify(db.name)}`
  );
}

/** A hand-written migration creating `table` with what the session it ran on was like. */
function sessionMigration(table: string): Record<string, string> {
  const sql = `CREATE TABLE ${table} AS SELECT current_setting('application_name') AS app, current_setting('work_mem') AS work_mem`;
  return {
    "migrations/a1_session.js": `
exports.revision = "a1";
exports.downRevision = null;
exports.upgrade = async (op) => { await op.execute(${JSON.stringify(sql)}); };
exports.downgrade = async (op) => { await op.execute("DROP TABLE ${table}"); };
`,
  };
}

async function tables(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
  return rows.map((row) => row.name);
}

const embeddedDir = (dir: string) => path.join(dir, ".autogen", "pgdata");

describe("the DataSource's connection settings (PostgreSQL 15)", () => {
  const databases: TestDatabase[] = [];
  const database = async () => {
    const db = await createTestDatabase("dsconn");
    databases.push(db);
    return db;
  };
  afterAll(async () => {
    await Promise.all(databases.map((db) => db.drop()));
  });

  it("host, port, username, password and database: autogen -m and upgrade head act on that database", async () => {
    const db = await database();
    const dir = project(credentials(db));
    const generate = await cli(["-m", "notes"], dir);
    expect(generate.stderr).toBe("");
    expect(generate.code).toBe(0);
    const upgrade = await cli(["upgrade", "head"], dir);
    expect(upgrade.stderr).toBe("");
    expect(upgrade.code).toBe(0);
    expect(await tables(db)).toEqual(["autogen_checksums", "autogen_version", "notes"]);
    const [{ version }] = await db.query<{ version: string }>("SELECT version_num AS version FROM autogen_version");
    const current = await cli(["current"], dir);
    expect({ code: current.code, stdout: current.stdout, stderr: current.stderr }).toEqual({ code: 0, stdout: `${version} (head)\n`, stderr: "" });
    expect((await cli(["check"], dir)).stdout).toBe("No changes in schema detected.\n");
    // history --json reads the version table where it can: the DataSource's database.
    const history = await cli(["history", "--json"], dir);
    expect((JSON.parse(history.stdout) as { id: string; isCurrent: boolean | null }[]).map((r) => [r.id, r.isCurrent])).toEqual([[version, true]]);
    expect(fs.existsSync(embeddedDir(dir))).toBe(false);
  }, 120_000);

  it("url: used instead of host, port, username, password and database, as TypeORM does", async () => {
    const db = await database();
    const dir = project(`url: ${JSON.stringify(db.url)}, host: "no-such-host.invalid", port: 1, database: "not_this_one"`);
    const generate = await cli(["-m", "notes"], dir);
    expect(generate.stderr).toBe("");
    expect(generate.code).toBe(0);
    expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
    expect(await tables(db)).toEqual(["autogen_checksums", "autogen_version", "notes"]);
    expect(fs.existsSync(embeddedDir(dir))).toBe(false);
  }, 120_000);

  it("ssl: false and extra: the session is opened with extra's driver settings, over applicationName", async () => {
    const db = await database();
    const extra = `extra: { application_name: "billing-api", options: "-c work_mem=7MB", connectionTimeoutMillis: 5000, max: 3 }`;
    const dir = project(`${credentials(db)}, ssl: false, applicationName: "not-this-name", ${extra}`, sessionMigration("seen"));
    const upgrade = await cli(["upgrade", "head"], dir);
    expect(upgrade.stderr).toBe("");
    expect(upgrade.code).toBe(0);
    expect(await db.query("SELECT app, work_mem FROM seen")).toEqual([{ app: "billing-api", work_mem: "7MB" }]);
    expect(fs.existsSync(embeddedDir(dir))).toBe(false);
  }, 120_000);

  it("ssl: true is asked of the server, which has no SSL: the connection error says where to turn it off", async () => {
    const db = await database();
    const dir = project(`${credentials(db)}, ssl: true`, sessionMigration("seen"));
    const upgrade = await cli(["upgrade", "head"], dir);
    expect(upgrade.code).toBe(1);
    expect(upgrade.stderr).toContain("The server does not support SSL connections; set the DataSource's ssl option to false");
    expect(await tables(db)).toEqual([]);
  }, 120_000);

  it.each([
    ["the config's databaseUrl", (url: string) => ({ config: { databaseUrl: url }, args: [], env: {} })],
    ["--url", (url: string) => ({ config: {}, args: ["--url", url], env: {} })],
    ["DATABASE_URL", (url: string) => ({ config: {}, args: [], env: { DATABASE_URL: url } })],
  ])("a database URL from %s takes precedence over the DataSource", async (_, given) => {
    const [named, other] = [await database(), await database()];
    const { config, args, env } = given(named.url);
    const dir = project(credentials(other), {
      ...sessionMigration("seen"),
      "autogen.config.json": JSON.stringify({ dataSource: "src/data-source.ts", migrations: "migrations", ...config }),
    });
    const upgrade = await cli(["upgrade", "head", ...args], dir, env);
    expect(upgrade.stderr).toBe("");
    expect(upgrade.code).toBe(0);
    expect(await tables(named)).toEqual(["autogen_checksums", "autogen_version", "seen"]);
    expect(await tables(other)).toEqual([]);
  }, 120_000);

  it("a DataSource of another type: one usage error naming the module, the config file and the type", async () => {
    // `driver` stands in for the mysql2 package, which TypeORM's MySQL driver otherwise requires when built.
    const dir = tempProject({
      "autogen.config.json": CONFIG,
      "src/data-source.ts": `
import { DataSource } from "typeorm";
export default new DataSource({ type: "mysql", driver: {}, host: "127.0.0.1", username: "app", password: "s3cret", database: "shop" });
`,
      "migrations/.keep": "",
    });
    const expected =
      `ERROR: The DataSource module ${path.join(dir, "src", "data-source.ts")} (the "dataSource" of ` +
      `${path.join(dir, "autogen.config.json")}) exports a DataSource of type "mysql", not "postgres". Export a ` +
      `TypeORM DataSource with type "postgres" (or a promise of one) as the default export or as a named export.\n`;
    for (const args of [["current"], ["upgrade", "head"], ["-m", "notes"]]) {
      const r = await cli(args, dir);
      expect({ args, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ args, code: 2, stdout: "", stderr: expected });
    }
    expect(fs.existsSync(path.join(dir, ".autogen"))).toBe(false);
  }, 120_000);

  it("a DataSource without connection settings: the embedded database, with a note saying why", async () => {
    const dir = project("");
    const r = await cli(["current"], dir);
    expect(r.code).toBe(0);
    // The notice's first part depends on the engine that could run here (see tests/db).
    expect(r.stderr).toMatch(/^Using the embedded .* DATABASE_URL to use a server\. The DataSource in /);
    expect(r.stderr).toContain(
      `The DataSource in ${dir}/src/data-source.ts has no connection settings (url, host, port, username, password ` +
        "or database), so the embedded database stands in for its database.",
    );
  }, 120_000);

  it("says nothing of a DataSource when the config names entities", async () => {
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations" }),
      "migrations/.keep": "",
    });
    const r = await cli(["current"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^Using the embedded /);
    expect(r.stderr).not.toContain("DataSource");
  }, 120_000);
});

describe("the DataSource's password on a server that asks for one (PostgreSQL 15, scram-sha-256)", () => {
  const PASSWORD = "right-pw-8c1f3a";
  let cluster: RunningCluster;
  beforeAll(async () => {
    cluster = await startCluster(undefined, { password: PASSWORD });
  }, 120_000);
  afterAll(() => {
    if (cluster) stopCluster(cluster.dir);
  });

  const settings = (password: string) => `host: "127.0.0.1", port: ${cluster.port}, username: "autogen", password: ${password}, database: "postgres"`;

  it.each([
    ["a string", (pw: string) => JSON.stringify(pw)],
    ["a function (TypeORM passes it to node-postgres)", (pw: string) => `async () => ${JSON.stringify(pw)}`],
  ])("given as %s: connects with the right one; the wrong one is the connection error, without the password", async (_, written) => {
    const right = project(settings(written(PASSWORD)));
    expect(await cli(["current"], right)).toEqual({ code: 0, stdout: "(no revision: the database is at base)\n", stderr: "" });
    const wrongPassword = "wrong-pw-5e2a97";
    const wrong = project(settings(written(wrongPassword)));
    const r = await cli(["current"], wrong);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `ERROR: Could not connect to PostgreSQL at 127.0.0.1:${cluster.port}, database "postgres" as user "autogen": ` +
        `password authentication failed for user "autogen" (SQLSTATE 28P01); check the DataSource's username and ` +
        `password. These connection settings are the DataSource's in ${path.join(wrong, "src", "data-source.ts")}, ` +
        "used because no database URL is set: correct them there, or set a database URL with --url, `databaseUrl` " +
        "in the config file or the DATABASE_URL environment variable, which takes precedence.\n",
    );
    expect(r.stderr).not.toContain(wrongPassword);
    expect(fs.existsSync(embeddedDir(wrong))).toBe(false);
  }, 120_000);
});

describe("the entity cache with the DataSource's connection (PostgreSQL 15, real processes)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("dscache");
  });
  afterAll(async () => {
    await db.drop();
  });

  it("loading the DataSource for its connection leaves the entity side cached: a second check loads no entity file", async () => {
    const dir = tempProject({
      "autogen.config.json": CONFIG,
      "src/data-source.ts": `
import { DataSource } from "typeorm";
export default new DataSource({ type: "postgres", entities: ["src/entities/*.ts"], ${credentials(db)} });
`,
      "migrations/.keep": "",
    });
    const log = path.join(dir, "loads.log");
    fs.mkdirSync(path.join(dir, "src", "entities"));
    fs.writeFileSync(
      path.join(dir, "src", "entities", "note.ts"),
      `${NOTE_ENTITY}\nrequire("node:fs").appendFileSync(${JSON.stringify(log)}, "loaded\\n");\n`,
    );
    expect((await cli(["-m", "notes"], dir)).code).toBe(0);
    expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
    const loads = () => fs.readFileSync(log, "utf8").split("\n").filter(Boolean).length;
    const before = loads();
    const first = await autogenProcess(dir);
    expect({ code: first.code, stdout: first.stdout }).toEqual({ code: 0, stdout: "No changes in schema detected.\n" });
    expect(loads()).toBe(before + 1);
    const second = await autogenProcess(dir);
    expect({ code: second.code, stdout: second.stdout }).toEqual({ code: 0, stdout: "No changes in schema detected.\n" });
    expect(loads()).toBe(before + 1);
    expect(fs.existsSync(embeddedDir(dir))).toBe(false);
  }, 180_000);
});
