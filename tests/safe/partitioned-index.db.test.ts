/**
 * An index on a partitioned table in the lock-safe form (`autogen -m --safe`, `op.createPartitionedIndex`),
 * on PostgreSQL 15: `ON ONLY` the table, then each partition's built `CONCURRENTLY` and attached, the
 * partitions read when the migration runs. The tree: a range partition, a range partition itself
 * partitioned by list (one of its partitions in another schema), and a range partition added after the
 * migration was written. Checked on the database: every table of the tree has the index, valid and
 * attached to its parent's; the rows are kept; a rerun after a failed concurrent build (a duplicate
 * under the unique index) drops the invalid index it left and builds it again, and skips what is
 * attached; the `upgrade --sql` script, run by psql, does the same; a unique index without the partition
 * key fails with PostgreSQL's own message and leaves nothing behind. Against a session holding a
 * conflicting lock (an open transaction that wrote a row) and a writer inserting in a loop, the plain
 * `CREATE INDEX` blocks the writer for most of the hold, the partition-by-partition build never for much
 * longer than its lock timeout (it gives up and retries, as the lock-safe steps do); a partition's
 * concurrent build that times out waiting for a transaction on that partition is retried, the invalid
 * index it left dropped first.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { openProject } from "../../src/api/project";
import { downgrade, upgrade } from "../../src/api/migrate";
import { clientBin } from "../support/pg-cluster";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, tempProject } from "../cli/cli-support";
import { sleep, writeAsJavaScript } from "./lock-safe-support";

const V1_MIGRATION = `export const revision = "v1";
export const downRevision = null;
export async function upgrade(op: any): Promise<void> {
  await op.execute("CREATE SCHEMA archive");
  await op.execute("CREATE TABLE events (id integer NOT NULL, day date NOT NULL, kind integer NOT NULL, code text, CONSTRAINT events_pkey PRIMARY KEY (id, day, kind)) PARTITION BY RANGE (day)");
  await op.execute("CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  await op.execute("CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (kind)");
  await op.execute("CREATE TABLE events_2025_low PARTITION OF events_2025 FOR VALUES IN (1, 2, 3, 4, 5)");
  await op.execute("CREATE TABLE archive.events_2025_rest PARTITION OF events_2025 DEFAULT");
  await op.execute("INSERT INTO events SELECT g, date '2024-01-01' + g % 730, 1 + g % 10, 'c' || g FROM generate_series(1, 6000) g");
}
export async function downgrade(op: any): Promise<void> {
  await op.execute("DROP TABLE events");
  await op.execute("DROP SCHEMA archive");
}
`;

const entity = (indexes: string) => `
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
@Entity({ name: "events" })
${indexes}
export class Event {
  @PrimaryColumn({ type: "integer", primaryKeyConstraintName: "events_pkey" }) id: number;
  @PrimaryColumn({ type: "date", primaryKeyConstraintName: "events_pkey" }) day: string;
  @PrimaryColumn({ type: "integer", primaryKeyConstraintName: "events_pkey" }) kind: number;
  @Column({ type: "text", nullable: true }) code: string | null;
}
`;
const V1 = entity("");
const V2 = entity('@Index("events_code_idx", ["code"])\n@Index("events_code_key", ["code", "day", "kind"], { unique: true })');

/** A partition created after the migration was written, as pg_partman would, with rows. */
const ADD_2026 =
  "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01'); " +
  "INSERT INTO events SELECT g, date '2026-01-01' + g % 365, 1 + g % 10, 'c' || g FROM generate_series(6001, 7000) g";

/** The index and the ones attached to it, down the tree: each with its table, validity and parent index. */
async function indexTree(db: TestDatabase, index: string): Promise<{ table: string; index: string; valid: boolean; attachedTo: string | null }[]> {
  return db.query(
    "WITH RECURSIVE tree AS (SELECT $1::regclass::oid AS idx, NULL::oid AS parent " +
      "UNION ALL SELECT h.inhrelid, h.inhparent FROM pg_inherits h JOIN tree t ON h.inhparent = t.idx) " +
      'SELECT x.indrelid::regclass::text AS "table", t.idx::regclass::text AS "index", x.indisvalid AS valid, ' +
      't.parent::regclass::text AS "attachedTo" FROM tree t JOIN pg_index x ON x.indexrelid = t.idx ORDER BY 1',
    [index],
  );
}

