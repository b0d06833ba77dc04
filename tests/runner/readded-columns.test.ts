/**
 * A hand-written `op.alterColumn` that changes a stored generation expression is compiled as DROP COLUMN +
 * ADD COLUMN (PostgreSQL 15 has no SET EXPRESSION), and PostgreSQL drops with the column, without a word,
 * its indexes, checks, statistics and column grants: the migration ran and they were gone. The runner now
 * refuses such a run before its first statement, naming what would be lost, unless the run drops it before
 * or makes it again after (typed ops or raw SQL), as the comparator's migrations do. On PostgreSQL 15.
 */
import type { Database } from "../../src/db/database";
import { migrate } from "../../src/runner/runner";
import { ReaddedColumnLossError } from "../../src/runner/runner-errors";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { connect, loadMigrations, removeMigrationDirs, versionRows, writeMigrations, type MigrationSpec } from "./support/migrations";

const ORDERS: MigrationSpec = {
  id: "a1",
  down: null,
  upgrade: `await op.execute("CREATE TABLE orders (id int PRIMARY KEY, price int, qty int, total int GENERATED ALWAYS AS (price * qty) STORED, note text)");`,
  downgrade: `await op.execute("DROP TABLE orders");`,
};

/** A DBA's years on the column, made by hand after a1. */
const BY_HAND = [
  "CREATE INDEX orders_total_idx ON orders (total)",
  "CREATE INDEX orders_big_idx ON orders (id) WHERE total > 1000",
  "ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0)",
  "CREATE STATISTICS orders_stats ON price, total FROM orders",
  "GRANT SELECT (total) ON orders TO PUBLIC",
];

const EXISTING = `{ existing: { type: "integer", nullable: true, generated: "(price * qty)" } }`;
const READD = `await op.alterColumn("orders", "total", { generated: "price * qty + 1" }, ${EXISTING});`;

/** Everything on the column made again after the re-add, as the comparator writes it. */
const MADE_AGAIN = [
  `await op.createIndex("orders", { name: "orders_total_idx", keys: ["total"] });`,
  `await op.execute("CREATE INDEX orders_big_idx ON orders (id) WHERE total > 1000");`,
  `await op.execute("ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0)");`,
  `await op.execute("CREATE STATISTICS orders_stats ON price, total FROM orders");`,
  `await op.execute("GRANT SELECT (total) ON orders TO PUBLIC");`,
].join("\n");

let testDb: TestDatabase;
let db: Database;

beforeEach(async () => {
  testDb = await createTestDatabase("runreadd");
  db = await connect(testDb.url);
  await run([ORDERS], "up", "head");
  for (const sql of BY_HAND) await db.query(sql);
});

afterEach(async () => {
  await db.close();
  await testDb.drop();
  removeMigrationDirs();
});

async function run(specs: readonly MigrationSpec[], direction: "up" | "down", target: string) {
  const { graph, modules } = await loadMigrations(writeMigrations(specs));
  return migrate(db, { graph, modules, direction, target });
}

/** The error `work` was refused with. */
async function refusal(work: Promise<unknown>): Promise<ReaddedColumnLossError> {
  const error = await work.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ReaddedColumnLossError);
  return error as ReaddedColumnLossError;
}

/** What is on orders.total now: indexes, constraints, statistics, its grants. */
async function onTotal(): Promise<string[]> {
  const { rows } = await db.query<{ what: string }>(`
    SELECT 'index ' || indexrelid::regclass AS what FROM pg_index WHERE indrelid = 'orders'::regclass AND NOT indisprimary
    UNION ALL SELECT 'constraint ' || conname FROM pg_constraint WHERE conrelid = 'orders'::regclass AND contype = 'c'
    UNION ALL SELECT 'statistics ' || stxname FROM pg_statistic_ext WHERE stxrelid = 'orders'::regclass
    UNION ALL SELECT 'grants ' || array_to_string(ARRAY(SELECT split_part(a::text, '/', 1) FROM unnest(attacl) a), ',') FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'total' AND attacl IS NOT NULL
    ORDER BY 1`);
  return rows.map((r) => r.what);
}

const KEPT = [
  "constraint orders_total_check",
  "grants =r",
  "index orders_big_idx",
  "index orders_total_idx",
  "statistics orders_stats",
];

