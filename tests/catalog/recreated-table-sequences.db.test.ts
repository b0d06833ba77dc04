/**
 * A table the migration drops and creates again (its partitioning changes: a new key, or it becomes
 * partitioned, or stops being) keeps its serial column's sequence, released before the drop and taken
 * back after, with its position, its name and whatever else draws on it; an identity column's new
 * sequence goes on from the old one's next value (src/sql/kept-sequences.ts). Both read when the
 * migration runs: the database may move on between the comparison and the upgrade. On PostgreSQL 15,
 * judged by pg_dump, with the rows that stay.
 */
import { compare } from "../../src/compare";
import { invertAll } from "../../src/ops/invert";
import { applyOperations } from "../support/apply";
import { createTestDatabase } from "../support/test-db";
import { ensureRoles, expectRoundTrip, readModel, roundTrip } from "./catalog-round-trip";

/** The next value of `sequence`, as a string (bigint). */
const next = (sequence: string) =>
  `(SELECT CASE WHEN is_called THEN last_value + (SELECT seqincrement FROM pg_sequence WHERE seqrelid = '${sequence}'::regclass) ` +
  `ELSE last_value END FROM ${sequence})`;

/** Three rows whose ids the sequence gives, the last deleted: the sequence is past the highest id. */
const DRAWN = (table: string) => `INSERT INTO ${table} (at) VALUES ('2020-05-05'), ('2020-06-06'), ('2020-07-07'); DELETE FROM ${table} WHERE id = 3;`;
/** The same in `TREE`'s table, whose new key has `b`. */
const DRAWN_IN_TREE = "INSERT INTO m (at, b) VALUES ('2020-05-05', 7), ('2020-06-06', 8), ('2020-07-07', 9); DELETE FROM m WHERE id = 3;";

const TREE = (id: string, key: string, bound: string) =>
  `CREATE TABLE m (id ${id}, at date, b int) PARTITION BY RANGE (${key}); CREATE TABLE m_2020 PARTITION OF m FOR VALUES ${bound};`;
const BY_DATE = "FROM ('2020-01-01') TO ('2021-01-01')";
const BY_DATE_AND_B = "FROM ('2020-01-01', 0) TO ('2021-01-01', 100)";

