/**
 * A table's REPLICA IDENTITY (DEFAULT, FULL, NOTHING, USING INDEX) and CLUSTER index (`CLUSTER ON`):
 * compared between databases, kept as the database has them in entity mode (entities never say them),
 * and never lost when a migration drops and creates again the index they name or their table: set again
 * after the create, in the upgrade and in the derived downgrade. An index dropped for good leaves the
 * table with REPLICA IDENTITY NOTHING (as PostgreSQL does), explicitly, and its CLUSTER mark goes. Each
 * case runs on PostgreSQL 15 against pg_dump, which prints `ALTER TABLE ONLY ... REPLICA IDENTITY ...`
 * and `ALTER TABLE ... CLUSTER ON ...`.
 *
 * The cases compared the same way share a round trip, a schema each (`sharedRoundTrip`): those between
 * databases, and those in entity mode (whose renamed table is answered for in its own schema only).
 */
import { compare } from "../../src/compare";
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { invertAll } from "../../src/ops/invert";
import type { Operation } from "../../src/ops/operation";
import { safeSteps } from "../../src/safe/safe-form";
import { applyOperations } from "../support/apply";
import { pgDumpAsync } from "../support/pg-dump";
import { createTestDatabase } from "../support/test-db";
import { asEntitySide, expectRoundTrip, expectShared, readModel, renamedIn, sharedRoundTrip } from "./catalog-round-trip";

/** A table with a primary key and two unique indexes an identity may use (their columns NOT NULL). */
const TABLE = "CREATE TABLE t (id int PRIMARY KEY, a int NOT NULL, b int NOT NULL, c text);";
const T = `${TABLE} CREATE UNIQUE INDEX t_a ON t (a); CREATE UNIQUE INDEX t_b ON t (b);`;

/** Table t's REPLICA IDENTITY USING INDEX `identity` and CLUSTER ON `cluster`. */
const marks = (identity: string, cluster = identity) =>
  `ALTER TABLE t REPLICA IDENTITY USING INDEX ${identity}; ALTER TABLE t CLUSTER ON ${cluster};`;

/**
 * The cases compared between databases with the default options, in one round trip (a schema each):
 * changed, kept through an index they name dropped and created again, and through an index renamed.
 */
