/**
 * A column of a partitioned table's key renamed: PostgreSQL keeps the key by column number, so RENAME COLUMN
 * on the parent (which reaches every partition) is all it takes. The comparator compared the key's text,
 * which names the column, saw a new key and dropped and created the parent again (every partition detached
 * and attached, its indexes rebuilt): on a production table, hours of locks for a rename. On PostgreSQL 15,
 * judged by pg_dump, with the rows kept.
 *
 * The cases with the same resolver share a round trip, a schema each (`sharedRoundTrip`): it answers each
 * table's question from that table's columns alone, so no case's pairs take in another's columns.
 */
import type { RenameResolver } from "../../src/compare/compare-options";
import { expectRoundTrip, expectShared, roundTrip, sharedRoundTrip } from "./catalog-round-trip";

/** Every column deleted and created is a rename, in order; tables are never renamed. */
const renames: RenameResolver = {
  resolveTables: ({ created, deleted }) => ({ created: [...created], renamed: [], deleted: [...deleted] }),
  resolveColumns: ({ created, deleted }) => ({ created: [], renamed: deleted.map((from, i) => ({ from, to: created[i]! })), deleted: [] }),
};

const TREE = (at: string, key: string) =>
  `CREATE TABLE m (id int, ${at} date NOT NULL, b int) PARTITION BY ${key};
   CREATE TABLE m_2020 PARTITION OF m FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
   CREATE TABLE m_2021 PARTITION OF m FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');
   CREATE INDEX m_b_idx ON m (b);`;
const ROWS = "INSERT INTO m (id, at, b) VALUES (1, '2020-05-05', 7), (2, '2021-06-06', 8);";

const BY_DATE = (from: string, to: string) => `FROM ('${from}') TO ('${to}')`;
const BY_B = (from: string, to: string) => `FROM ('${from}', 0) TO ('${to}', 100)`;
/** A table of one partition, its key `at` (`BY_DATE`) or `at, b` (`BY_B`). */
const TWO = (at: string, bound: (from: string, to: string) => string) =>
  `CREATE TABLE m (id int, ${at} date NOT NULL, b int NOT NULL) PARTITION BY RANGE (${at}${bound === BY_B ? ", b" : ""});
   CREATE TABLE m_2020 PARTITION OF m FOR VALUES ${bound("2020-01-01", "2021-01-01")};`;

const shared = sharedRoundTrip(
  {
    inPlace: { before: TREE("at", "RANGE (at)") + ROWS, after: TREE('"createdAt"', 'RANGE ("createdAt")'), rows: "SELECT id, b FROM m ORDER BY id" },
    inExpression: { before: TREE("at", "RANGE ((at + 1))"), after: TREE('"createdAt"', 'RANGE (("createdAt" + 1))') },
    keyChanged: {
      before: TWO("at", BY_DATE) + "INSERT INTO m (id, at, b) VALUES (1, '2020-05-05', 7);",
      after: TWO('"createdAt"', BY_B),
      rows: "SELECT id, b FROM m ORDER BY id",
    },
  },
  { options: { renames } },
);

describe("a partition key column renamed", () => {
  it(`in one round trip: ${shared.names}`, async () => {
    await expectShared(shared);
  });

  it("is renamed in place: no partition detached, no table dropped", async () => {
    const result = await shared.of("inPlace");
    expect(result.upgradeSql).toEqual([shared.in("inPlace")(`ALTER TABLE "public"."m" RENAME COLUMN "at" TO "createdAt"`)]);
    expectRoundTrip(result);
    expect(result.rows!.upgraded).toEqual(result.rows!.original);
  });

  it("in an expression of the key, renamed in place too", async () => {
    const result = await shared.of("inExpression");
    expect(result.upgradeSql).toEqual([shared.in("inExpression")(`ALTER TABLE "public"."m" RENAME COLUMN "at" TO "createdAt"`)]);
    expectRoundTrip(result);
  });

  // Alone: it counts the questions about table m, which every case has.
  it("asks the rename question once", async () => {
    const questions: string[] = [];
    const counting: RenameResolver = {
      resolveTables: (question) => renames.resolveTables(question),
      resolveColumns: (question) => {
        questions.push(question.table.name);
        return renames.resolveColumns(question);
      },
    };
    const result = await roundTrip({ before: TREE("at", "RANGE (at)"), after: TREE('"createdAt"', 'RANGE ("createdAt")'), options: { renames: counting } });
    expectRoundTrip(result);
    // The round trip compares three times (upgrade, what remains, ...): once per comparison.
    expect(questions.filter((name) => name === "m")).toHaveLength(1);
  });

  it("with the key changed too, the table is created again under the new names, rows kept", async () => {
    const result = await shared.of("keyChanged");
    expectRoundTrip(result);
    expect(result.rows!.upgraded).toEqual([{ id: 1, b: 7 }]);
    expect(result.rows!.downgraded).toEqual(result.rows!.original);
  });
});