/** What every table of the tree should have: `index` on the parent, `<partition>_<index>` on each partition. */
function expectedTree(index: string) {
  const on = (table: string, schema = "") => `${schema}${table}_${index}`;
  return [
    { table: "archive.events_2025_rest", index: on("events_2025_rest", "archive."), valid: true, attachedTo: on("events_2025") },
    { table: "events", index, valid: true, attachedTo: null },
    { table: "events_2024", index: on("events_2024"), valid: true, attachedTo: index },
    { table: "events_2025", index: on("events_2025"), valid: true, attachedTo: index },
    { table: "events_2025_low", index: on("events_2025_low"), valid: true, attachedTo: on("events_2025") },
    { table: "events_2026", index: on("events_2026"), valid: true, attachedTo: index },
  ];
}

const rowCount = async (db: TestDatabase, table = "events"): Promise<number> => (await db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

describe("an index on a partitioned table, built partition by partition (PostgreSQL 15)", () => {
  let onlineDb: TestDatabase;
  let offlineDb: TestDatabase;
  let onlineDir: string;
  beforeAll(async () => {
    [onlineDb, offlineDb] = await Promise.all([createTestDatabase("pidx"), createTestDatabase("pidxsql")]);
  });
  afterAll(async () => {
    await Promise.all([onlineDb.drop(), offlineDb.drop()]);
  });

  const project = (db: TestDatabase) =>
    tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", databaseUrl: db.url }),
      "entities/event.ts": V1,
      "migrations/v1.ts": V1_MIGRATION,
    });

  it("--safe writes createPartitionedIndex; run, it indexes every partition there is then, resumes after a failed build, keeps the rows and downgrades", async () => {
    onlineDir = project(onlineDb);
    expect((await cli(["upgrade", "head"], onlineDir)).code).toBe(0);
    expect((await cli(["check"], onlineDir)).code).toBe(0);
    fs.writeFileSync(path.join(onlineDir, "entities", "event.ts"), V2);
    const made = await cli(["-m", "v2", "--rev-id", "v2", "--safe"], onlineDir);
    expect(made.code).toBe(0);
    // The lock-safe form of these indexes leaves lint nothing to say about them.
    expect(made.stdout).not.toContain("require-concurrent-index-creation");
    const file = fs.readFileSync(path.join(onlineDir, "migrations", migrationFiles(onlineDir).find((f) => f.includes("v2"))!), "utf8");
    const text = file.replace(/\s+/g, " ").replace(/([[{(]) /g, "$1").replace(/,? ([\]})])/g, "$1");
    expect(text).toContain(
      'await op.step("build index events_code_idx on the partitions of events", {transaction: false}, async () => {' +
        'await op.createPartitionedIndex("events", {name: "events_code_idx", keys: ["code"]});',
    );
    expect(text).toContain('await op.createPartitionedIndex("events", {name: "events_code_key", keys: ["code", "day", "kind"], unique: true});');
    expect(text).toContain('await op.dropIndex("events", "events_code_key");');

    // After the migration was written: a new partition, and a duplicate the unique index's build fails on.
    await onlineDb.query(ADD_2026);
    await onlineDb.query("INSERT INTO archive.events_2025_rest VALUES (-1, '2025-06-01', 9, 'dup')");
    await onlineDb.query("INSERT INTO archive.events_2025_rest VALUES (-2, '2025-06-01', 9, 'dup')");

    const failed = await cli(["upgrade", "head"], onlineDir);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain("could not create unique index");
    // The failed concurrent build left an invalid index; what came before it is attached.
    const [leftover] = await onlineDb.query("SELECT indisvalid FROM pg_index WHERE indexrelid = 'archive.events_2025_rest_events_code_key'::regclass");
    expect(leftover.indisvalid).toBe(false);
    const before = await onlineDb.query("SELECT 'events_2024_events_code_key'::regclass::oid AS oid");

    await onlineDb.query("DELETE FROM events WHERE id = -2");
    const resumed = await cli(["upgrade", "head"], onlineDir);
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    expect(await indexTree(onlineDb, "events_code_idx")).toEqual(expectedTree("events_code_idx"));
    expect(await indexTree(onlineDb, "events_code_key")).toEqual(expectedTree("events_code_key"));
    // The partition whose index was attached is skipped, not built again.
    expect(await onlineDb.query("SELECT 'events_2024_events_code_key'::regclass::oid AS oid")).toEqual(before);
    expect(await rowCount(onlineDb)).toBe(7001);
    expect((await cli(["check"], onlineDir)).code).toBe(0);

    const down = await cli(["downgrade", "-1"], onlineDir);
    expect(down.stderr).toBe("");
    expect(down.code).toBe(0);
    expect(await onlineDb.query("SELECT relname FROM pg_class WHERE relname LIKE '%events_code%'")).toEqual([]);
    expect(await rowCount(onlineDb)).toBe(7001);
  }, 240_000);

  it("upgrade --sql prints a script whose psql \\gexec finds the partitions there are when it runs", async () => {
    const dir = project(offlineDb);
    fs.copyFileSync(
      path.join(onlineDir, "migrations", migrationFiles(onlineDir).find((f) => f.includes("v2"))!),
      path.join(dir, "migrations", "v2.ts"),
    );
    fs.writeFileSync(path.join(dir, "entities", "event.ts"), V2);
    expect((await cli(["upgrade", "v1"], dir)).code).toBe(0);
    await offlineDb.query(ADD_2026);
    const printed = await cli(["upgrade", "v1:head", "--sql"], dir);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('CREATE INDEX IF NOT EXISTS "events_code_idx" ON ONLY "public"."events" USING btree (code);');
    expect(printed.stdout).toMatch(/ORDER BY g\.sort\n\\gexec\n/);
    // Each step outside a transaction: no -1, psql runs the script as it is.
    execFileSync(clientBin("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", offlineDb.url], { input: printed.stdout, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
    expect(await indexTree(offlineDb, "events_code_idx")).toEqual(expectedTree("events_code_idx"));
    expect(await indexTree(offlineDb, "events_code_key")).toEqual(expectedTree("events_code_key"));
    expect(await rowCount(offlineDb)).toBe(7000);
    const check = await cli(["check"], dir);
    expect(check.stdout + check.stderr).toBe("No changes in schema detected.\n");
    expect(check.code).toBe(0);
  }, 240_000);

  it("a unique index without the partition key fails with PostgreSQL's message, and leaves no index behind", async () => {
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ migrations: "migrations", databaseUrl: offlineDb.url }),
      "migrations/v1.ts": V1_MIGRATION,
      "migrations/v2.ts": fs.readFileSync(path.join(onlineDir, "migrations", migrationFiles(onlineDir).find((f) => f.includes("v2"))!), "utf8"),
      "migrations/v3.ts": `export const revision = "v3";
export const downRevision = "v2";
export async function upgrade(op: any): Promise<void> {
  await op.step("build events_code_only_key", { transaction: false }, async () => {
    await op.createPartitionedIndex("events", { name: "events_code_only_key", keys: ["code"], unique: true });
  });
}
export async function downgrade(op: any): Promise<void> {
  await op.dropIndex("events", "events_code_only_key");
}
`,
    });
    const run = await cli(["upgrade", "head"], dir);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("unique constraint on partitioned table must include all partitioning columns");
    expect(await offlineDb.query("SELECT relname FROM pg_class WHERE relname LIKE '%events_code_only_key%'")).toEqual([]);
  }, 120_000);
});

