/**
 * The lock-safe form against a real PostgreSQL 15 with a concurrent writer. For each kind of change, a
 * third session holds a lock that conflicts with the change (an open transaction that wrote a row), then
 * the migration starts while a writer inserts in a loop:
 * - the plain form queues behind the holder, and the writer queues behind it: its writes wait until the
 *   holder ends (measured: the longest write waits most of the hold);
 * - the lock-safe form gives up after its lock timeout, so the writer never waits much longer than that;
 *   the runner retries (its notice names the holder's process, from pg_blocking_pids) and completes once
 *   the holder is gone.
 * Both forms end in the same schema (pg_dump), keep every row, and their downgrades bring the base back.
 */
import fs from "node:fs";
import path from "node:path";
import { openProject, type Project } from "../../src/api/project";
import { downgrade, upgrade } from "../../src/api/migrate";
import { pgDump } from "../support/pg-dump";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { tempProject } from "../cli/cli-support";
import { ALL_KINDS, BASE_MIGRATION, KINDS, holdLocks, migrationFile, sleep, startWriter, writeAsJavaScript } from "./lock-safe-support";

const HOLD_MS = 2000;
/** The runner's bookkeeping of steps is not part of the schema compared. */
const dump = (url: string) => pgDump(url, { args: ["--exclude-table=public.autogen_version_steps"] });
const LOCK_TIMEOUT_MS = 100;

