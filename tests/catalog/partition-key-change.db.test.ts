/**
 * A partitioned table whose key changes is dropped and created again, its partitions detached before and
 * attached after, under the bounds of the new key. A partition whose bound changed with the key (as it
 * must, when the key gains a column) was detached and attached twice, once for the new key and once for
 * its new bound: the second DETACH stopped the upgrade ("m_2020 is not a partition of m"). On PostgreSQL
 * 15, judged by pg_dump, with the partition's rows kept.
 */
import { expectRoundTrip, roundTrip } from "./catalog-round-trip";

const TREE = (id: string, key: string, bound: string) =>
  `CREATE TABLE m (id ${id}, at date, b int) PARTITION BY RANGE (${key});
   CREATE TABLE m_2020 PARTITION OF m FOR VALUES ${bound};`;
const BY_DATE = "FROM ('2020-01-01') TO ('2021-01-01')";
const BY_DATE_AND_B = "FROM ('2020-01-01', 0) TO ('2021-01-01', 100)";
const ROWS = "INSERT INTO m (id, at, b) VALUES (1, '2020-05-05', 7), (2, '2020-06-06', 8);";

describe("a partitioned table's key changed", () => {
  it("a partition whose bound changes with it is detached and attached once, its rows kept", async () => {
    const result = await roundTrip({
      before: TREE("int", "at", BY_DATE) + ROWS,
      after: TREE("int", "at, b", BY_DATE_AND_B),
      rows: "SELECT id, b FROM m ORDER BY id",
    });
    expect(result.upgradeSql.filter((sql) => sql.startsWith("ALTER TABLE") && sql.includes("ATTACH PARTITION"))).toEqual([
      `ALTER TABLE "public"."m" ATTACH PARTITION "public"."m_2020" FOR VALUES FROM ('2020-01-01', 0) TO ('2021-01-01', 100)`,
    ]);
    expectRoundTrip(result);
    expect(result.rows!.upgraded).toEqual([{ id: 1, b: 7 }, { id: 2, b: 8 }]);
    expect(result.rows!.downgraded).toEqual(result.rows!.original);
  });

  // The partition's default, nextval of the serial's sequence, which the parent owns and its drop takes
  // along: "cannot drop table m because other objects depend on it".
  it.failing("with a serial column, whose sequence the partitions' defaults use", async () => {
    const result = await roundTrip({
      before: TREE("serial", "at", BY_DATE) + ROWS,
      after: TREE("serial", "at, b", BY_DATE_AND_B),
      rows: "SELECT id, b FROM m ORDER BY id",
    });
    expectRoundTrip(result);
  });
});
