/**
 * A partitioned table or an inheritance parent renamed: PostgreSQL keeps its children by oid, so RENAME is
 * all it takes. The comparator's model of the database after the rename still named the old parent in each
 * child (partitionOf, inherits), saw each child change parent, and detached and attached again every
 * partition (a validation scan of each under lock) or took every child out of its parent and put it back.
 * On PostgreSQL 15, judged by pg_dump, with the rows kept.
 */
import type { RenameResolver } from "../../src/compare";
import { expectRoundTrip, roundTrip } from "./catalog-round-trip";

/** Every table deleted and created is a rename, in order. */
const renames: RenameResolver = {
  resolveTables: ({ created, deleted }) => ({ created: [], renamed: deleted.map((from, i) => ({ from: { ...from }, to: { ...created[i]! } })), deleted: [] }),
  resolveColumns: ({ created, deleted }) => ({ created: [...created], renamed: [], deleted: [...deleted] }),
};

describe("a parent renamed", () => {
  it("partitioned: its partitions stay attached, with their rows", async () => {
    const tree = (parent: string) =>
      `CREATE TABLE ${parent} (id int, k int) PARTITION BY LIST (k);
       CREATE TABLE p_1 PARTITION OF ${parent} FOR VALUES IN (1) PARTITION BY LIST (id);
       CREATE TABLE p_1_1 PARTITION OF p_1 FOR VALUES IN (1);
       CREATE TABLE p_2 PARTITION OF ${parent} FOR VALUES IN (2);`;
    const result = await roundTrip({
      before: `${tree("p")} INSERT INTO p VALUES (1, 1), (2, 2);`,
      after: tree("q"),
      options: { renames },
      rows: "SELECT * FROM p_1_1 UNION ALL SELECT * FROM p_2 ORDER BY 1",
    });
    expect(result.upgradeSql).toEqual([`ALTER TABLE "public"."p" RENAME TO "q"`]);
    expectRoundTrip(result);
    expect(result.rows!.upgraded).toEqual(result.rows!.original);
  });

  it("by inheritance: its children keep inheriting, with their rows", async () => {
    const tree = (parent: string) =>
      `CREATE TABLE ${parent} (id int, note text DEFAULT 'n');
       CREATE TABLE c_1 (extra int) INHERITS (${parent});
       CREATE TABLE c_2 () INHERITS (${parent});`;
    const result = await roundTrip({
      before: `${tree("b")} INSERT INTO c_1 VALUES (1, 'x', 5);`,
      after: tree("base"),
      options: { renames },
      rows: "SELECT * FROM c_1",
    });
    expect(result.upgradeSql).toEqual([`ALTER TABLE "public"."b" RENAME TO "base"`]);
    expectRoundTrip(result);
    expect(result.rows!.upgraded).toEqual(result.rows!.original);
  });
});