describe("lock-safe migrations with a concurrent writer (PostgreSQL 15)", () => {
  let db: TestDatabase;
  let dir: string;
  let warnings: string[];
  let project: Project;
  let baseDump: string;
  let writerIds = 100_000;

  beforeAll(async () => {
    db = await createTestDatabase("lsafe");
    dir = tempProject({
      "autogen.config.json": JSON.stringify({
        migrations: "migrations",
        databaseUrl: db.url,
        lockRetry: { attempts: 200, delayMs: 50, maxDelayMs: 100 },
      }),
    });
    writeAsJavaScript(path.join(dir, "migrations", "base0.ts"), BASE_MIGRATION);
    warnings = [];
    project = await openProject({ cwd: dir, logger: { info: () => undefined, warn: (m) => warnings.push(m) } });
    const base = await upgrade(project, "head");
    expect(base.mode === "online" && base.result.error).toBeFalsy();
    baseDump = dump(db.url);
  });
  afterAll(async () => {
    await db.drop();
  });

  async function rowCounts(): Promise<{ items: number; tags: number }> {
    const [r] = await db.query("SELECT (SELECT count(*) FROM items)::int AS items, (SELECT count(*) FROM tags)::int AS tags");
    return r;
  }

  /** Whether the migration's session waits for a lock right now (pg_locks), or has reported a retry. */
  async function migrationWaits(): Promise<boolean> {
    const [{ waiting }] = await db.query(
      "SELECT count(*)::int AS waiting FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid " +
        "WHERE NOT l.granted AND a.application_name = 'pg-autogen' AND a.datname = current_database()",
    );
    return waiting > 0 || warnings.some((w) => w.startsWith("Lock timeout in"));
  }

  /**
   * Runs a migration while a holder holds a conflicting lock and a writer writes. The hold lasts HOLD_MS
   * from the moment the migration is seen waiting for its lock (not from its start, which a loaded machine
   * delays), so the plain form always blocks the writer for most of the hold, whatever the load.
   */
  async function runContended(revision: string): Promise<{ maxMs: number; writes: number; holderPid: number }> {
    // A retry notice left by an earlier run would read as "waiting" before this migration even starts.
    warnings.length = 0;
    const holder = await holdLocks(db.url);
    const writer = startWriter(db.url, (writerIds += 10_000));
    await sleep(100);
    const migration = upgrade(project, revision);
    const started = Date.now();
    while (!(await migrationWaits()) && Date.now() - started < 60_000) await sleep(10);
    await sleep(HOLD_MS);
    await holder.release();
    const outcome = await migration;
    const writes = await writer.stop();
    if (outcome.mode !== "online") throw new Error("unreachable");
    expect(outcome.result.error?.message).toBeUndefined();
    return { ...writes, holderPid: holder.pid };
  }

  /** Back to the base, with the kind's migration files removed, whatever happened. */
  async function reset(): Promise<void> {
    await downgrade(project, "base0");
    for (const f of fs.readdirSync(path.join(dir, "migrations"))) {
      if (f !== "base0.js") fs.rmSync(path.join(dir, "migrations", f));
    }
  }
  afterEach(reset);

  for (const [kind, ops] of Object.entries(KINDS)) {
    it(`${kind}: the plain form blocks the writer while the lock-safe form times out and retries`, async () => {
      const slug = kind.replace(/\W+/g, "_").slice(0, 20);
      // Plain.
      await migrationFile(dir, `${slug}_plain`, ops, null);
      const before = await rowCounts();
      const plain = await runContended(`${slug}_plain`);
      expect(plain.maxMs).toBeGreaterThanOrEqual(HOLD_MS * 0.75);
      const plainDump = dump(db.url);
      const afterPlain = await rowCounts();
      expect(afterPlain.items).toBe(before.items + plain.writes);
      const down = await downgrade(project, "base0");
      expect(down.mode === "online" && down.result.error?.message).toBeFalsy();
      expect(dump(db.url)).toBe(baseDump);
      fs.rmSync(path.join(dir, "migrations", `${slug}_plain.js`));

      // Lock-safe.
      await migrationFile(dir, `${slug}_safe`, ops, { lockTimeout: `${LOCK_TIMEOUT_MS}ms` });
      const beforeSafe = await rowCounts();
      const safe = await runContended(`${slug}_safe`);
      expect(safe.maxMs).toBeLessThan(HOLD_MS * 0.5);
      const retries = warnings.filter((w) => w.startsWith("Lock timeout in"));
      expect(retries.length).toBeGreaterThan(0);
      expect(retries.some((w) => w.includes(`process ${safe.holderPid} (application "lock-holder"`))).toBe(true);
      expect(dump(db.url)).toBe(plainDump);
      expect((await rowCounts()).items).toBe(beforeSafe.items + safe.writes);
      const [{ nulls }] = await db.query("SELECT count(*)::int AS nulls FROM items WHERE note IS NULL");
      if (kind.includes("backfill")) expect(nulls).toBe(0);
      const safeDown = await downgrade(project, "base0");
      expect(safeDown.mode === "online" && safeDown.result.error?.message).toBeFalsy();
      expect(dump(db.url)).toBe(baseDump);
      // No step progress is left behind once a stepped migration completes.
      const [{ steps }] = await db.query("SELECT count(*)::int AS steps FROM autogen_version_steps").catch(() => [{ steps: 0 }]);
      expect(steps).toBe(0);
    });
  }

  it("every kind at once (enum label, varchar widening, backfill, checks, keys, indexes): same schema, same rows, downgrades", async () => {
    await migrationFile(dir, "all_plain", ALL_KINDS, null);
    const plain = await upgrade(project, "all_plain");
    expect(plain.mode === "online" && plain.result.error?.message).toBeFalsy();
    const plainDump = dump(db.url);
    const rows = await db.query("SELECT * FROM items ORDER BY id");
    const plainDown = await downgrade(project, "base0");
    expect(plainDown.mode === "online" && plainDown.result.error?.message).toBeFalsy();
    expect(dump(db.url)).toBe(baseDump);
    fs.rmSync(path.join(dir, "migrations", "all_plain.js"));

    await migrationFile(dir, "all_safe", ALL_KINDS, { lockTimeout: "2s" });
    const safe = await upgrade(project, "all_safe");
    expect(safe.mode === "online" && safe.result.error?.message).toBeFalsy();
    expect(dump(db.url)).toBe(plainDump);
    expect(await db.query("SELECT * FROM items ORDER BY id")).toEqual(rows);
    const down = await downgrade(project, "base0");
    expect(down.mode === "online" && down.result.error?.message).toBeFalsy();
    expect(dump(db.url)).toBe(baseDump);
  });
});
