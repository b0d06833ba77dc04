/**
 * A column of a partitioned table's key changes type or collation: PostgreSQL refuses the ALTER COLUMN
 * ("cannot alter column k because it is part of the partition key of relation m"), and pg_get_partkeydef
 * prints the key alike on both sides (a key's collation only where it is not its column's), so the
 * comparison retyped it in place and the upgrade stopped there. The table is now dropped and created
 * again, as for a new key: its partitions detached before and attached after, retyped in between, with
 * their rows. On PostgreSQL 15, judged by pg_dump.
 *
 * The cases share one round trip, a schema each (sharedRoundTrip: `public` in what a test expects is its schema).
 */
import { expectRoundTrip, expectShared, sharedRoundTrip } from "./catalog-round-trip";

/** `m` partitioned by `key` with the column `k` of `type`, one partition and a row in it. */
const TABLE = (type: string, key: string) =>
  `CREATE TABLE m (id int, k ${type}) PARTITION BY RANGE (${key});
   CREATE TABLE m_1 PARTITION OF m FOR VALUES FROM ('0') TO ('5');
   INSERT INTO m VALUES (1, '2');`;

/** `m` by `k`, `m_1` by `j` with a leaf, and a foreign key into `m`. */
const TREE = (type: string) =>
  `CREATE TABLE m (id int, k int, j ${type}, PRIMARY KEY (id, k, j)) PARTITION BY RANGE (k);
   CREATE TABLE m_1 PARTITION OF m FOR VALUES FROM (0) TO (10) PARTITION BY LIST (j);
   CREATE TABLE m_1a PARTITION OF m_1 FOR VALUES IN (1);
   CREATE TABLE r (id int, k int, j ${type}, CONSTRAINT r_fk FOREIGN KEY (id, k, j) REFERENCES m);
   INSERT INTO m VALUES (1, 5, 1); INSERT INTO r VALUES (1, 5, 1);`;

const shared = sharedRoundTrip({
  retyped: { before: TABLE("int", "k"), after: TABLE("bigint", "k") },
  collation: { before: TABLE("text", "k"), after: TABLE(`text COLLATE "C"`, "k") },
  expression: { before: TABLE("int", "(k + 1)"), after: TABLE("bigint", "(k + 1)") },
  subPartitioned: { before: TREE("smallint"), after: TREE("int") },
  rows: { before: TABLE("int", "k"), after: TABLE("bigint", "k").replace(/INSERT.*;/, ""), rows: "SELECT * FROM m" },
  outsideKey: { before: TABLE("int", "k"), after: TABLE("int", "k").replace("id int", "id bigint") },
});

describe("a column of a partitioned table's key changes type or collation", () => {
  it("retyped: the table is created again, its partition detached and attached", async () => {
    const result = await shared.of("retyped");
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toEqual(expect.arrayContaining(["detachPartition", "dropTable", "createTable", "attachPartition"]));
    expect(result.log).toContain(
      shared.in("retyped")("Detected changed type or collation of partition key column(s) 'k' of table 'public.m': dropped and created again"),
    );
  });

  it("its collation, which the key's definition does not print", async () => {
    expectRoundTrip(await shared.of("collation"));
  });

  it("read by an expression of the key", async () => {
    expectRoundTrip(await shared.of("expression"));
  });

  it("a column of the keys of two levels, with a foreign key into the table", async () => {
    expectRoundTrip(await shared.of("subPartitioned"));
  });

  it(`the shared round trip (${shared.names}): A reaches B and comes back; each statement is one case's`, () => expectShared(shared));

  it("keeps the partitions' rows both ways", async () => {
    const result = await shared.of("rows");
    expectRoundTrip(result);
    expect(result.rows!.upgraded).toEqual([{ id: 1, k: "2" }]);
    expect(result.rows!.downgraded).toEqual([{ id: 1, k: 2 }]);
  });

  it("a column outside the key is retyped in place", async () => {
    const result = await shared.of("outsideKey");
    expect(result.upgradeSql).toEqual([shared.in("outsideKey")(`ALTER TABLE "public"."m" ALTER COLUMN "id" TYPE bigint`)]);
    expectRoundTrip(result);
  });
});
