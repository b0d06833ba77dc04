/**
 * The embedded PGlite database (`embedded.engine: "pglite"`, and the fallback where the embedded server
 * cannot run): persisted through openDatabase, in memory through openEphemeral.
 * Each PGlite start costs 0.5-2 s and about 0.7 GB of memory, so the instances here are few, sequential, and
 * each is closed before the next one starts.
 *
 * PGlite loads Node built-ins with import(), which jest allows only under
 * NODE_OPTIONS=--experimental-vm-modules.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../../src/db/open";
import { openEmbedded, openEphemeral } from "../../src/db/pglite";
import { snapshotFileName } from "../../src/db/pglite-snapshot-cache";
import { EMBEDDED_SHARED_BUFFERS } from "../../src/db/pglite-start";
import { EmbeddedDatabaseBusyError, EmbeddedDatabaseError } from "../../src/db/database-errors";
import type { Database } from "../../src/db/database";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let workDir: string;
const opened: Database[] = [];

beforeAll(() => {
  const flags = `${process.env.NODE_OPTIONS ?? ""} ${process.execArgv.join(" ")}`;
  if (!flags.includes("--experimental-vm-modules")) {
    throw new Error("PGlite needs dynamic import() under jest: run with NODE_OPTIONS=--experimental-vm-modules");
  }
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-pglite-"));
});

afterAll(async () => {
  for (const db of opened) await db.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

async function track(db: Promise<Database>): Promise<Database> {
  const resolved = await db;
  opened.push(resolved);
  return resolved;
}

const cacheDir = () => path.join(workDir, "cache");

describe("the project's embedded database", () => {
  const projectDir = () => path.join(workDir, "project");
  const dataDir = () => path.join(projectDir(), ".autogen", "pgdata");
  const messages: string[] = [];
  const log = (message: string) => messages.push(message);

  it("is created on first use, with the extensions and a .gitignore, and announced once", async () => {
    const embedded = { engine: "pglite" as const, snapshotCacheDir: cacheDir() };
    const db = await track(openDatabase({ url: "  ", projectDir: projectDir(), log, embedded }));
    expect(db.kind).toBe("pglite");
    expect(fs.readdirSync(cacheDir())).toEqual([snapshotFileName()]);
    expect(db.description).toBe(dataDir());
    expect(fs.readFileSync(path.join(projectDir(), ".autogen", ".gitignore"), "utf8")).toBe("*\n");
    expect(fs.readFileSync(path.join(dataDir(), "PG_VERSION"), "utf8").trim()).toBe("18");
    expect((await db.query("SHOW server_version")).rows[0]).toEqual({ server_version: "18.6" });
    // Not initdb's 128MB, which PGlite allocates and initialises in WebAssembly memory at every start.
    expect((await db.query("SHOW shared_buffers")).rows[0]).toEqual({ shared_buffers: EMBEDDED_SHARED_BUFFERS });

    await db.exec('CREATE EXTENSION "uuid-ossp"; CREATE EXTENSION pgcrypto; CREATE EXTENSION citext;');
    const { rows } = await db.query<{ v4: string; random: string; same: boolean; digest: string }>(
      "SELECT uuid_generate_v4()::text AS v4, gen_random_uuid()::text AS random, " +
        "'Straße'::citext = 'STRAßE'::citext AS same, encode(digest('abc', 'sha256'), 'hex') AS digest",
    );
    expect(rows[0]!.v4).toMatch(UUID);
    expect(rows[0]!.random).toMatch(UUID);
    expect(rows[0]!.same).toBe(true);
    expect(rows[0]!.digest).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("parses int8 like pg (a string) and reports field oids without a typmod", async () => {
    const db = opened[0]!;
    const result = await db.query("SELECT $1::int8 AS small, 9007199254740993::int8 AS big, NULL::varchar(255) AS v", [7]);
    expect(result.rows).toEqual([{ small: "7", big: "9007199254740993", v: null }]);
    expect(result.fields).toEqual([
      { name: "small", dataTypeID: 20 },
      { name: "big", dataTypeID: 20 },
      { name: "v", dataTypeID: 1043 },
    ]);
  });

  it("rolls DDL back, commits, and grants advisory locks (one session: re-entrant)", async () => {
    const db = opened[0]!;
    await expect(
      db.transaction(async (tx) => {
        await tx.query("CREATE TABLE dropped (id int)");
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect((await db.query("SELECT to_regclass('dropped') AS t")).rows).toEqual([{ t: null }]);

    await db.transaction(async (tx) => {
      await tx.query("SET LOCAL search_path = pg_catalog");
      await tx.query("CREATE TABLE public.kept (id int8 PRIMARY KEY, name public.citext)");
      await tx.query("INSERT INTO public.kept VALUES (1, 'Ada')");
    });
    expect((await db.query("SHOW search_path")).rows).toEqual([{ search_path: "public" }]);
    expect((await db.query("SELECT pg_try_advisory_lock(42) AS a, pg_try_advisory_lock(42) AS b")).rows).toEqual([
      { a: true, b: true },
    ]);
  });

  it("refuses a second handle on the same data directory while it is open", async () => {
    await expect(openEmbedded(dataDir())).rejects.toThrow(EmbeddedDatabaseBusyError);
    await opened.shift()!.close();
    expect(fs.existsSync(`${dataDir()}.lock`)).toBe(false);
  });

  it("keeps its data when reopened, without announcing itself again", async () => {
    const db = await track(openDatabase({ url: null, projectDir: projectDir(), log, embedded: { engine: "pglite", snapshotCacheDir: null } }));
    expect((await db.query("SELECT id, name::text AS name FROM kept")).rows).toEqual([{ id: "1", name: "Ada" }]);
    expect(messages).toEqual([
      `Using the embedded PostgreSQL (PGlite) database at ${dataDir()}; set --url, databaseUrl in the config ` +
        `or DATABASE_URL to use a server.`,
    ]);
    await opened.pop()!.close();
  });

  it("keeps shared buffers its configuration chose: by ALTER SYSTEM, or in postgresql.conf other than initdb's", async () => {
    // shared_buffers takes effect at a start, so each configuration's value is read in a start of its
    // own, which also runs the ALTER SYSTEM that makes the next configuration: four starts for four.
    const sharedBuffersThen = async (sql?: string): Promise<string> => {
      const db = await openEmbedded(dataDir());
      try {
        const value = (await db.query<{ shared_buffers: string }>("SHOW shared_buffers")).rows[0]!.shared_buffers;
        if (sql !== undefined) await db.query(sql);
        return value;
      } finally {
        await db.close();
      }
    };
    const conf = path.join(dataDir(), "postgresql.conf");
    const initdbConf = fs.readFileSync(conf, "utf8");
    expect(initdbConf).toMatch(/^shared_buffers = 128MB\b/m);

    fs.writeFileSync(conf, `${initdbConf}\nshared_buffers = '24MB'  # a DBA's choice\n`);
    expect(await sharedBuffersThen()).toBe("24MB");
    fs.writeFileSync(conf, `${initdbConf}\n  SHARED_BUFFERS 128MB\n`);
    expect(await sharedBuffersThen("ALTER SYSTEM SET shared_buffers = '32MB'")).toBe(EMBEDDED_SHARED_BUFFERS);
    fs.writeFileSync(conf, initdbConf);

    expect(await sharedBuffersThen("ALTER SYSTEM RESET shared_buffers")).toBe("32MB");
    expect(await sharedBuffersThen()).toBe(EMBEDDED_SHARED_BUFFERS);
  });

  it("refuses a non-empty directory that is not a data directory", async () => {
    const notData = path.join(workDir, "notes");
    fs.mkdirSync(notData);
    fs.writeFileSync(path.join(notData, "todo.txt"), "x");
    const error = await openEmbedded(notData).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddedDatabaseError);
    expect((error as Error).message).toBe(
      `Could not open the embedded PostgreSQL (PGlite) database at ${notData}: the directory is not empty and ` +
        `is not a PostgreSQL data directory (it has no PG_VERSION file); point the embedded database at an ` +
        `empty or missing directory.`,
    );
    expect(fs.existsSync(`${notData}.lock`)).toBe(false);
  });
});

describe("clusters started from the snapshot cache", () => {
  it("gives ephemeral databases that share nothing", async () => {
    let started = Date.now();
    const first = await track(openEphemeral({ snapshotCacheDir: cacheDir() }));
    const fromSnapshot = Date.now() - started;
    expect(first.description).toBe("the embedded in-memory PostgreSQL (PGlite) database");
    expect((await first.query("SELECT to_regclass('kept') AS t")).rows).toEqual([{ t: null }]);
    await first.exec('CREATE EXTENSION "uuid-ossp"; CREATE TABLE only_in_first (id int)');
    expect((await first.query<{ u: string }>("SELECT uuid_generate_v4()::text AS u")).rows[0]!.u).toMatch(UUID);
    await opened.pop()!.close();

    started = Date.now();
    const second = await track(openEphemeral({ snapshotCacheDir: cacheDir() }));
    const again = Date.now() - started;
    expect((await second.query("SELECT to_regclass('only_in_first') AS t")).rows).toEqual([{ t: null }]);
    expect((await second.query("SHOW shared_buffers")).rows[0]).toEqual({ shared_buffers: EMBEDDED_SHARED_BUFFERS });
    await opened.pop()!.close();
    // Informational: what the cache is for (a fresh in-memory cluster takes 1.5-3 s here).
    console.log(`openEphemeral from the cached snapshot: ${fromSnapshot} ms, then ${again} ms`);
  });

  it("creates a new persistent database from it", async () => {
    const dataDir = path.join(workDir, "second", "pgdata");
    const db = await track(openEmbedded(dataDir, { snapshotCacheDir: cacheDir() }));
    await db.exec("CREATE TABLE t (id int); INSERT INTO t VALUES (1)");
    expect((await db.query("SELECT id FROM t")).rows).toEqual([{ id: 1 }]);
    expect(fs.readFileSync(path.join(dataDir, "PG_VERSION"), "utf8").trim()).toBe("18");
    await opened.pop()!.close();
  });

  it("replaces a snapshot that does not load", async () => {
    const badCache = path.join(workDir, "bad-cache");
    fs.mkdirSync(badCache, { mode: 0o700 });
    const file = path.join(badCache, snapshotFileName()!);
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(4096, 7)]));
    const db = await track(openEphemeral({ snapshotCacheDir: badCache }));
    expect((await db.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await opened.pop()!.close();
    expect(fs.statSync(file).size).toBeGreaterThan(1_000_000);
  });
});
