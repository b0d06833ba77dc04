/**
 * NOT NULL on a partitioned table's column: PostgreSQL carries the parent's SET / DROP NOT NULL to every
 * partition, and refuses a partition's DROP NOT NULL while its parent's column is NOT NULL. The derived
 * downgrade of a parent made NOT NULL (by hand, or for the primary key it gains) dropped the partitions'
 * NOT NULL first, and stopped there; a parent dropping NOT NULL left a partition that keeps it without it.
 * On PostgreSQL 15, judged by pg_dump.
 *
 * The cases compared with the default options share one round trip, a schema each (sharedRoundTrip:
 * `public` in what a test expects is its schema).
 */
import type { RenameResolver } from "../../src/compare";
import { expectRoundTrip, expectShared, roundTrip, sharedRoundTrip } from "./catalog-round-trip";

/** `m`, a range partition `m_2020` sub-partitioned by list, `m_2020_1`, with the column `v` as each says. */
const TREE = (parent: string, partition: string, leaf: string) =>
  `CREATE TABLE m (id int, at date, v int ${parent}) PARTITION BY RANGE (at);
   CREATE TABLE m_2020 PARTITION OF m (v ${partition}) FOR VALUES FROM ('2020-01-01') TO ('2021-01-01') PARTITION BY LIST (id);
   CREATE TABLE m_2020_1 PARTITION OF m_2020 (v ${leaf}) FOR VALUES IN (1);
   INSERT INTO m VALUES (1, '2020-02-02', 5);`;
const ROWS = "SELECT * FROM m";
/** `m` with a partition, and a primary key as `key` says. */
const KEYED = (key: string) =>
  `CREATE TABLE m (id int, at date, v int${key}) PARTITION BY RANGE (at);
   CREATE TABLE m_2020 PARTITION OF m FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');`;

const group = sharedRoundTrip({
  set: { before: TREE("", "", ""), after: TREE("NOT NULL", "", ""), rows: ROWS },
  keyed: { before: KEYED(""), after: KEYED(", PRIMARY KEY (id, at)") },
  keptByPartition: { before: TREE("NOT NULL", "", ""), after: TREE("", "", "NOT NULL"), rows: ROWS },
  partitionHadIt: { before: TREE("", "", "NOT NULL"), after: TREE("NOT NULL", "", "NOT NULL"), rows: ROWS },
});

describe("NOT NULL on a partitioned table's column", () => {
  it("set on the parent is one statement, and its downgrade runs", async () => {
    const result = await group.of("set");
    expect(result.upgradeSql).toEqual([group.in("set")(`ALTER TABLE "public"."m" ALTER COLUMN "v" SET NOT NULL`)]);
    expectRoundTrip(result);
    expect(result.rows!.downgraded).toEqual(result.rows!.original);
  });

  it("that a primary key added to the parent needs, and its downgrade runs", async () => {
    const result = await group.of("keyed");
    expect(result.upgradeSql).toEqual(
      [
        `ALTER TABLE "public"."m" ALTER COLUMN "id" SET NOT NULL`,
        `ALTER TABLE "public"."m" ALTER COLUMN "at" SET NOT NULL`,
        `ALTER TABLE "public"."m" ADD CONSTRAINT "m_pkey" PRIMARY KEY ("id", "at")`,
      ].map(group.in("keyed")),
    );
    expectRoundTrip(result);
  });

  it("dropped on the parent but kept by a partition is set on it again after the parent's", async () => {
    const result = await group.of("keptByPartition");
    expect(result.upgradeSql).toEqual(
      [`ALTER TABLE "public"."m" ALTER COLUMN "v" DROP NOT NULL`, `ALTER TABLE "public"."m_2020_1" ALTER COLUMN "v" SET NOT NULL`].map(
        group.in("keptByPartition"),
      ),
    );
    expectRoundTrip(result);
  });

  // The downgrade's DROP NOT NULL on the parent reaches the partition, which had NOT NULL of its own
  // before: the parent's op names it (notNullPartitions), and sets it again.
  it("set on the parent where a partition had it already: the downgrade leaves the partition's", async () => {
    const result = await group.of("partitionHadIt");
    expect(result.upgradeSql).toEqual([group.in("partitionHadIt")(`ALTER TABLE "public"."m" ALTER COLUMN "v" SET NOT NULL`)]);
    expectRoundTrip(result);
  });

  it(`the shared round trip (${group.names}): A reaches B and comes back; each statement is one case's`, async () => {
    await expectShared(group);
  });

  // The same where the migration also renames the parent: the partitions are read under its old name.
  // (Alone: its options hold a rename resolver, which would pair the other cases' tables too.)
  it("set on a parent the migration renames, where a partition had it already: the downgrade leaves the partition's", async () => {
    const renames: RenameResolver = {
      resolveTables: ({ created, deleted }) => ({ created: [], renamed: deleted.map((from, i) => ({ from: { ...from }, to: { ...created[i]! } })), deleted: [] }),
      resolveColumns: ({ created, deleted }) => ({ created: [...created], renamed: [], deleted: [...deleted] }),
    };
    const renamed = (sql: string) => sql.replace(/\bm\b/g, "mm");
    const result = await roundTrip({
      before: TREE("", "", "NOT NULL"),
      after: renamed(TREE("NOT NULL", "", "NOT NULL")),
      rows: "SELECT * FROM m_2020",
      options: { renames },
    });
    expect(result.upgrade.map((op) => op.kind)).toEqual(["renameTable", "alterColumn"]);
    expectRoundTrip(result);
  });
});