const between = sharedRoundTrip({
  full: { before: T, after: `${T} ALTER TABLE t REPLICA IDENTITY FULL;` },
  fullToNothing: { before: `${T} ALTER TABLE t REPLICA IDENTITY FULL;`, after: `${T} ALTER TABLE t REPLICA IDENTITY NOTHING;` },
  nothingToDefault: { before: `${T} ALTER TABLE t REPLICA IDENTITY NOTHING;`, after: T },
  usingIndex: { before: T, after: `${T} ALTER TABLE t REPLICA IDENTITY USING INDEX t_a;` },
  newIndex: { before: TABLE, after: `${T} ${marks("t_a", "t_b")}` },
  usingIndexToFull: {
    before: `${T} ALTER TABLE t REPLICA IDENTITY USING INDEX t_a;`,
    after: `${T} ALTER TABLE t REPLICA IDENTITY FULL;`,
  },
  otherIndex: {
    before: `${T} ALTER TABLE t REPLICA IDENTITY USING INDEX t_a;`,
    after: `${T} ALTER TABLE t REPLICA IDENTITY USING INDEX t_b;`,
  },
  uniqueKey: {
    before: "CREATE TABLE t (a int NOT NULL, CONSTRAINT t_a_key UNIQUE (a));",
    after: "CREATE TABLE t (a int NOT NULL, CONSTRAINT t_a_key UNIQUE (a)); ALTER TABLE t REPLICA IDENTITY USING INDEX t_a_key;",
  },
  clusterOn: { before: T, after: `${T} ALTER TABLE t CLUSTER ON t_a;` },
  otherCluster: { before: `${T} ALTER TABLE t CLUSTER ON t_a;`, after: `${T} ALTER TABLE t CLUSTER ON t_pkey;` },
  withoutCluster: { before: `${T} ALTER TABLE t CLUSTER ON t_b;`, after: T },
  createdTable: { before: "", after: `${T} ${marks("t_a", "t_b")}` },
  droppedTable: { before: `${T} ${marks("t_a", "t_b")}`, after: "" },
  droppedIndex: { before: `${T} ${marks("t_a")}`, after: `${TABLE} CREATE UNIQUE INDEX t_b ON t (b);` },
  columnsChange: {
    before: `${T} ${marks("t_a")}`,
    after: `${TABLE} CREATE UNIQUE INDEX t_a ON t (a, b); CREATE UNIQUE INDEX t_b ON t (b); ${marks("t_a")}`,
  },
  orderChange: {
    before: `${T} ${marks("t_b")}`,
    after: `${TABLE} CREATE UNIQUE INDEX t_a ON t (a); CREATE UNIQUE INDEX t_b ON t (b DESC); ${marks("t_b")}`,
  },
  uniqueKeyChange: {
    before: `CREATE TABLE t (a int NOT NULL, b int NOT NULL, CONSTRAINT t_k UNIQUE (a)); ${marks("t_k")}`,
    after: `CREATE TABLE t (a int NOT NULL, b int NOT NULL, CONSTRAINT t_k UNIQUE (a, b)); ${marks("t_k")}`,
  },
  // PostgreSQL rebuilds the index itself on a retype, and keeps both marks: nothing to do.
  retypedColumn: {
    before: `CREATE TABLE t (a int NOT NULL); CREATE UNIQUE INDEX t_a ON t (a); ${marks("t_a")}`,
    after: `CREATE TABLE t (a bigint NOT NULL); CREATE UNIQUE INDEX t_a ON t (a); ${marks("t_a")}`,
  },
  partitionKey: {
    before:
      "CREATE TABLE p (a int, b int) PARTITION BY RANGE (a); ALTER TABLE p REPLICA IDENTITY FULL; " +
      "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10); ALTER TABLE p1 REPLICA IDENTITY FULL;",
    after:
      "CREATE TABLE p (a int, b int) PARTITION BY RANGE (b); ALTER TABLE p REPLICA IDENTITY FULL; " +
      "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10); ALTER TABLE p1 REPLICA IDENTITY FULL;",
  },
  renamed: {
    before: `CREATE TABLE t (a int NOT NULL); CREATE UNIQUE INDEX t_a ON t (a); ${marks("t_a")}`,
    after: `CREATE TABLE t (a int NOT NULL); CREATE UNIQUE INDEX t_a2 ON t (a); ${marks("t_a2")}`,
  },
});

describe("between databases: compared and changed", () => {
  it(`in one round trip: ${between.names}`, async () => {
    await expectShared(between);
  });

  it("says each change and writes the statements", async () => {
    expect((await between.of("full")).upgradeSql).toEqual([expect.stringMatching(/^ALTER TABLE "s\d+"\."t" REPLICA IDENTITY FULL$/)]);
    expect((await between.of("full")).log).toEqual([
      expect.stringMatching(/^Detected changed replica identity of table 's\d+\.t' \(DEFAULT to FULL\)$/),
    ]);
    expect((await between.of("fullToNothing")).upgradeSql).toEqual([expect.stringMatching(/REPLICA IDENTITY NOTHING$/)]);
    expect((await between.of("nothingToDefault")).upgradeSql).toEqual([expect.stringMatching(/REPLICA IDENTITY DEFAULT$/)]);
    expect((await between.of("usingIndex")).upgradeSql).toEqual([expect.stringMatching(/REPLICA IDENTITY USING INDEX "t_a"$/)]);
    expect((await between.of("otherIndex")).upgradeSql).toEqual([
      expect.stringMatching(/REPLICA IDENTITY DEFAULT$/),
      expect.stringMatching(/REPLICA IDENTITY USING INDEX "t_b"$/),
    ]);
    expect((await between.of("clusterOn")).upgradeSql).toEqual([expect.stringMatching(/^ALTER TABLE "s\d+"\."t" CLUSTER ON "t_a"$/)]);
    expect((await between.of("withoutCluster")).upgradeSql).toEqual([
      expect.stringMatching(/^ALTER TABLE "s\d+"\."t" SET WITHOUT CLUSTER$/),
    ]);
  });
});

