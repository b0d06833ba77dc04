/**
 * The lock-safe form on tables whose rows live in other tables (PostgreSQL 15):
 * - a backfill fills the NULLs of a partitioned table (whose own size is 0: its rows are in its
 *   partitions) and of an inheritance parent whose child is larger than itself, with the named table's
 *   default, and ends; a backfill with no default to fill with stops with an error instead of passing
 *   over the table forever;
 * - `autogen -m --safe` on a partitioned table, where PostgreSQL refuses `CONCURRENTLY`, a foreign key
 *   `NOT VALID` and `USING INDEX`, builds its indexes partition by partition (`createPartitionedIndex`,
 *   tried further in partitioned-index.db.test.ts) and keeps its keys and foreign keys plain: the
 *   migration applies, ends in the schema of the plain form (but for the names of the partitions'
 *   indexes) with every row, and downgrades.
 */
import fs from "node:fs";
import path from "node:path";
import { openProject } from "../../src/api/project";
import { upgrade } from "../../src/api/migrate";
import { pgDump } from "../support/pg-dump";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, tempProject } from "../cli/cli-support";
import { writeAsJavaScript } from "./lock-safe-support";

const dump = (url: string) => pgDump(url, { args: ["--exclude-table=public.autogen_version_steps", "--exclude-table=public.autogen_checksums"] });
/**
 * The dump with the partitions' indexes of events_kind_idx (built by the upgrade) and events_code_idx
 * (built again by the downgrade) under PostgreSQL's names: a plain CREATE INDEX names them
 * `<partition>_kind_idx`, createPartitionedIndex `<partition>_events_kind_idx`.
 */
const withPostgresPartitionIndexNames = (text: string) => text.replace(/\b(events_\d{4})_events_(kind|code)_idx\b/g, "$1_$2_idx");

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

const V1 = `
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
@Entity({ name: "kinds" })
export class Kind {
  @PrimaryColumn({ type: "integer", primaryKeyConstraintName: "kinds_pkey" }) id: number;
}
@Entity({ name: "events" })
export class Event {
  @PrimaryColumn({ type: "integer", primaryKeyConstraintName: "events_pkey" }) id: number;
  @PrimaryColumn({ type: "date", primaryKeyConstraintName: "events_pkey" }) day: string;
  @Column({ type: "integer", nullable: true }) kind: number | null;
  @Index("events_code_idx") @Column({ type: "text", nullable: true }) code: string | null;
  @Column({ type: "text", nullable: true }) note: string | null;
}
`;
const V2 = `
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from "typeorm";
@Entity({ name: "kinds" })
export class Kind {
  @PrimaryColumn({ type: "integer", primaryKeyConstraintName: "kinds_pkey" }) id: number;
}
@Entity({ name: "events" })
@Unique("events_code_day_key", ["code", "day"])
@Check("events_code_check", "length(code) > 0")
export class Event {
  @PrimaryColumn({ type: "integer", primaryKeyConstraintName: "events_pkey" }) id: number;
  @PrimaryColumn({ type: "date", primaryKeyConstraintName: "events_pkey" }) day: string;
  @Index("events_kind_idx") @Column({ type: "integer", nullable: true }) kind: number | null;
  @ManyToOne(() => Kind) @JoinColumn({ name: "kind", foreignKeyConstraintName: "events_kind_fk" }) k: Kind;
  @Column({ type: "text" }) code: string;
  @Column({ type: "text", default: "none" }) note: string;
}
`;
const PARTITIONED_V1 = `export const revision = "v1";
export const downRevision = null;
export async function upgrade(op: any): Promise<void> {
  await op.execute("CREATE TABLE kinds (id integer NOT NULL, CONSTRAINT kinds_pkey PRIMARY KEY (id))");
  await op.execute("CREATE TABLE events (id integer NOT NULL, day date NOT NULL, kind integer, code text, note text, CONSTRAINT events_pkey PRIMARY KEY (id, day)) PARTITION BY RANGE (day)");
  await op.execute("CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
  await op.execute("CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')");
  await op.execute("CREATE INDEX events_code_idx ON events (code)");
  await op.execute("INSERT INTO kinds SELECT g FROM generate_series(1, 10) g");
  await op.execute("INSERT INTO events SELECT g, date '2024-01-01' + g % 700, 1 + g % 10, 'c' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'x' END FROM generate_series(1, 5000) g");
}
export async function downgrade(op: any): Promise<void> {
  await op.execute("DROP TABLE events");
  await op.execute("DROP TABLE kinds");
}
`;