describe("a table created again keeps its sequences", () => {
  // The partitions stay as tables of their own; their defaults draw on the serial's sequence, which the
  // drop of the parent took along or failed on.
  it("a partitioned table that stops being one, with a serial column", async () => {
    const result = await roundTrip({
      before: "CREATE TABLE m (id serial, at date) PARTITION BY RANGE (at); " +
        "CREATE TABLE m_2020 PARTITION OF m FOR VALUES FROM ('2020-01-01') TO ('2021-01-01'); " + DRAWN("m"),
      after: "CREATE TABLE m (id serial, at date); " +
        "CREATE TABLE m_2020 (id integer NOT NULL DEFAULT nextval('m_id_seq'), at date);",
      rows: `SELECT id, ${next("m_id_seq")} AS next FROM m_2020 ORDER BY id`,
    });
    expectRoundTrip(result);
    expect(result.rows!.original).toEqual([{ id: 1, next: "4" }, { id: 2, next: "4" }]);
    expect(result.rows!.upgraded).toEqual(result.rows!.original);
    expect(result.rows!.downgraded).toEqual(result.rows!.original);
  });

  // CREATE UNLOGGED TABLE makes an unlogged serial sequence: the one taken back follows its new table.
  it("a partitioned table that becomes an unlogged table, with a serial column", async () => {
    const result = await roundTrip({
      before: "CREATE TABLE m (id serial, at date) PARTITION BY RANGE (at); " +
        "CREATE TABLE m_2020 PARTITION OF m FOR VALUES FROM ('2020-01-01') TO ('2021-01-01'); " + DRAWN("m"),
      after: "CREATE UNLOGGED TABLE m (id serial, at date); " +
        "CREATE TABLE m_2020 (id integer NOT NULL DEFAULT nextval('m_id_seq'), at date);",
      rows: `SELECT id, ${next("m_id_seq")} AS next FROM m_2020 ORDER BY id`,
    });
    expectRoundTrip(result);
    expect(result.rows!.upgraded).toEqual(result.rows!.original);
    expect(result.rows!.downgraded).toEqual(result.rows!.original);
  });

  // The table's own rows go with it (the drop is destructive and marked), but the ids it handed out are
  // not handed out again: rows elsewhere may still name them.
  it("a table that becomes partitioned, with an identity column", async () => {
    const result = await roundTrip({
      before: "CREATE TABLE m (id int GENERATED ALWAYS AS IDENTITY, at date); " + DRAWN("m"),
      after: "CREATE TABLE m (id int GENERATED ALWAYS AS IDENTITY, at date) PARTITION BY RANGE (at); " +
        "CREATE TABLE m_2020 PARTITION OF m FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');",
      rows: `SELECT ${next("m_id_seq")} AS next`,
    });
    expectRoundTrip(result);
    expect(result.rows!.original).toEqual([{ next: "4" }]);
    expect(result.rows!.upgraded).toEqual([{ next: "4" }]);
    expect(result.rows!.downgraded).toEqual([{ next: "4" }]);
  });

  // A sequence under a name of its own (its table renamed since) with options of its own: the same
  // sequence, by that name, with them, and with its position.
  it("a serial column whose sequence has another name and options of its own, under a new key", async () => {
    const legacy = "ALTER SEQUENCE m_id_seq INCREMENT 10; ALTER SEQUENCE m_id_seq RENAME TO legacy_seq;";
    const result = await roundTrip({
      before: TREE("serial", "at", BY_DATE) + legacy + "INSERT INTO m (at, b) VALUES ('2020-05-05', 7), ('2020-06-06', 8);",
      after: TREE("serial", "at, b", BY_DATE_AND_B) + legacy,
      rows: `SELECT id, ${next("legacy_seq")} AS next FROM m ORDER BY id`,
    });
    expectRoundTrip(result);
    expect(result.rows!.original).toEqual([{ id: 1, next: "21" }, { id: 11, next: "21" }]);
    expect(result.rows!.upgraded).toEqual(result.rows!.original);
    expect(result.rows!.downgraded).toEqual(result.rows!.original);
  });

  // A column that changes from identity to serial with the key gets a new sequence, which went on from
  // its START: ids the partition's rows hold again.
  it("an identity column that becomes serial under a new key", async () => {
    const result = await roundTrip({
      before: TREE("int GENERATED BY DEFAULT AS IDENTITY", "at", BY_DATE) + DRAWN_IN_TREE,
      after: TREE("serial", "at, b", BY_DATE_AND_B),
      rows: `SELECT id, ${next("m_id_seq")} AS next FROM m ORDER BY id`,
    });
    expectRoundTrip(result);
    expect(result.rows!.original).toEqual([{ id: 1, next: "4" }, { id: 2, next: "4" }]);
    expect(result.rows!.upgraded).toEqual(result.rows!.original);
    expect(result.rows!.downgraded).toEqual(result.rows!.original);
  });

  it("a serial column that becomes identity as its table becomes partitioned", async () => {
    const result = await roundTrip({
      before: "CREATE TABLE m (id serial, at date); " + DRAWN("m"),
      after: "CREATE TABLE m (id int GENERATED BY DEFAULT AS IDENTITY, at date) PARTITION BY RANGE (at);",
      rows: `SELECT ${next("m_id_seq")} AS next`,
    });
    expectRoundTrip(result);
    expect(result.rows!.original).toEqual([{ next: "4" }]);
    expect(result.rows!.upgraded).toEqual([{ next: "4" }]);
    expect(result.rows!.downgraded).toEqual([{ next: "4" }]);
  });

  // The partition's default draws on the serial's sequence, which the parent's drop takes along: the
  // default (an identity's partitions have none) is removed before the drop (dependency-order.ts), not in
  // the alterColumn phase after the new parent's create ("other objects depend on it").
  it("a serial column that becomes identity under a new key, whose partitions' defaults draw on its sequence", async () => {
    const result = await roundTrip({
      before: TREE("serial", "at", BY_DATE) + DRAWN_IN_TREE,
      after: TREE("int GENERATED BY DEFAULT AS IDENTITY", "at, b", BY_DATE_AND_B),
      rows: `SELECT id, ${next("m_id_seq")} AS next FROM m ORDER BY id`,
    });
    expectRoundTrip(result);
    expect(result.rows!.upgraded).toEqual(result.rows!.original);
  });

  // The serial's sequence is the same one, with its grants and comment; the identity's new one gets the
  // old one's grants again.
  it("a serial and an identity column of one table, their sequences granted and commented, under a new key", async () => {
    await ensureRoles(["recreate_seq_reader"]);
    const table = (key: string, bound: string) =>
      `CREATE TABLE m (id serial, k bigint GENERATED ALWAYS AS IDENTITY, at date, b int) PARTITION BY RANGE (${key}); ` +
      `CREATE TABLE m_2020 PARTITION OF m FOR VALUES ${bound}; ` +
      "GRANT USAGE ON SEQUENCE m_id_seq, m_k_seq TO recreate_seq_reader; COMMENT ON SEQUENCE m_id_seq IS 'ids';";
    const result = await roundTrip({
      before: table("at", BY_DATE) + DRAWN_IN_TREE,
      after: table("at, b", BY_DATE_AND_B),
      privileges: true,
      rows: `SELECT id, k, ${next("m_id_seq")} AS id_next, ${next("m_k_seq")} AS k_next FROM m ORDER BY id`,
    });
    expectRoundTrip(result);
    expect(result.rows!.original).toEqual([{ id: 1, k: "1", id_next: "4", k_next: "4" }, { id: 2, k: "2", id_next: "4", k_next: "4" }]);
    expect(result.rows!.upgraded).toEqual(result.rows!.original);
    expect(result.rows!.downgraded).toEqual(result.rows!.original);
  });

  // Owned by another role than the one running the migration: the new table is that one's until the end
  // of the migration gives it back, and a sequence is owned by a column of a table of its own owner only.
  it("a serial column of a table of another owner, under a new key", async () => {
    await ensureRoles(["recreate_seq_owner"]);
    const owned = "ALTER TABLE m OWNER TO recreate_seq_owner; ALTER TABLE m_2020 OWNER TO recreate_seq_owner;";
    const result = await roundTrip({
      before: TREE("serial", "at", BY_DATE) + owned + DRAWN_IN_TREE,
      after: TREE("serial", "at, b", BY_DATE_AND_B) + owned,
      rows:
        `SELECT id, ${next("m_id_seq")} AS next, ` +
        "(SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'm_id_seq'::regclass) AS owner FROM m ORDER BY id",
    });
    expectRoundTrip(result);
    expect(result.rows!.original).toEqual([{ id: 1, next: "4", owner: "recreate_seq_owner" }, { id: 2, next: "4", owner: "recreate_seq_owner" }]);
    expect(result.rows!.upgraded).toEqual(result.rows!.original);
    expect(result.rows!.downgraded).toEqual(result.rows!.original);
  });

  // Nothing of the sequences' positions is written into the migration: compared first, upgraded after more
  // rows came, it goes on after those.
  it.each([
    ["serial", "serial"],
    ["identity", "int GENERATED BY DEFAULT AS IDENTITY"],
  ])("%s: the position the sequence has when the migration runs, not when it was written", async (_, type) => {
    const [a, b] = await Promise.all([createTestDatabase("cat_a"), createTestDatabase("cat_b")]);
    try {
      await a.query(TREE(type, "at", BY_DATE) + "INSERT INTO m (at, b) VALUES ('2020-05-05', 7);");
      await b.query(TREE(type, "at, b", BY_DATE_AND_B));
      const upgrade = compare(await readModel(a.url, ["public"]), await readModel(b.url, ["public"])).operations;
      await a.query("INSERT INTO m (at, b) VALUES ('2020-06-06', 8), ('2020-07-07', 9);");
      await applyOperations(a.url, upgrade);
      await a.query("INSERT INTO m (at, b) VALUES ('2020-08-08', 10);");
      expect(await a.query("SELECT id, b FROM m ORDER BY id")).toEqual([
        { id: 1, b: 7 },
        { id: 2, b: 8 },
        { id: 3, b: 9 },
        { id: 4, b: 10 },
      ]);
      await a.query("INSERT INTO m (at, b) VALUES ('2020-09-09', 11);");
      await applyOperations(a.url, invertAll(upgrade));
      await a.query("INSERT INTO m (at, b) VALUES ('2020-10-10', 12);");
      expect(await a.query("SELECT id, b FROM m WHERE b > 10 ORDER BY id")).toEqual([
        { id: 5, b: 11 },
        { id: 6, b: 12 },
      ]);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });
});
