/**
 * Entity mode with a database that partitions a mapped table and has an inheritance child of another
 * (issue #9): the entities describe neither, so the partitions and the child are never dropped or
 * altered, a mapped partitioned table stays partitioned and is compared as the entity describes it, and a
 * migration that touches the parents keeps the partitions' rows and the child's columns and values.
 */
import { invertAll } from "../../src/ops/invert";
import { compileOperations } from "../../src/sql/compile";
import { applyOperations } from "../support/apply";
import { autogenerate as diff } from "../support/entity-versions";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const DATABASE = `
  CREATE TABLE measurement (
    id int NOT NULL, logdate date NOT NULL, peaktemp int DEFAULT 3, legacy text,
    CONSTRAINT measurement_pkey PRIMARY KEY (id, logdate)
  ) PARTITION BY RANGE (logdate);
  CREATE TABLE measurement_2024 PARTITION OF measurement FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
  CREATE TABLE measurement_rest PARTITION OF measurement DEFAULT PARTITION BY LIST (id);
  CREATE TABLE measurement_rest_1 PARTITION OF measurement_rest FOR VALUES IN (1);
  CREATE TABLE measurement_rest_other PARTITION OF measurement_rest DEFAULT;
  CREATE INDEX measurement_2024_peak ON measurement_2024 (peaktemp);
  CREATE TABLE events (id int NOT NULL, kind text, note text, payload text, CONSTRAINT events_pkey PRIMARY KEY (id));
  CREATE TABLE events_archive (archived_at timestamp, note text) INHERITS (events);
  INSERT INTO measurement VALUES (1, '2024-03-01', 20, 'x'), (1, '2023-03-01', 21, 'y'), (2, '2020-01-01', 22, 'z');
  INSERT INTO events_archive VALUES (9, 'old', 'kept note', 'kept payload', '2020-01-01');
`;

/** The operations and log of autogenerate against the database. */
async function autogenerate(version: string, url: string) {
  const { operations, log } = await diff(version, url);
  return { operations, log };
}

describe("entity mode: partitions and inheritance children are left alone", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("entparts");
    await db.query(DATABASE);
  });
  afterAll(() => db.drop());

  it("finds nothing to do for a mapped partitioned table with partitions and a parent with a child", async () => {
    expect(await autogenerate("partitioned-v1", db.url)).toStrictEqual({ operations: [], log: [] });
  });

  it("changes the parents as the entities say, keeping the partitions, the child and their rows", async () => {
    const { operations } = await autogenerate("partitioned-v2", db.url);
    const sql = compileOperations(operations).map((s) => s.sql);
    expect(sql).toEqual(
      expect.arrayContaining([
        `ALTER TABLE "public"."measurement" DROP COLUMN "legacy"`,
        `ALTER TABLE "public"."measurement" ADD COLUMN "humidity" numeric(5,2)`,
        `ALTER TABLE "public"."measurement" ALTER COLUMN "peaktemp" SET DEFAULT 5`,
        `ALTER TABLE ONLY "public"."events" DROP COLUMN "note"`,
        `ALTER TABLE ONLY "public"."events" DROP COLUMN "payload"`,
        `ALTER TABLE "public"."events" ALTER COLUMN "kind" TYPE character varying(40)`,
      ]),
    );
    expect(operations.filter((op) => op.kind === "dropTable" || op.kind === "createTable" || op.kind === "detachPartition")).toStrictEqual([]);
    await applyOperations(db.url, operations);

    const tables = await db.query("SELECT relname FROM pg_class WHERE relkind IN ('r', 'p') AND relnamespace = 'public'::regnamespace ORDER BY 1");
    expect(tables.map((t) => t.relname)).toEqual([
      "events", "events_archive", "measurement", "measurement_2024", "measurement_rest", "measurement_rest_1", "measurement_rest_other",
    ]);
    expect(await db.query("SELECT id, peaktemp, humidity, tableoid::regclass::text AS part FROM measurement ORDER BY 1, 4")).toStrictEqual([
      { id: 1, peaktemp: 20, humidity: null, part: "measurement_2024" },
      { id: 1, peaktemp: 21, humidity: null, part: "measurement_rest_1" },
      { id: 2, peaktemp: 22, humidity: null, part: "measurement_rest_other" },
    ]);
    // The partitions follow the partitioned table's default; the child keeps what the parent dropped.
    expect(await db.query("INSERT INTO measurement_2024 (id, logdate) VALUES (3, '2024-05-01') RETURNING peaktemp")).toStrictEqual([{ peaktemp: 5 }]);
    expect(await db.query("SELECT id, kind, note, payload FROM events_archive")).toStrictEqual([
      { id: 9, kind: "old", note: "kept note", payload: "kept payload" },
    ]);
    expect(await autogenerate("partitioned-v2", db.url)).toStrictEqual({ operations: [], log: [] });

    // The downgrade gives the parents their columns back; the partitions and the child are still there.
    await db.query("DELETE FROM measurement WHERE id = 3");
    await applyOperations(db.url, invertAll(operations));
    expect(await autogenerate("partitioned-v1", db.url)).toStrictEqual({ operations: [], log: [] });
    expect(await db.query("SELECT id, note, payload FROM events_archive")).toStrictEqual([
      { id: 9, note: "kept note", payload: "kept payload" },
    ]);
  });
});