describe("autogen -m --safe on a partitioned table (PostgreSQL 15)", () => {
  let plainDb: TestDatabase;
  let safeDb: TestDatabase;
  beforeAll(async () => {
    [plainDb, safeDb] = await Promise.all([createTestDatabase("pplain"), createTestDatabase("psafe")]);
  });
  afterAll(async () => {
    await Promise.all([plainDb.drop(), safeDb.drop()]);
  });

  async function project(db: TestDatabase): Promise<string> {
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", databaseUrl: db.url }),
      "entities/event.ts": V1,
      "migrations/v1.ts": PARTITIONED_V1,
    });
    expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
    expect((await cli(["check"], dir)).code).toBe(0);
    fs.writeFileSync(path.join(dir, "entities", "event.ts"), V2);
    return dir;
  }

  it("builds its indexes partition by partition, keeps its keys plain, applies, ends in the plain form's schema and downgrades", async () => {
    // One after the other: each CLI run loads the modules afresh, in this one process.
    const plainDir = await project(plainDb);
    const safeDir = await project(safeDb);
    const v1Dump = dump(plainDb.url);
    expect((await cli(["-m", "v2", "--rev-id", "v2"], plainDir)).code).toBe(0);
    const made = await cli(["-m", "v2", "--rev-id", "v2", "--safe"], safeDir);
    expect(made.code).toBe(0);
    // lint reports what stays plain (not the index built partition by partition), and does not send to
    // --safe a file written with it.
    expect(made.stdout).toMatch(/lint: migrations\/.*v2\.ts:\d+ warn disallowed-unique-constraint/);
    expect(made.stdout).not.toContain("require-concurrent-index-creation");
    expect(made.stdout).not.toContain("--safe");
    const text = fs.readFileSync(path.join(safeDir, "migrations", migrationFiles(safeDir).find((f) => f.includes("v2"))!), "utf8");
    expect(text).not.toContain("{ concurrently: true }");
    expect(text).not.toContain("usingIndex");
    expect(text).toContain('op.createPartitionedIndex("events", { name: "events_kind_idx", keys: ["kind"] })');
    // What PostgreSQL accepts on a partitioned table keeps its lock-safe form: checks, NOT NULL, the backfill.
    expect(text).toContain('op.validateConstraint("events", "events_code_check")');
    expect(text).toContain('op.validateConstraint("events", "events_code_not_null_tmp")');
    expect(text).toContain('op.backfillColumn("events", "note"');

    for (const dir of [plainDir, safeDir]) {
      const up = await cli(["upgrade", "head"], dir);
      expect(up.stderr).toBe("");
      expect(up.code).toBe(0);
    }
    expect(withPostgresPartitionIndexNames(dump(safeDb.url))).toBe(dump(plainDb.url));
    expect(dump(safeDb.url)).toContain("ALTER INDEX public.events_kind_idx ATTACH PARTITION public.events_2024_events_kind_idx;");
    const [{ n, nulls }] = await safeDb.query("SELECT count(*)::int AS n, count(*) FILTER (WHERE note = 'none')::int AS nulls FROM events");
    expect([n, nulls]).toEqual([5000, 1666]);

    for (const dir of [plainDir, safeDir]) {
      const down = await cli(["downgrade", "-1"], dir);
      expect(down.stderr).toBe("");
      expect(down.code).toBe(0);
    }
    expect(withPostgresPartitionIndexNames(dump(safeDb.url))).toBe(v1Dump);
    expect(dump(plainDb.url)).toBe(v1Dump);
  }, 240_000);
});
