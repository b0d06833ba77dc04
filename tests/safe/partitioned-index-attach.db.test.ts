/**
 * Partitions attached while `op.createPartitionedIndex` runs (PostgreSQL 15). The step waits in a
 * partition's concurrent build (a session holds a transaction that wrote to that partition) while other
 * sessions attach tables:
 * - to the table, whose index exists by then (`ON ONLY`, step 1): PostgreSQL gives the new partition its
 *   index itself within the `ATTACH PARTITION`, a plain build under that statement's locks (`ACCESS
 *   EXCLUSIVE` on the table attached, `SHARE UPDATE EXCLUSIVE` on the partitioned table); or attaches
 *   the matching index the table already had, built before (concurrently, if need be) by whoever attaches it;
 * - to a sub-partitioned partition whose own index the step has not created yet: the new partition has
 *   no index, and the query the step runs again after its statements finds it and builds it concurrently.
 * Either way the step ends with every partition's index valid and attached.
 */
import path from "node:path";
import { Client } from "pg";
import { openProject } from "../../src/api/project";
import { upgrade } from "../../src/api/migrate";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { tempProject } from "../cli/cli-support";
import { EV_CODE_INDEX_MIGRATION as INDEX, sleep, writeAsJavaScript } from "./lock-safe-support";

const BASE = `export const revision = "base0";
export const downRevision = null;
export async function upgrade(op: any): Promise<void> {
  await op.execute("CREATE TABLE ev (id integer NOT NULL, day date NOT NULL, kind integer NOT NULL, code text) PARTITION BY RANGE (day)");
  await op.execute("CREATE TABLE ev_a PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  await op.execute("CREATE TABLE ev_b PARTITION OF ev FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (kind)");
  await op.execute("CREATE TABLE ev_b_low PARTITION OF ev_b FOR VALUES IN (1, 2, 3)");
  await op.execute("INSERT INTO ev SELECT g, date '2024-01-01' + g % 700, 1 + g % 3, 'c' || g FROM generate_series(1, 2000) g");
}
export async function downgrade(): Promise<void> {}
`;

/** Each table's index in the tree of ev_code_idx: its name, validity and the index it is attached to. */
async function indexTree(db: TestDatabase): Promise<string[]> {
  const rows: { line: string }[] = await db.query(
    "WITH RECURSIVE tree AS (SELECT 'ev_code_idx'::regclass::oid AS idx, NULL::oid AS parent " +
      "UNION ALL SELECT h.inhrelid, h.inhparent FROM pg_inherits h JOIN tree t ON h.inhparent = t.idx) " +
      "SELECT format('%s: %s%s%s', x.indrelid::regclass, t.idx::regclass, CASE WHEN x.indisvalid THEN '' ELSE ' INVALID' END, " +
      "coalesce(' attached to ' || t.parent::regclass::text, '')) AS line FROM tree t JOIN pg_index x ON x.indexrelid = t.idx ORDER BY 1",
  );
  return rows.map((r) => r.line);
}

describe("createPartitionedIndex and partitions attached while it runs (PostgreSQL 15)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("pidxattach");
  });
  afterAll(async () => {
    await db.drop();
  });

  it("ends with every partition's index valid and attached: PostgreSQL's own for a table attached to the table, a concurrent build for one attached to a partition", async () => {
    const dir = tempProject({ "autogen.config.json": JSON.stringify({ migrations: "migrations", databaseUrl: db.url }) });
    writeAsJavaScript(path.join(dir, "migrations", "base0.ts"), BASE);
    writeAsJavaScript(path.join(dir, "migrations", "idx1.ts"), INDEX);
    const project = await openProject({ cwd: dir, logger: { info: () => undefined, warn: () => undefined } });
    const base = await upgrade(project, "base0");
    expect(base.mode === "online" && base.result.error?.message).toBeFalsy();
    await db.query(
      "CREATE TABLE ev_2026 (LIKE ev); INSERT INTO ev_2026 SELECT g, date '2026-01-01' + g % 300, 1, 'n' || g FROM generate_series(1, 500) g; " +
        "CREATE TABLE ev_2027 (LIKE ev); CREATE INDEX ev_2027_code ON ev_2027 (code); " +
        "CREATE TABLE ev_b_more (LIKE ev); INSERT INTO ev_b_more VALUES (-1, '2025-03-01', 6, 'm')",
    );
    const [prebuilt] = await db.query("SELECT 'ev_2027_code'::regclass::oid AS oid");

    // A transaction that wrote to ev_a: the step's concurrent build there waits until it ends.
    const holder = new Client({ connectionString: db.url, application_name: "lock-holder" });
    await holder.connect();
    await holder.query("BEGIN");
    await holder.query("UPDATE ev_a SET code = code WHERE id = 1");
    const migration = upgrade(project, "idx1");
    const waiting = async (): Promise<boolean> =>
      (
        await db.query(
          "SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid " +
            "WHERE NOT l.granted AND a.application_name = 'pg-autogen' AND a.datname = current_database() AND a.query LIKE 'CREATE INDEX CONCURRENTLY%ev_a%'",
        )
      )[0].n > 0;
    const started = Date.now();
    while (!(await waiting()) && Date.now() - started < 60_000) await sleep(20);
    expect(await waiting()).toBe(true);

    await db.query("ALTER TABLE ev ATTACH PARTITION ev_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
    await db.query("ALTER TABLE ev ATTACH PARTITION ev_2027 FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')");
    // ev_b has no index of the step's yet (its CREATE ... ON ONLY comes after ev_a's build): none built here.
    await db.query("ALTER TABLE ev_b ATTACH PARTITION ev_b_more FOR VALUES IN (6)");
    expect(await db.query("SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = 'ev_b_more'::regclass")).toEqual([]);
    await holder.query("COMMIT");
    await holder.end();

    const outcome = await migration;
    expect(outcome.mode === "online" && outcome.result.error?.message).toBeFalsy();
    expect(await indexTree(db)).toEqual([
      "ev: ev_code_idx",
      "ev_2026: ev_2026_code_idx attached to ev_code_idx",
      "ev_2027: ev_2027_code attached to ev_code_idx",
      "ev_a: ev_a_ev_code_idx attached to ev_code_idx",
      "ev_b: ev_b_ev_code_idx attached to ev_code_idx",
      "ev_b_low: ev_b_low_ev_code_idx attached to ev_b_ev_code_idx",
      "ev_b_more: ev_b_more_ev_code_idx attached to ev_b_ev_code_idx",
    ]);
    expect(await db.query("SELECT 'ev_2027_code'::regclass::oid AS oid")).toEqual([prebuilt]);
  }, 120_000);
});
