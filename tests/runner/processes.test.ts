/**
 * The runner across processes, on the real server:
 * - 8 processes migrating one fresh database at the same moment: all succeed, every migration runs
 *   exactly once (the advisory lock is taken before the heads are read);
 * - a process killed with SIGKILL in the middle of a migration: the server rolls its transaction back,
 *   the schema and version table stay at the previous revision, and the lock is free again.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Database } from "../../src/db/database";
import { migrate } from "../../src/runner/runner";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { buildRunner, childEnv } from "./support/build-runner";
import {
  connect,
  loadMigrations,
  tableNames,
  versionRows,
  removeMigrationDirs,
  writeMigrations,
} from "./support/migrations";

const CHILD = path.join(__dirname, "support", "migrate-child.js");

let build: string;
const started: ChildProcessWithoutNullStreams[] = [];

beforeAll(() => {
  build = buildRunner();
});

afterAll(() => {
  // A failed assertion must not leave children behind.
  for (const child of started)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  fs.rmSync(build, { recursive: true, force: true });
});

interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  readonly ready: Promise<void>;
  readonly exit: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
}

function startChild(url: string, dir: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, [CHILD, build, url, dir, "head"], { env: childEnv(env) });
  started.push(child);
  let stdout = "";
  let stderr = "";
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes("ready\n")) markReady();
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { process: child, ready, exit };
}

async function poll<T>(what: string, fn: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const value = await fn();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("8 processes migrating at the same moment", () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase("runconc");
    db = await connect(testDb.url);
  });

  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  test("all exit 0 and each migration ran exactly once", async () => {
    const dir = writeMigrations([
      {
        id: "a1",
        down: null,
        upgrade: `await op.execute("CREATE TABLE counter (pid int NOT NULL)");`,
      },
      {
        id: "b2",
        down: "a1",
        upgrade: `await op.execute("INSERT INTO counter (pid) VALUES (pg_backend_pid())");\nawait op.execute("SELECT pg_sleep(0.2)");`,
      },
      {
        id: "c3",
        down: "b2",
        upgrade: `await op.execute("ALTER TABLE counter ADD COLUMN note text");`,
      },
    ]);
    const children = Array.from({ length: 8 }, () =>
      startChild(testDb.url, dir, { AUTOGEN_CHILD_WAIT_FOR_GO: "1" }),
    );
    await Promise.all(children.map((c) => c.ready));
    for (const child of children) child.process.stdin.end("go\n");
    const exits = await Promise.all(children.map((c) => c.exit));

    expect(exits.map((e) => [e.code, e.stderr])).toEqual(exits.map(() => [0, ""]));
    const outcomes = exits.map(
      (e) =>
        JSON.parse(e.stdout.split("\n")[1]!) as { results: { status: string }[]; heads: string[] },
    );
    expect(outcomes.map((o) => o.heads)).toEqual(outcomes.map(() => ["c3"]));
    const ran = outcomes.filter((o) => o.results.length > 0);
    expect(ran).toHaveLength(1);
    expect(ran[0]!.results.map((r) => r.status)).toEqual(["applied", "applied", "applied"]);

    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int4 AS n FROM counter");
    expect(rows).toEqual([{ n: 1 }]);
    expect(await versionRows(db)).toEqual(["c3"]);
  });
});

describe("a process killed in the middle of a migration", () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase("runkill");
    db = await connect(testDb.url);
    // Lets the server notice the dead client during pg_sleep instead of when the sleep ends (PG 14+).
    await db.exec(`ALTER DATABASE "${testDb.name}" SET client_connection_check_interval = '100ms'`);
  });

  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  test("SIGKILL after the DDL leaves schema and version table at the previous revision", async () => {
    const dir = writeMigrations([
      { id: "a1", down: null, upgrade: `await op.execute("CREATE TABLE first (id int)");` },
      {
        id: "b2",
        down: "a1",
        upgrade:
          `await op.createTable("second", { columns: [{ name: "id", type: "integer" }] });\n` +
          `if (process.env.AUTOGEN_TEST_SLOW === "1") await op.execute("SELECT pg_sleep(30)");`,
      },
    ]);
    const scripts = await loadMigrations(dir);
    await migrate(db, {
      graph: scripts.graph,
      modules: scripts.modules,
      direction: "up",
      target: "a1",
    });

    const child = startChild(testDb.url, dir, { AUTOGEN_TEST_SLOW: "1" });
    const application = `runner-child-${child.process.pid}`;
    const backend = await poll("the migration to reach pg_sleep", async () => {
      const { rows } = await db.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query = 'SELECT pg_sleep(30)' AND state = 'active'",
        [application],
      );
      return rows[0]?.pid ?? null;
    });
    // The DDL ran in the child's open transaction: invisible from here.
    expect(await tableNames(db)).toEqual(["autogen_checksums", "autogen_version", "first"]);

    child.process.kill("SIGKILL");
    expect((await child.exit).signal).toBe("SIGKILL");
    await poll("the server to end the dead session", async () => {
      const { rows } = await db.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [backend]);
      return rows.length === 0 ? true : null;
    });

    expect(await tableNames(db)).toEqual(["autogen_checksums", "autogen_version", "first"]);
    expect(await versionRows(db)).toEqual(["a1"]);
    const { rows: locks } = await db.query(
      "SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()",
    );
    expect(locks).toEqual([]);

    const result = await migrate(db, {
      graph: scripts.graph,
      modules: scripts.modules,
      direction: "up",
      target: "head",
    });
    expect(result.results.map((r) => [r.revision, r.status])).toEqual([["b2", "applied"]]);
    expect(await tableNames(db)).toEqual([
      "autogen_checksums",
      "autogen_version",
      "first",
      "second",
    ]);
  });
});

afterAll(removeMigrationDirs);
