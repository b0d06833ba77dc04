/**
 * Two instances of a service migrating at once while the first builds an index concurrently (the
 * lock-safe form), on PostgreSQL 15. `CREATE INDEX CONCURRENTLY` waits, before it finishes, for every
 * transaction whose snapshot is older than its own; a second instance blocked in `pg_advisory_lock`
 * would be one, while it waits for the lock the first instance holds: PostgreSQL would cancel one of the
 * two as a deadlock. The second instance asks for the lock again and again instead, so both complete:
 * the first builds the index, the second finds nothing to do.
 */
import path from "node:path";
import { Client } from "pg";
import { openProject, type Project } from "../../src/api/project";
import { upgrade } from "../../src/api/migrate";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { tempProject } from "../cli/cli-support";
import { sleep, writeAsJavaScript } from "../safe/lock-safe-support";

const BASE = `export const revision = "w0";
export const downRevision = null;
export async function upgrade(op: any): Promise<void> {
  await op.execute("CREATE TABLE items (id integer NOT NULL, n integer)");
  await op.execute("INSERT INTO items SELECT g, g % 10 FROM generate_series(1, 1000) g");
}
export async function downgrade(): Promise<void> {}
`;

const CONCURRENT_INDEX = `export const revision = "w1";
export const downRevision = "w0";
export async function upgrade(op: any): Promise<void> {
  await op.step("build index", { transaction: false }, async () => {
    await op.createIndex("items", { name: "items_n_idx", keys: ["n"] }, { concurrently: true });
  });
}
export async function downgrade(): Promise<void> {}
`;

describe("a second instance waiting for the migration lock while the first builds an index concurrently (PostgreSQL 15)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("lockwait");
  });
  afterAll(async () => {
    await db.drop();
  });

  it("lets the build finish: both instances complete, the second with nothing to do", async () => {
    const dir = tempProject({ "autogen.config.json": JSON.stringify({ migrations: "migrations", databaseUrl: db.url }) });
    writeAsJavaScript(path.join(dir, "migrations", "w0.ts"), BASE);
    const instance = async (): Promise<{ project: Project; log: string[] }> => {
      const log: string[] = [];
      const project = await openProject({ cwd: dir, logger: { info: (m) => log.push(m), warn: (m) => log.push(m) } });
      return { project, log };
    };
    const first = await instance();
    const base = await upgrade(first.project, "w0");
    expect(base.mode === "online" && base.result.error?.message).toBeFalsy();
    writeAsJavaScript(path.join(dir, "migrations", "w1.ts"), CONCURRENT_INDEX);
    const second = await instance();

    // A writer's open transaction holds the build in its first wait, so the second instance surely starts
    // waiting for the migration lock before the build takes the snapshot it waits out at the end.
    const writer = new Client({ connectionString: db.url });
    await writer.connect();
    await writer.query("BEGIN");
    await writer.query("UPDATE items SET n = n WHERE id = 1");
    try {
      const firstRun = upgrade(first.project, "head");
      const building = async () =>
        (await db.query("SELECT 1 FROM pg_stat_activity WHERE query LIKE 'CREATE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'")).length > 0;
      for (const started = Date.now(); !(await building()) && Date.now() - started < 30_000; ) await sleep(20);
      const secondRun = upgrade(second.project, "head");
      for (const started = Date.now(); !second.log.some((l) => l.startsWith("Waiting for the migration lock")) && Date.now() - started < 30_000; ) await sleep(20);
      await sleep(200);
      await writer.query("COMMIT");

      const [a, b] = await Promise.all([firstRun, secondRun]);
      if (a.mode !== "online" || b.mode !== "online") throw new Error("unreachable");
      expect(a.result.error?.message).toBeUndefined();
      expect(b.result.error?.message).toBeUndefined();
      expect(b.result.results).toEqual([]);
    } finally {
      await writer.end();
    }
    expect(await db.query("SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'items_n_idx'::regclass")).toEqual([{ valid: true }]);
    expect(await db.query("SELECT version_num FROM autogen_version")).toEqual([{ version_num: "w1" }]);
  }, 120_000);
});
