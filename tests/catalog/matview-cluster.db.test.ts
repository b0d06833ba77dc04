/**
 * A materialized view's CLUSTER index (`ALTER TABLE mv CLUSTER ON i`, `indisclustered` on one of its
 * indexes), as a table's: compared between databases and changed in place (never by creating the view
 * again), kept as the database has it in entity mode (entities never say it), and never lost: a view
 * created again (for a new query, or by the downgrade of a drop) sets it once its indexes are there, and an
 * index it names that the migration drops and creates again has it taken back before and set again after.
 * An index dropped for good takes it along. Each case runs on PostgreSQL 15 against pg_dump, which prints
 * `ALTER TABLE ... CLUSTER ON ...` for a materialized view too. Before, it was not read at all.
 */
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { invertAll } from "../../src/ops/invert";
import { compileOperations } from "../../src/sql/compile";
import { expectShared, sharedRoundTrip } from "./catalog-round-trip";

const T = "CREATE TABLE t (a int, b int);";

/** Table t and materialized view mv over it (`query`), with indexes mv_a (on `aKeys`) and mv_b. */
const mv = (query = "SELECT a, b FROM t", aKeys = "a") =>
  `${T} CREATE MATERIALIZED VIEW mv AS ${query}; CREATE INDEX mv_a ON mv (${aKeys}); CREATE INDEX mv_b ON mv (b);`;

const clusterOn = (index: string) => `ALTER TABLE mv CLUSTER ON ${index};`;

/** mv without index mv_a. */
const withoutA = `${T} CREATE MATERIALIZED VIEW mv AS SELECT a, b FROM t; CREATE INDEX mv_b ON mv (b);`;

/** mv with index mv_a renamed mv_a2 (same definition), clustered on it. */
const renamedA = `${T} CREATE MATERIALIZED VIEW mv AS SELECT a, b FROM t; CREATE INDEX mv_a2 ON mv (a); CREATE INDEX mv_b ON mv (b); ${clusterOn("mv_a2")}`;

const NEW_QUERY = "SELECT a, b FROM t WHERE a > 0";

/** The statements of the derived downgrade of a case's upgrade. */
const downgradeSql = (result: { readonly upgrade: Parameters<typeof invertAll>[0] }) =>
  compileOperations(invertAll(result.upgrade)).map((s) => s.sql);

const withoutDoBlocks = (sql: readonly string[]) => sql.filter((statement) => !statement.startsWith("DO "));

describe("between databases: compared and changed in place", () => {
  const group = sharedRoundTrip({
    set: { before: mv(), after: `${mv()} ${clusterOn("mv_a")}` },
    changed: { before: `${mv()} ${clusterOn("mv_a")}`, after: `${mv()} ${clusterOn("mv_b")}` },
    unset: { before: `${mv()} ${clusterOn("mv_b")}`, after: mv() },
    created: { before: T, after: `${mv()} ${clusterOn("mv_a")}` },
    dropped: { before: `${mv()} ${clusterOn("mv_a")}`, after: T },
    requery: { before: `${mv()} ${clusterOn("mv_a")}`, after: `${mv(NEW_QUERY)} ${clusterOn("mv_a")}` },
    indexRecreated: { before: `${mv()} ${clusterOn("mv_a")}`, after: `${mv(undefined, "a, b")} ${clusterOn("mv_a")}` },
    indexDropped: { before: `${mv()} ${clusterOn("mv_a")}`, after: withoutA },
    indexRenamed: { before: `${mv()} ${clusterOn("mv_a")}`, after: renamedA },
  });

  it(group.names, async () => {
    await expectShared(group);
  });

  it("sets, changes and unsets it with ALTER TABLE, the view staying", async () => {
    const set = await group.of("set");
    expect(set.upgradeSql).toEqual([expect.stringMatching(/^ALTER TABLE "s\d+"\."mv" CLUSTER ON "mv_a"$/)]);
    expect(set.log).toEqual([expect.stringMatching(/^Detected changed CLUSTER index of materialized view 's\d+\.mv' \(none to mv_a\)$/)]);
    // From one index to another in two statements, as a table's.
    expect((await group.of("changed")).upgradeSql).toEqual([
      expect.stringMatching(/^ALTER TABLE "s\d+"\."mv" SET WITHOUT CLUSTER$/),
      expect.stringMatching(/^ALTER TABLE "s\d+"\."mv" CLUSTER ON "mv_b"$/),
    ]);
    expect((await group.of("unset")).upgradeSql).toEqual([expect.stringMatching(/^ALTER TABLE "s\d+"\."mv" SET WITHOUT CLUSTER$/)]);
    expect((await group.of("indexRenamed")).upgrade.map((op) => op.kind)).toEqual(["renameIndex"]);
  });

  it("a view created, created again for a new query, or by the downgrade of its drop, sets it after its indexes", async () => {
    const afterIndexes = [
      expect.stringMatching(/^CREATE MATERIALIZED VIEW "s\d+"\."mv"/),
      expect.stringMatching(/^CREATE INDEX "mv_a"/),
      expect.stringMatching(/^CREATE INDEX "mv_b"/),
      expect.stringMatching(/^ALTER TABLE "s\d+"\."mv" CLUSTER ON "mv_a"$/),
    ];
    expect((await group.of("created")).upgradeSql).toEqual(afterIndexes);
    const requery = await group.of("requery");
    // Its owner and grants are set again after (DO blocks).
    expect(withoutDoBlocks(requery.upgradeSql)).toEqual([expect.stringMatching(/^DROP MATERIALIZED VIEW/), ...afterIndexes]);
    expect(requery.upgrade.filter((op) => op.kind === "alterClusterOn")).toEqual([]);
    expect(withoutDoBlocks(downgradeSql(requery))).toEqual([expect.stringMatching(/^DROP MATERIALIZED VIEW/), ...afterIndexes]);
    const dropped = await group.of("dropped");
    expect(dropped.upgradeSql).toEqual([expect.stringMatching(/^DROP MATERIALIZED VIEW "s\d+"\."mv"$/)]);
    expect(withoutDoBlocks(downgradeSql(dropped))).toEqual(afterIndexes);
  });

  it("an index it names is re-created with it taken back before and set after; dropped for good, unset", async () => {
    expect((await group.of("indexRecreated")).upgradeSql).toEqual([
      expect.stringMatching(/SET WITHOUT CLUSTER$/),
      expect.stringMatching(/^DROP INDEX "s\d+"\."mv_a"$/),
      expect.stringMatching(/^CREATE INDEX "mv_a"/),
      expect.stringMatching(/^ALTER TABLE "s\d+"\."mv" CLUSTER ON "mv_a"$/),
    ]);
    const dropped = await group.of("indexDropped");
    expect(dropped.upgradeSql).toEqual([expect.stringMatching(/SET WITHOUT CLUSTER$/), expect.stringMatching(/^DROP INDEX "s\d+"\."mv_a"$/)]);
    expect(dropped.log).toEqual([
      expect.stringMatching(/^Detected removed index 'mv_a' on 's\d+\.mv'$/),
      expect.stringMatching(/^The CLUSTER index of materialized view 's\d+\.mv' \(mv_a\) goes with index 'mv_a', which this migration drops/),
    ]);
  });
});