const HOLD_MS = 2000;

/** A migration after `parts0` that builds parts_note_idx: plain, or partition by partition with a short lock timeout. */
const buildMigration = (revision: string, safe: boolean) => `export const revision = "${revision}";
export const downRevision = "parts0";
${safe ? 'export const timeouts = { lockTimeout: "100ms", statementTimeout: "10min" };' : ""}
export async function upgrade(op: any): Promise<void> {
  ${
    safe
      ? 'await op.step("build", { transaction: false }, async () => { await op.createPartitionedIndex("parts", { name: "parts_note_idx", keys: ["note"] }); });'
      : 'await op.createIndex("parts", { name: "parts_note_idx", keys: ["note"] });'
  }
}
export async function downgrade(op: any): Promise<void> {
  await op.dropIndex("parts", "parts_note_idx");
}
`;

/** Inserts into parts in a loop; `stop()` gives the longest a write waited, in ms. */
function startWriter(db: TestDatabase): { stop(): Promise<{ maxMs: number; writes: number }> } {
  let running = true;
  let maxMs = 0;
  let writes = 0;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const t0 = Date.now();
      await db.query("INSERT INTO parts VALUES ($1::int, date '2024-01-01' + $1::int % 700, 'w')", [100_000 + writes]);
      maxMs = Math.max(maxMs, Date.now() - t0);
      writes++;
      await sleep(20);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { maxMs, writes };
    },
  };
}