describe("an index they name, dropped and created again by the migration, keeps them", () => {
  it("columnsChange; orderChange; uniqueKeyChange; retypedColumn; partitionKey", async () => {
    await expectShared(between);
    // Taken back before the drop and set again after the create.
    expect((await between.of("columnsChange")).upgradeSql).toEqual([
      expect.stringMatching(/REPLICA IDENTITY DEFAULT$/),
      expect.stringMatching(/SET WITHOUT CLUSTER$/),
      expect.stringMatching(/^DROP INDEX/),
      expect.stringMatching(/^CREATE UNIQUE INDEX "t_a"/),
      expect.stringMatching(/REPLICA IDENTITY USING INDEX "t_a"$/),
      expect.stringMatching(/CLUSTER ON "t_a"$/),
    ]);
    expect((await between.of("partitionKey")).upgradeSql).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ALTER TABLE "s\d+"\."p" REPLICA IDENTITY FULL$/)]),
    );
  });
});

describe("an index renamed keeps them, as in PostgreSQL", () => {
  it("between databases: nothing to change but the name", async () => {
    await expectShared(between);
    expect((await between.of("renamed")).upgrade.map((op) => op.kind)).toEqual(["renameIndex"]);
  });
});

describe("in entity mode: kept as the database has them", () => {
  const entityMode = { options: { manage: ENTITY_MANAGED_KINDS }, targetAsEntities: true };

  /** In the renamed table's schema (`renamedTable`'s, known once the group is made), the one table gone is renamed to the one new; elsewhere, nothing is renamed. */
  const renames = renamedIn((): string => entities.in("renamedTable")("public"));
  // The identity's index keeps its name (old_t_a), the CLUSTER index is renamed (b_old to b_new).
  const renamedTable = (name: string, clustered: string) =>
    `CREATE TABLE ${name} (a int NOT NULL, b int NOT NULL); CREATE UNIQUE INDEX old_t_a ON ${name} (a); ` +
    `CREATE INDEX ${clustered} ON ${name} (b); ALTER TABLE ${name} REPLICA IDENTITY USING INDEX old_t_a; ` +
    `ALTER TABLE ${name} CLUSTER ON ${clustered};`;

  /** The cases compared in entity mode, in one round trip (a schema each). */
  const entities = sharedRoundTrip(
    {
      index: { before: `${T} ${marks("t_a", "t_b")}`, after: `${T} ${marks("t_a", "t_b")}` },
      full: { before: `${T} ALTER TABLE t REPLICA IDENTITY FULL;`, after: `${T} ALTER TABLE t REPLICA IDENTITY FULL;` },
      renamedTable: { before: renamedTable("old_t", "b_old"), after: renamedTable("new_t", "b_new") },
      columnsChange: {
        before: `${T} ${marks("t_a", "t_b")}`,
        after: `${TABLE} CREATE UNIQUE INDEX t_a ON t (a, b); CREATE UNIQUE INDEX t_b ON t (b, a); ${marks("t_a", "t_b")}`,
      },
      // A key TypeORM names after its columns: dropped, and added under another name.
      primaryKey: {
        before: `CREATE TABLE t (a int NOT NULL, b int NOT NULL, CONSTRAINT t_pkey PRIMARY KEY (a)); ${marks("t_pkey")}`,
        after: `CREATE TABLE t (a int NOT NULL, b int NOT NULL, CONSTRAINT pk_t PRIMARY KEY (a, b)); ${marks("pk_t")}`,
      },
      enumRebuild: {
        before:
          "CREATE TYPE e AS ENUM ('x', 'y', 'z'); CREATE TABLE t (id int PRIMARY KEY, s e NOT NULL, c text); " +
          "CREATE INDEX t_l ON t (s, lower(c)); ALTER TABLE t CLUSTER ON t_l;",
        after:
          "CREATE TYPE e AS ENUM ('x', 'z'); CREATE TABLE t (id int PRIMARY KEY, s e NOT NULL, c text); " +
          "CREATE INDEX t_l ON t (s, lower(c)); ALTER TABLE t CLUSTER ON t_l;",
      },
      dropped: {
        before: `CREATE TABLE t (a int NOT NULL); CREATE UNIQUE INDEX t_a ON t (a); ${marks("t_a")}`,
        after: "CREATE TABLE t (a int NOT NULL); ALTER TABLE t REPLICA IDENTITY NOTHING;",
      },
    },
    { ...entityMode, options: { ...entityMode.options, renames } },
  );

  it(`in one round trip: ${entities.names}`, async () => {
    await expectShared(entities);
  });

  it("untouched, or FULL: no change at all", async () => {
    await expectShared(entities);
    expect((await entities.of("index")).upgrade).toEqual([]);
    expect((await entities.of("full")).upgrade).toEqual([]);
  });

  it("a renamed table, and an index renamed (same definition, another name), keep theirs", async () => {
    const result = await entities.of("renamedTable");
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toEqual(["renameTable", "renameIndex"]);
  });

  it("the index they name re-created for a new column list, a primary key under a new name, an index an enum rebuild re-creates", async () => {
    await expectShared(entities);
    const rebuild = await entities.of("enumRebuild");
    expect(rebuild.upgradeSql).toEqual(expect.arrayContaining([expect.stringMatching(/^DROP INDEX .*"t_l"/)]));
  });

  it("the index they name dropped for good: REPLICA IDENTITY NOTHING, as PostgreSQL leaves it, said and written", async () => {
    await expectShared(entities);
    const result = await entities.of("dropped");
    expect(result.log).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Warning: index 't_a', the REPLICA IDENTITY of table 's\d+\.t', is dropped: the table is left with REPLICA IDENTITY NOTHING/,
        ),
      ]),
    );
    expect(result.upgradeSql).toEqual([
      expect.stringMatching(/REPLICA IDENTITY DEFAULT$/),
      expect.stringMatching(/SET WITHOUT CLUSTER$/),
      expect.stringMatching(/^DROP INDEX/),
      expect.stringMatching(/REPLICA IDENTITY NOTHING$/),
    ]);
  });

  // Alone: the only case compared with partitions alone managed.
  it("a table created again for a new partition key keeps REPLICA IDENTITY FULL (partitions managed)", async () => {
    const full = (key: string) =>
      `CREATE TABLE p (a int, b int) PARTITION BY RANGE (${key}); ALTER TABLE p REPLICA IDENTITY FULL; ` +
      "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10); ALTER TABLE p1 REPLICA IDENTITY NOTHING;";
    const partitions = { ...entityMode, options: { manage: new Set(["partitions"] as const) } };
    await expectShared(sharedRoundTrip({ p: { before: full("a"), after: full("b") } }, partitions));
  });
});