describe("in entity mode: kept as the database has it", () => {
  const group = sharedRoundTrip(
    {
      untouched: { before: `${mv()} ${clusterOn("mv_a")}`, after: `${mv()} ${clusterOn("mv_a")}` },
      requery: { before: `${mv()} ${clusterOn("mv_b")}`, after: `${mv(NEW_QUERY)} ${clusterOn("mv_b")}` },
      indexRecreated: { before: `${mv()} ${clusterOn("mv_a")}`, after: `${mv(undefined, "a, b")} ${clusterOn("mv_a")}` },
      indexRenamed: { before: `${mv()} ${clusterOn("mv_a")}`, after: renamedA },
      indexDropped: { before: `${mv()} ${clusterOn("mv_a")}`, after: withoutA },
      // Created again for a new query without the index it names: it goes with the old view.
      requeryWithoutIndex: {
        before: `${mv()} ${clusterOn("mv_a")}`,
        after: `${T} CREATE MATERIALIZED VIEW mv AS ${NEW_QUERY}; CREATE INDEX mv_b ON mv (b);`,
      },
    },
    { options: { manage: ENTITY_MANAGED_KINDS }, targetAsEntities: true },
  );

  it(group.names, async () => {
    await expectShared(group);
    expect((await group.of("untouched")).upgrade).toEqual([]);
    expect((await group.of("indexRenamed")).upgrade.map((op) => op.kind)).toEqual(["renameIndex"]);
  });

  it("a view created again for a new query, and an index it names re-created, keep it", async () => {
    expect((await group.of("requery")).upgradeSql).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ALTER TABLE "s\d+"\."mv" CLUSTER ON "mv_b"$/)]),
    );
    expect((await group.of("indexRecreated")).upgradeSql).toEqual([
      expect.stringMatching(/SET WITHOUT CLUSTER$/),
      expect.stringMatching(/^DROP INDEX "s\d+"\."mv_a"$/),
      expect.stringMatching(/^CREATE INDEX "mv_a"/),
      expect.stringMatching(/^ALTER TABLE "s\d+"\."mv" CLUSTER ON "mv_a"$/),
    ]);
  });

  it("the index it names dropped for good, or missing from the view created again: let go, said in the log", async () => {
    const dropped = await group.of("indexDropped");
    expect(dropped.upgradeSql).toEqual([expect.stringMatching(/SET WITHOUT CLUSTER$/), expect.stringMatching(/^DROP INDEX "s\d+"\."mv_a"$/)]);
    expect(dropped.log).toEqual(expect.arrayContaining([expect.stringMatching(/^Index 'mv_a' of materialized view 's\d+\.mv' is dropped, and CLUSTER ON it with it$/)]));
    const requery = await group.of("requeryWithoutIndex");
    expect(requery.upgradeSql.filter((sql) => sql.includes("CLUSTER"))).toEqual([]);
    expect(requery.log).toEqual(expect.arrayContaining([expect.stringMatching(/^Index 'mv_a' of materialized view 's\d+\.mv' is dropped, and CLUSTER ON it with it$/)]));
    expect(downgradeSql(requery)).toEqual(expect.arrayContaining([expect.stringMatching(/^ALTER TABLE "s\d+"\."mv" CLUSTER ON "mv_a"$/)]));
  });
});