describe("an index on a partitioned table, with a session in the way and a writer (PostgreSQL 15)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("pidxlock");
  });
  afterAll(async () => {
    await db.drop();
  });

  it("the plain CREATE INDEX blocks the writer for most of the hold, createPartitionedIndex times out and retries (a partition's build too)", async () => {
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ migrations: "migrations", databaseUrl: db.url, lockRetry: { attempts: 200, delayMs: 50, maxDelayMs: 100 } }),
    });
    writeAsJavaScript(
      path.join(dir, "migrations", "parts0.ts"),
      `export const revision = "parts0";
export const downRevision = null;
export async function upgrade(op: any): Promise<void> {
  await op.execute("CREATE TABLE parts (id integer NOT NULL, day date NOT NULL, note text) PARTITION BY RANGE (day)");
  await op.execute("CREATE TABLE parts_2024 PARTITION OF parts FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  await op.execute("CREATE TABLE parts_2025 PARTITION OF parts FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')");
  await op.execute("INSERT INTO parts SELECT g, date '2024-01-01' + g % 700, 'n' || g FROM generate_series(1, 20000) g");
}
export async function downgrade(): Promise<void> {}
`,
    );
    writeAsJavaScript(path.join(dir, "migrations", "plain1.ts"), buildMigration("plain1", false));
    const warnings: string[] = [];
    const infos: string[] = [];
    const project = await openProject({ cwd: dir, logger: { info: (m) => infos.push(m), warn: (m) => warnings.push(m) } });
    const base = await upgrade(project, "parts0");
    expect(base.mode === "online" && base.result.error?.message).toBeFalsy();

    /** Whether the migration's session waits for a lock right now, or has reported a retry. */
    const migrationWaits = async (): Promise<boolean> => {
      const [{ waiting }] = await db.query(
        "SELECT count(*)::int AS waiting FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid " +
          "WHERE NOT l.granted AND a.application_name = 'pg-autogen' AND a.datname = current_database()",
      );
      return waiting > 0 || warnings.some((w) => w.startsWith("Lock timeout in"));
    };
    /** The migration run while `hold` (SQL) is in an open transaction and the writer writes. */
    const runContended = async (revision: string, hold = "UPDATE parts SET note = note WHERE id = 1") => {
      const holder = new Client({ connectionString: db.url, application_name: "lock-holder" });
      await holder.connect();
      await holder.query("BEGIN");
      await holder.query(hold);
      const writer = startWriter(db);
      await sleep(100);
      const migration = upgrade(project, revision);
      const started = Date.now();
      while (!(await migrationWaits()) && Date.now() - started < 60_000) await sleep(10);
      await sleep(HOLD_MS);
      await holder.query("COMMIT");
      await holder.end();
      const outcome = await migration;
      if (outcome.mode !== "online") throw new Error("unreachable");
      expect(outcome.result.error?.message).toBeUndefined();
      return writer.stop();
    };

    const plain = await runContended("plain1");
    expect(plain.maxMs).toBeGreaterThanOrEqual(HOLD_MS * 0.75);
    const down = await downgrade(project, "parts0");
    expect(down.mode === "online" && down.result.error?.message).toBeFalsy();
    fs.rmSync(path.join(dir, "migrations", "plain1.js"));

    warnings.length = 0;
    writeAsJavaScript(path.join(dir, "migrations", "safe1.ts"), buildMigration("safe1", true));
    const before = await rowCount(db, "parts");
    const safe = await runContended("safe1");
    expect(safe.maxMs).toBeLessThan(HOLD_MS * 0.5);
    expect(warnings.filter((w) => w.startsWith("Lock timeout in")).length).toBeGreaterThan(0);
    expect(await indexTree(db, "parts_note_idx")).toEqual([
      { table: "parts", index: "parts_note_idx", valid: true, attachedTo: null },
      { table: "parts_2024", index: "parts_2024_parts_note_idx", valid: true, attachedTo: "parts_note_idx" },
      { table: "parts_2025", index: "parts_2025_parts_note_idx", valid: true, attachedTo: "parts_note_idx" },
    ]);
    expect(await rowCount(db, "parts")).toBe(before + safe.writes);

    // A transaction that wrote to one partition only: the index ON ONLY the table is created at once, and
    // that partition's concurrent build waits for the transaction, times out and is built again.
    const safeDown = await downgrade(project, "parts0");
    expect(safeDown.mode === "online" && safeDown.result.error?.message).toBeFalsy();
    warnings.length = 0;
    const again = await runContended("safe1", "UPDATE parts_2024 SET note = note WHERE id = 1");
    expect(again.maxMs).toBeLessThan(HOLD_MS * 0.5);
    const retried = warnings.filter((w) => w.startsWith("Lock timeout in"));
    expect(retried.length).toBeGreaterThan(0);
    expect(retried.every((w) => !w.includes("ON ONLY"))).toBe(true);
    expect(retried.some((w) => w.includes("CREATE INDEX CONCURRENTLY parts_2024_parts_note_idx ON public.parts_2024"))).toBe(true);
    expect(infos.some((m) => m.includes("index \"public\".\"parts_2024_parts_note_idx\" is INVALID (left by a failed concurrent build): dropped and built again"))).toBe(true);
    expect(await indexTree(db, "parts_note_idx")).toEqual([
      { table: "parts", index: "parts_note_idx", valid: true, attachedTo: null },
      { table: "parts_2024", index: "parts_2024_parts_note_idx", valid: true, attachedTo: "parts_note_idx" },
      { table: "parts_2025", index: "parts_2025_parts_note_idx", valid: true, attachedTo: "parts_note_idx" },
    ]);
  }, 240_000);
});
