/**
 * A partition of a partitioned table that a foreign key references: PostgreSQL gives the key a copy per
 * partition it references (on the referencing table, under a name of its own), and refuses to drop the
 * partition while that copy holds it ("cannot drop table p_2 because other objects depend on it"). A
 * partition dropped by the upgrade, or by the derived downgrade of one the upgrade creates, is detached
 * first, which takes the copy off it. On PostgreSQL 15, judged by pg_dump.
 *
 * The cases share one round trip, a schema each (sharedRoundTrip: `public` in what a test expects is its schema).
 */
import { expectRoundTrip, expectShared, sharedRoundTrip } from "./catalog-round-trip";

const PARENT = `CREATE TABLE p (id int, k int, PRIMARY KEY (id, k)) PARTITION BY LIST (k);
  CREATE TABLE p_1 PARTITION OF p FOR VALUES IN (1);`;
const REFERENCING = `CREATE TABLE r (id int, k int, CONSTRAINT r_fk FOREIGN KEY (id, k) REFERENCES p);`;
const ROWS = `INSERT INTO p VALUES (1, 1), (2, 2); INSERT INTO r VALUES (1, 1);`;

/** `p` partitioned by `k`, then by `j` under `p_1`, with the leaves `leaves` of `p_1`. */
const TREE = (leaves: string) => `
  CREATE TABLE p (id int, k int, j int, PRIMARY KEY (id, k, j)) PARTITION BY LIST (k);
  CREATE TABLE p_1 PARTITION OF p FOR VALUES IN (1) PARTITION BY LIST (j);
  ${leaves}
  CREATE TABLE r (id int, k int, j int, CONSTRAINT r_fk FOREIGN KEY (id, k, j) REFERENCES p);`;

const shared = sharedRoundTrip({
  created: { before: PARENT + REFERENCING, after: PARENT + `CREATE TABLE p_2 PARTITION OF p FOR VALUES IN (2);` + REFERENCING },
  dropped: {
    before: PARENT + `CREATE TABLE p_2 PARTITION OF p FOR VALUES IN (2);` + REFERENCING + ROWS,
    after: PARENT + REFERENCING,
  },
  leaf: {
    before: TREE(`CREATE TABLE p_1a PARTITION OF p_1 FOR VALUES IN (1);`),
    after: TREE(`CREATE TABLE p_1a PARTITION OF p_1 FOR VALUES IN (1); CREATE TABLE p_1b PARTITION OF p_1 FOR VALUES IN (2);`),
  },
});

describe("a partition of a table a foreign key references", () => {
  it("created: the downgrade detaches it before dropping it", async () => {
    const result = await shared.of("created");
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toEqual(["createTable"]);
  });

  it("dropped: detached, then dropped; the referencing row into another partition stays", async () => {
    const result = await shared.of("dropped");
    expect(result.upgradeSql).toEqual(
      [`ALTER TABLE "public"."p" DETACH PARTITION "public"."p_2"`, `DROP TABLE "public"."p_2"`].map(shared.in("dropped")),
    );
    expectRoundTrip(result);
  });

  it("a leaf of a sub-partitioned table: the downgrade detaches it from its own parent", async () => {
    expectRoundTrip(await shared.of("leaf"));
  });

  it(`the shared round trip (${shared.names}): A reaches B and comes back; each statement is one case's`, () => expectShared(shared));
});
