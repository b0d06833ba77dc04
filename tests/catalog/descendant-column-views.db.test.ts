/**
 * A parent's column retyped changes its partitions' and inheritance children's column too,
 * and PostgreSQL refuses that under a view reading the child's column ("cannot alter type of a column
 * used by a view or rule"), or a BEGIN ATOMIC function reading it. Only the views reading the parent's
 * own column were dropped and created again around the change; those reading a partition's or child's
 * (at any depth) now are too. On PostgreSQL 15, judged by pg_dump.
 *
 * The cases share one round trip, a schema each (sharedRoundTrip: `public` in what a test expects is its schema).
 */
import { expectRoundTrip, expectShared, sharedRoundTrip } from "./catalog-round-trip";

const PARTITIONED = (name: string) =>
  `CREATE TABLE m (k int, name ${name}) PARTITION BY LIST (k); CREATE TABLE m_1 PARTITION OF m FOR VALUES IN (1);
   CREATE VIEW names AS SELECT name FROM m_1;`;
const LEAF = (name: string) =>
  `CREATE TABLE m (k int, j int, name ${name}) PARTITION BY LIST (k);
   CREATE TABLE m_1 PARTITION OF m FOR VALUES IN (1) PARTITION BY LIST (j); CREATE TABLE m_1a PARTITION OF m_1 FOR VALUES IN (1);
   CREATE VIEW names AS SELECT name FROM m_1a;`;
const INHERITED = (name: string) =>
  `CREATE TABLE m (k int, name ${name}); CREATE TABLE m_child (extra int) INHERITS (m); CREATE VIEW names AS SELECT name FROM m_child;`;
/** sum() of a smallint or an int is a bigint: the function stays as it is. */
const ATOMIC = (n: string) =>
  `CREATE TABLE m (k int, n ${n}) PARTITION BY LIST (k); CREATE TABLE m_1 PARTITION OF m FOR VALUES IN (1);
   CREATE FUNCTION total() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT sum(n) FROM m_1; END;`;

const shared = sharedRoundTrip({
  partition: { before: PARTITIONED("varchar(10)"), after: PARTITIONED("varchar(20)") },
  collation: { before: PARTITIONED("text"), after: PARTITIONED(`text COLLATE "C"`) },
  leaf: { before: LEAF("varchar(5)"), after: LEAF("varchar(9)") },
  child: { before: INHERITED("varchar(10)"), after: INHERITED("varchar(20)") },
  atomic: { before: ATOMIC("smallint"), after: ATOMIC("int") },
});

describe("a parent's column changed under a view reading a partition's or child's", () => {
  it("a partition's, retyped: the view is dropped before and created again after", async () => {
    const result = await shared.of("partition");
    expectRoundTrip(result);
    const kinds = result.upgrade.map((op) => op.kind).filter((kind) => ["dropView", "alterColumn", "createView"].includes(kind));
    expect(kinds).toEqual(["dropView", "alterColumn", "createView"]);
  });

  it("a partition's, its collation changed", async () => {
    expectRoundTrip(await shared.of("collation"));
  });

  it("a leaf's of a sub-partitioned table", async () => {
    expectRoundTrip(await shared.of("leaf"));
  });

  it("an inheritance child's, retyped", async () => {
    expectRoundTrip(await shared.of("child"));
  });

  it("a BEGIN ATOMIC function reading a partition's", async () => {
    expectRoundTrip(await shared.of("atomic"));
  });

  it(`the shared round trip (${shared.names}): A reaches B and comes back; each statement is one case's`, () => expectShared(shared));
});