describe("a column a migration drops and adds again", () => {
  it("is refused before the first statement when what the column takes along is not put back, naming each", async () => {
    const refused = await refusal(run([ORDERS, { id: "b2", down: "a1", upgrade: `await op.execute("CREATE TABLE extra (id int)");` }, { id: "c3", down: "b2", upgrade: READD }], "up", "head"));
    expect(refused.message).toContain('The upgrade was not run: migration "c3" (');
    expect(refused.message).toContain(
      "drops column public.orders.total and adds it again, which would drop constraint orders_total_check, its column grants, index orders_big_idx, index orders_total_idx, statistics orders_stats.",
    );
    expect(refused.message).toContain('Nothing was applied: the database is still at revision(s) "a1".');
    expect(await versionRows(db)).toEqual(["a1"]);
    expect(await onTotal()).toEqual(KEPT);
    const { rows } = await db.query("SELECT to_regclass('extra') IS NULL AS absent");
    expect(rows).toEqual([{ absent: true }]);
  });

  it("names only what is not put back: dropped before (typed and raw SQL) or made again after", async () => {
    const upgrade = [
      `await op.dropIndex("orders", "orders_total_idx");`,
      `await op.execute("DROP STATISTICS orders_stats");`,
      READD,
      `await op.createIndex("orders", { name: "orders_total_idx", keys: ["total"] });`,
      `await op.execute("GRANT SELECT (total) ON orders TO PUBLIC");`,
    ].join("\n");
    const refused = await refusal(run([ORDERS, { id: "b2", down: "a1", upgrade }], "up", "head"));
    expect(refused.losses.map((l) => [l.column, l.lost])).toEqual([["public.orders.total", ["constraint orders_total_check", "index orders_big_idx"]]]);
  });

  it("runs when the migration puts everything back, and the column keeps all of it", async () => {
    await run([ORDERS, { id: "b2", down: "a1", upgrade: `${READD}\n${MADE_AGAIN}` }], "up", "head");
    expect(await versionRows(db)).toEqual(["b2"]);
    expect(await onTotal()).toEqual(KEPT);
    const { rows } = await db.query("SELECT pg_get_expr(adbin, adrelid) AS expr FROM pg_attrdef WHERE adrelid = 'orders'::regclass");
    expect(rows).toEqual([{ expr: "((price * qty) + 1)" }]);
  });

  it("runs when the migration drops them before (what is meant to go goes)", async () => {
    const upgrade = [
      `await op.dropIndex("orders", "orders_total_idx");`,
      `await op.execute("DROP INDEX orders_big_idx");`,
      `await op.dropConstraint("orders", "orders_total_check");`,
      `await op.dropStatistics("orders_stats");`,
      READD,
      `await op.execute("GRANT SELECT (total) ON orders TO PUBLIC");`,
    ].join("\n");
    await run([ORDERS, { id: "b2", down: "a1", upgrade }], "up", "head");
    expect(await onTotal()).toEqual(["grants =r"]);
  });

  it("refuses the downgrade too: a migration whose downgrade re-adds the column", async () => {
    const spec: MigrationSpec = { id: "b2", down: "a1", upgrade: "", downgrade: READD };
    await run([ORDERS, spec], "up", "head");
    const refused = await refusal(run([ORDERS, spec], "down", "a1"));
    expect(refused.message).toContain("The downgrade was not run: migration \"b2\"");
    expect(await versionRows(db)).toEqual(["b2"]);
    expect(await onTotal()).toEqual(KEPT);
  });

  it("follows the table through a rename earlier in the run", async () => {
    const upgrade = [`await op.renameTable("orders", "sales");`, READD.replace('"orders"', '"sales"')].join("\n");
    const refused = await refusal(run([ORDERS, { id: "b2", down: "a1", upgrade }], "up", "head"));
    expect(refused.losses.map((l) => l.column)).toEqual(["public.orders.total"]);
  });

  // DROP COLUMN on a partitioned table drops the partitions' column too, and what is on it there.
  it("names what a partition has on the column of its own (an index of the partition only)", async () => {
    await db.exec(`
      CREATE TABLE sales (id int, price int, qty int, total int GENERATED ALWAYS AS (price * qty) STORED) PARTITION BY RANGE (id);
      CREATE TABLE sales_1 PARTITION OF sales FOR VALUES FROM (0) TO (100);
      CREATE INDEX sales_1_total_idx ON sales_1 (total);`);
    const readd = READD.replace('"orders"', '"sales"');
    const refused = await refusal(run([ORDERS, { id: "b2", down: "a1", upgrade: readd }], "up", "head"));
    expect(refused.losses.map((l) => [l.column, l.lost])).toEqual([["public.sales.total", ["index sales_1_total_idx of public.sales_1"]]]);
    const upgrade = `${readd}\nawait op.createIndex("sales_1", { name: "sales_1_total_idx", keys: ["total"] });`;
    await run([ORDERS, { id: "b2", down: "a1", upgrade }], "up", "head");
    const { rows } = await db.query("SELECT indexrelid::regclass::text AS index FROM pg_index WHERE indrelid = 'sales_1'::regclass");
    expect(rows).toEqual([{ index: "sales_1_total_idx" }]);
  });

  // Its own default (pg_attrdef, which depends on the column) is replaced by the column added again: it was
  // named as lost, and such a migration refused (caught on PostgreSQL 18 with a virtual column).
  it("runs when the column only had its own default: a plain column with a default made generated", async () => {
    await db.query("ALTER TABLE orders ALTER COLUMN note SET DEFAULT 'n'");
    const upgrade = `await op.alterColumn("orders", "note", { generated: "'x'::text", default: null }, { existing: { type: "text", nullable: true, default: "'n'::text" } });`;
    const result = await run([ORDERS, { id: "b2", down: "a1", upgrade }], "up", "head");
    expect(result.error).toBeUndefined();
    const { rows } = await db.query("SELECT attgenerated FROM pg_attribute WHERE attrelid = 'orders'::regclass AND attname = 'note'");
    expect(rows).toEqual([{ attgenerated: "s" }]);
  });
});

