/**
 * The lock-safe form on tables whose rows live in other tables (PostgreSQL 15):
 * a backfill fills the NULLs of a partitioned table (whose own size is 0: its rows are in its
 * partitions) and of an inheritance parent whose child is larger than itself, with the named table's
 * default, and ends; a backfill with no default to fill with stops with an error instead of passing
 * over the table forever.
 */
import path from "node:path";
import { openProject } from "../../src/api/project";
import { upgrade } from "../../src/api/migrate";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { tempProject } from "../cli/cli-support";
import { writeAsJavaScript } from "./lock-safe-support";

/** Tables whose rows are elsewhere: a partitioned one and an inheritance parent with a larger child. */
const ROWS_ELSEWHERE = `
  await op.execute("CREATE TABLE events (id integer NOT NULL, day date NOT NULL, note text) PARTITION BY RANGE (day)");
  await op.execute("CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  await op.execute("CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')");
  await op.execute("INSERT INTO events SELECT g, date '2024-01-01' + g % 700, CASE WHEN g % 3 = 0 THEN NULL ELSE 'x' END FROM generate_series(1, 20000) g");
  await op.execute("CREATE TABLE animals (id integer NOT NULL, note text)");
  await op.execute("CREATE TABLE dogs (bark text DEFAULT 'woof', note text DEFAULT 'dog default') INHERITS (animals)");
  await op.execute("INSERT INTO animals SELECT g, NULL FROM generate_series(1, 100) g");
  await op.execute("INSERT INTO dogs (id, note) SELECT g, NULL FROM generate_series(101, 20000) g");
  await op.execute("CREATE TABLE plain_notes (id integer NOT NULL, note text)");
  await op.execute("INSERT INTO plain_notes SELECT g, NULL FROM generate_series(1, 100) g");
`;

const backfill = (table: string, step: string) => `
  await op.step(${JSON.stringify(step)}, { transaction: false }, async () => {
    await op.backfillColumn(${JSON.stringify(table)}, "note", { value: "DEFAULT", batchPages: 3 });
  });`;

describe("backfillColumn on tables whose rows are in other tables (PostgreSQL 15)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("pbackfill");
  });
  afterAll(async () => {
    await db.drop();
  });

  it("fills every NULL of a partitioned table and of an inheritance tree with the named table's default", async () => {
    const dir = tempProject({ "autogen.config.json": JSON.stringify({ migrations: "migrations", databaseUrl: db.url }) });
    const migration = (revision: string, down: string | null, body: string) =>
      writeAsJavaScript(
        path.join(dir, "migrations", `${revision}.ts`),
        `export const revision = "${revision}";\nexport const downRevision = ${JSON.stringify(down)};\n` +
          // Without an end, the pass over the table would run until this timeout.
          `export const timeouts = { statementTimeout: "20s" };\n` +
          `export async function upgrade(op: any): Promise<void> {${body}\n}\nexport async function downgrade(): Promise<void> {}\n`,
      );
    migration("rows0", null, ROWS_ELSEWHERE);
    migration(
      "fill1",
      "rows0",
      `
  await op.step("defaults", async () => {
    await op.execute("ALTER TABLE events ALTER COLUMN note SET DEFAULT 'none'");
    await op.execute("ALTER TABLE ONLY animals ALTER COLUMN note SET DEFAULT 'animal'");
  });${backfill("events", "fill events")}${backfill("animals", "fill animals")}`,
    );
    migration("fill2", "fill1", backfill("plain_notes", "fill plain_notes"));
    const project = await openProject({ cwd: dir, logger: { info: () => undefined, warn: () => undefined } });

    const filled = await upgrade(project, "fill1");
    if (filled.mode !== "online") throw new Error("unreachable");
    expect(filled.result.error?.message).toBeUndefined();
    const counts = await db.query(
      "SELECT tableoid::regclass::text AS t, note, count(*)::int AS n FROM events GROUP BY 1, 2 " +
        "UNION ALL SELECT tableoid::regclass::text, note, count(*)::int FROM animals GROUP BY 1, 2 ORDER BY 1, 2",
    );
    // Every row of the tree gets what an UPDATE of the named table sets: its default, not the child's.
    expect(counts).toEqual([
      { t: "animals", note: "animal", n: 100 },
      { t: "dogs", note: "animal", n: 19900 },
      { t: "events_2024", note: "none", n: 3537 },
      { t: "events_2024", note: "x", n: 7076 },
      { t: "events_2025", note: "none", n: 3129 },
      { t: "events_2025", note: "x", n: 6258 },
    ]);

    const noDefault = await upgrade(project, "fill2");
    if (noDefault.mode !== "online") throw new Error("unreachable");
    expect(noDefault.result.error?.message).toContain('column "public"."plain_notes"."note" has no default to fill its NULLs with');
  }, 120_000);
});
