/**
 * The options of a serial column's sequence (INCREMENT, START, CACHE, MINVALUE, ...), which a legacy
 * database sets with `ALTER SEQUENCE t_id_seq INCREMENT 10 START 1000` (invoice numbers, ids spaced for
 * shards): read with the column (`identity.options`, absent where they are what `serial` gives), compared,
 * set in place on the sequence found through the column, and given back where a migration creates the
 * sequence again (the derived downgrade of a dropped serial column or table). In entity mode the
 * database's are kept. On PostgreSQL 15, judged by pg_dump.
 *
 * The cases compared between databases share a round trip, a schema each (`sharedRoundTrip`), each with
 * its rows read in its schema (its sequences: `schemaname = current_schema()`), and assert on their own part.
 */
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { expectRoundTrip, expectShared, readModel, roundTrip, sharedRoundTrip } from "./catalog-round-trip";
import { createTestDatabase } from "../support/test-db";

const OPTIONS = "ALTER SEQUENCE t_id_seq INCREMENT 10 START 1000 RESTART 1000 CACHE 20;";

/** The cases compared between databases. */
const between = sharedRoundTrip({
  compared: { before: "CREATE TABLE t (id serial, at date);", after: `CREATE TABLE t (id serial, at date); ${OPTIONS}` },
  droppedColumn: { before: `CREATE TABLE t (id serial, at date); ${OPTIONS}`, after: "CREATE TABLE t (at date);" },
  inPlace: {
    before: "CREATE TABLE t (id smallserial, at date); INSERT INTO t (at) VALUES (NULL), (NULL);",
    after: "CREATE TABLE t (id smallserial, at date); ALTER SEQUENCE t_id_seq INCREMENT 3 MAXVALUE 9000 CYCLE;",
    rows:
      "SELECT (SELECT array_agg(id ORDER BY id) FROM t) AS ids, last_value, increment_by, max_value, cycle FROM pg_sequences " +
      "WHERE sequencename = 't_id_seq' AND schemaname = current_schema()",
  },
  droppedTable: {
    before: "CREATE TABLE t (id bigserial, at date); ALTER SEQUENCE t_id_seq INCREMENT BY -5 MINVALUE -1000 MAXVALUE 100 START 50 CACHE 3 CYCLE;",
    after: "CREATE TABLE other (x int);",
  },
  droppedAboveRows: {
    before: "CREATE TABLE t (id serial, at int); INSERT INTO t (at) VALUES (1), (2); ALTER SEQUENCE t_id_seq MINVALUE 1000 START 1000 RESTART;",
    after: "CREATE TABLE t (at int); INSERT INTO t (at) VALUES (1), (2);",
    rows: "SELECT (SELECT count(*)::int FROM t) AS n, start_value, min_value, last_value FROM pg_sequences WHERE schemaname = current_schema()",
  },
  madeSerial: {
    before: "CREATE TABLE t (id int NOT NULL, at date); INSERT INTO t (id) VALUES (1), (2);",
    after: "CREATE TABLE t (id serial, at date); ALTER SEQUENCE t_id_seq INCREMENT 10 START 1000 RESTART CACHE 20;",
    rows:
      "SELECT (SELECT array_agg(id ORDER BY id) FROM t) AS ids, start_value, increment_by, cache_size FROM pg_sequences WHERE schemaname = current_schema()",
  },
  retyped: {
    before: "CREATE TABLE t (id serial, at date); ALTER SEQUENCE t_id_seq MAXVALUE 2000000000;",
    after: "CREATE TABLE t (id bigserial, at date); ALTER SEQUENCE t_id_seq MAXVALUE 5000000000;",
  },
  spelledOut: {
    before: "CREATE TABLE t (id serial, at date); ALTER SEQUENCE t_id_seq INCREMENT 5 CACHE 10;",
    after: "CREATE SEQUENCE t_id_seq AS integer INCREMENT 5 CACHE 10; CREATE TABLE t (id int NOT NULL DEFAULT nextval('t_id_seq'), at date);",
  },
});

it(`between databases, in one round trip: ${between.names}`, async () => {
  await expectShared(between);
});

describe("a serial column's sequence options", () => {
  it("are compared: a diff to a database whose serial sequence has INCREMENT, START and CACHE sets them", async () => {
    const result = await between.of("compared");
    expect(result.upgrade).not.toEqual([]);
    expectRoundTrip(result);
  });

  it("come back with the column in the derived downgrade of its drop", async () => {
    const result = await between.of("droppedColumn");
    expect(result.upgradeSql).toEqual([between.in("droppedColumn")(`ALTER TABLE "public"."t" DROP COLUMN "id"`)]);
    expect(result.downgraded).toEqual(result.original);
  });
});