describe("in the lock-safe form (indexes dropped and built CONCURRENTLY, a key added USING INDEX)", () => {
  /** Compares A with B as entities give it, applies the lock-safe upgrade to A, then the lock-safe downgrade. */
  async function safeRoundTrip(before: string, after: string) {
    const [a, b] = await Promise.all([createTestDatabase("ri_a"), createTestDatabase("ri_b")]);
    try {
      await Promise.all([a.query(before), b.query(after)]);
      const dump = (url: string) => pgDumpAsync(url, { ignoreColumnOrder: true });
      const read = (url: string) => readModel(url, ["public"]);
      const [from, to, original, target] = await Promise.all([read(a.url), read(b.url), dump(a.url), dump(b.url)]);
      const upgrade = compare(from, asEntitySide(to), { manage: ENTITY_MANAGED_KINDS }).operations;
      const safely = (ops: readonly Operation[]) => safeSteps(ops).flatMap((step) => step.operations);
      await applyOperations(a.url, safely(upgrade));
      const upgraded = await dump(a.url);
      await applyOperations(a.url, safely(invertAll(upgrade)));
      return { upgrade: safely(upgrade), original, target, upgraded, downgraded: await dump(a.url) };
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  }

  it.each([
    ["an index re-created for a new column list", `${T} ${marks("t_a")}`, `${T.replace("ON t (a)", "ON t (a, b)")} ${marks("t_a")}`],
    [
      "a unique key re-created for a new column list",
      `CREATE TABLE t (a int NOT NULL, b int NOT NULL, CONSTRAINT t_k UNIQUE (a)); ${marks("t_k")}`,
      `CREATE TABLE t (a int NOT NULL, b int NOT NULL, CONSTRAINT t_k UNIQUE (a, b)); ${marks("t_k")}`,
    ],
  ])("%s keeps them", async (_title, before, after) => {
    const result = await safeRoundTrip(before, after);
    expect(result.upgrade.some((op) => (op.kind === "createIndex" || op.kind === "dropIndex") && op.concurrently === true)).toBe(true);
    expect(result.upgraded).toEqual(result.target);
    expect(result.downgraded).toEqual(result.original);
  });
});
