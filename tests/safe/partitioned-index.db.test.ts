/**
 * An index on a partitioned table in the lock-safe form (`autogen -m --safe`, `op.createPartitionedIndex`),
 * on PostgreSQL 15: `ON ONLY` the table, then each partition's built `CONCURRENTLY` and attached, the
 * partitions read when the migration runs. The tree: a range partition, a range partition itself
 * partitioned by list (one of its partitions in another schema), and a range partition added after the
 * migration was written. Checked on the database: every table of the tree has the index, valid and
 * attached to its parent's; the rows are kept; a rerun after a failed concurrent build (a duplicate
 * under the unique index) drops the invalid index it left and builds it again, and skips what is
 * attached; the `upgrade --sql` script, run by psql, does the same; a unique index without the partition
 * key fails with PostgreSQL's own message and leaves nothing behind.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { clientBin } from "../support/pg-cluster";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, tempProject } from "../cli/cli-support";

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

const rowCount = async (db: TestDatabase): Promise<number> => (await db.query("SELECT count(*)::int AS n FROM events"))[0].n;

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