describe("a serial column's sequence options, in place and created again", () => {
  it("are set on the sequence the column owns, in place: its rows and its position are kept", async () => {
    const result = await between.of("inPlace");
    expect(result.upgradeSql).toHaveLength(1);
    expect(result.upgradeSql[0]).toContain(between.in("inPlace")("pg_catalog.pg_get_serial_sequence('\"public\".\"t\"', 'id')"));
    expect(result.upgradeSql[0]).toContain("ALTER SEQUENCE %s INCREMENT BY 3 MAXVALUE 9000 CYCLE");
    expectRoundTrip(result);
    const row = (increment: string, max: string, cycle: boolean) => [{ ids: [1, 2], last_value: "2", increment_by: increment, max_value: max, cycle }];
    expect(result.rows).toEqual({ original: row("1", "32767", false), upgraded: row("3", "9000", true), downgraded: row("1", "32767", false) });
  });

  it("come back with a dropped table in the derived downgrade: descending, bounded, cycling", async () => {
    expectRoundTrip(await between.of("droppedTable"));
  });

  it("come back with a column dropped from a table with rows, its MINVALUE above them, moved past them", async () => {
    const result = await between.of("droppedAboveRows");
    expect(result.upgradeSql).toEqual([between.in("droppedAboveRows")(`ALTER TABLE "public"."t" DROP COLUMN "id"`)]);
    expectRoundTrip(result);
    // Its next value is its START, as before the drop: the rows' new ids (1, 2) are below it.
    const sequence = [{ n: 2, start_value: "1000", min_value: "1000", last_value: null }];
    expect(result.rows).toEqual({ original: sequence, upgraded: [], downgraded: sequence });
  });

  it("are given to a column made serial in place, whose new sequence goes past its rows", async () => {
    const result = await between.of("madeSerial");
    expect(result.upgradeSql[0]).toBe(between.in("madeSerial")(`CREATE SEQUENCE "public"."t_id_seq" AS integer INCREMENT BY 10 START WITH 1000 CACHE 20`));
    expectRoundTrip(result);
    expect(result.rows!.upgraded).toEqual([{ ids: [1, 2], start_value: "1000", increment_by: "10", cache_size: "20" }]);
  });

  it("change with a retype in one ALTER SEQUENCE, its new AS first: a MAXVALUE only bigint can hold", async () => {
    const result = await between.of("retyped");
    expect(result.upgradeSql.filter((sql) => sql.includes("ALTER SEQUENCE"))).toEqual([
      expect.stringContaining("ALTER SEQUENCE %s AS bigint MAXVALUE 5000000000"),
    ]);
    expectRoundTrip(result);
  });

  it("stay with the sequence when the serial is spelled out as a free-standing sequence of the same options", async () => {
    const result = await between.of("spelledOut");
    expect(result.upgradeSql).toEqual([between.in("spelledOut")(`ALTER SEQUENCE "public"."t_id_seq" OWNED BY NONE`)]);
    expectRoundTrip(result);
  });

  it("are read only where they differ from what serial, bigserial and smallserial give", async () => {
    const db = await createTestDatabase("serial_opts");
    try {
      await db.query(`CREATE TABLE t (a serial, b bigserial, c smallserial, d serial, e bigserial);
        ALTER TABLE t ALTER d TYPE bigint; ALTER SEQUENCE t_e_seq CACHE 5 MINVALUE 0;`);
      const model = await readModel(db.url, ["public"]);
      // d's sequence kept its integer type when the column was retyped by hand: that is no option.
      expect(model.tables['"public"."t"']!.columns.map((column) => [column.name, column.identity])).toEqual([
        ["a", { kind: "serial" }],
        ["b", { kind: "serial" }],
        ["c", { kind: "serial" }],
        ["d", { kind: "serial" }],
        // ALTER SEQUENCE kept its START of 1, above the new MINVALUE, where a sequence made so would start.
        ["e", { kind: "serial", options: { minValue: "0", start: "1", cache: "5" } }],
      ]);
    } finally {
      await db.drop();
    }
  });
});

describe("a serial column's sequence options in entity mode", () => {
  it("are the database's: a DBA's INCREMENT is neither reset nor lost when a serial column is dropped and comes back", async () => {
    const result = await roundTrip({
      before: "CREATE TABLE t (id serial, n serial, at date); ALTER SEQUENCE t_id_seq INCREMENT 10; ALTER SEQUENCE t_n_seq INCREMENT 7 START 700;",
      after: "CREATE TABLE t (id serial, at date);",
      options: { manage: ENTITY_MANAGED_KINDS },
      targetAsEntities: true,
    });
    expect(result.upgradeSql).toEqual([`ALTER TABLE "public"."t" DROP COLUMN "n"`]);
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
  });
});
