/**
 * Extended statistics objects (`CREATE STATISTICS`) on PostgreSQL 15: created (with kinds, expressions,
 * a target, in another schema than their table), changed (dropped and created again), dropped, database
 * to database, each with its derived downgrade; and, managed or not, kept through what the migration
 * does to their columns: PostgreSQL rebuilds one on a retyped column without its statistics target (lost
 * silently before), and drops one with a column it covers (then it goes, and the downgrade brings it back).
 *
 * The comments' cases compared without options share a round trip, a schema each (`sharedRoundTrip`), and
 * assert on their own part.
 */
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { expectRoundTrip, expectShared, roundTrip, sharedRoundTrip } from "./catalog-round-trip";

const BASE = "CREATE SCHEMA stats; CREATE TABLE t (a int, b int, c text, d int);";
const STATS = `
  CREATE STATISTICS t_ab (ndistinct, dependencies) ON a, b FROM t;
  ALTER STATISTICS t_ab SET STATISTICS 500;
  CREATE STATISTICS stats.t_expr ON (a + b), c FROM t;
`;

const COMMENTED_BASE = "CREATE TABLE t (a int, b int); CREATE VIEW v AS SELECT a FROM t; CREATE TABLE l (a int);";
const COMMENTED =
  "CREATE RULE v_ins AS ON INSERT TO v DO INSTEAD INSERT INTO t (a) VALUES (NEW.a); COMMENT ON RULE v_ins ON v IS 'writes through';" +
  "CREATE STATISTICS t_ab ON a, b FROM t; COMMENT ON STATISTICS t_ab IS 'correlated';";
/** The view's query changes and t.a is retyped: the rule and the statistics object are created again. */
const RECREATED = (COMMENTED_BASE + COMMENTED).replace("SELECT a FROM t", "SELECT a, b FROM t").replace("t (a int, b int)", "t (a bigint, b int)");

/**
 * The comments' cases compared without options, in one round trip. Alone: the retype cases, whose
 * statistics object sits in a schema of its own (`stats`); the comments' recreated case in entity mode; the
 * columns in another order, whose A does not dump as B by design (pg_dump prints them in the table's order).
 */
const shared = sharedRoundTrip({
  commentsAdded: { before: COMMENTED_BASE + COMMENTED.replace(/COMMENT ON [^;]*;/g, ""), after: COMMENTED_BASE + COMMENTED },
  commentsRecreated: { before: COMMENTED_BASE + COMMENTED, after: RECREATED },
});

it(`in one round trip: ${shared.names}`, async () => {
  await expectShared(shared);
});

describe("extended statistics on PostgreSQL 15", () => {
  // One round trip, a schema per case (and one for each case's object kept in another schema than its
  // table): created, changed, dropped.
  it("creates, changes and drops statistics objects, targets included", async () => {
    const stats = (n: number) => STATS.replace(/stats\.t_expr/g, `x${n}.t_expr`);
    const changed = (n: number) => stats(n).replace("SET STATISTICS 500", "SET STATISTICS 200").replace("ON (a + b), c", "ON (a * b), c");
    const table = "CREATE TABLE t (a int, b int, c text, d int);";
    const cases: Array<[string, string]> = [
      [table, table + stats(0)],
      [table + stats(1), table + changed(1)],
      [table + stats(2), table],
    ];
    const side = (i: 0 | 1) =>
      cases.map((c, n) => `CREATE SCHEMA s${n}; CREATE SCHEMA x${n}; SET search_path = s${n}; ${c[i]}`).join("\n") + "\nRESET search_path;";
    const result = await roundTrip({ before: side(0), after: side(1), schemas: ["s0", "s1", "s2", "x0", "x1", "x2"] });
    expectRoundTrip(result);
    expect(result.upgradeSql).toContain(`ALTER STATISTICS "s0"."t_ab" SET STATISTICS 500`);
    expect(result.log).toContain("Detected added statistics 'x0.t_expr' on 's0.t'");
    const kinds = (schema: string) =>
      result.upgrade
        .filter((op) => (op.kind === "createStatistics" || op.kind === "dropStatistics") && [`s${schema}`, `x${schema}`].includes(op.statistics.schema))
        .map((op) => op.kind);
    expect(kinds("1")).toEqual(["dropStatistics", "dropStatistics", "createStatistics", "createStatistics"]);
    expect(result.upgradeSql).toContain(`DROP STATISTICS "x2"."t_expr"`);
  });

  it.each([
    ["managed", {}],
    ["not managed (entity mode)", { manage: ENTITY_MANAGED_KINDS }],
  ] as const)("%s: keeps a statistics object's target through a retyped column, and lets one go with a dropped column", async (_mode, options) => {
    const after = (BASE + STATS).replace("a int, b int, c text, d int", "a bigint, b int, c text");
    const result = await roundTrip({
      before: BASE + STATS + "CREATE STATISTICS t_cd ON c, d FROM t;",
      after,
      options,
      schemas: ["public", "stats"],
    });
    // t_ab and t_expr: dropped before the retype of a and created again after, t_ab with its target;
    // t_cd goes with d.
    expectRoundTrip(result);
    const sql = result.upgradeSql;
    expect(sql.indexOf(`DROP STATISTICS "public"."t_ab"`)).toBeLessThan(sql.findIndex((s) => /ALTER COLUMN "a" TYPE bigint/.test(s)));
    expect(sql.indexOf(`ALTER STATISTICS "public"."t_ab" SET STATISTICS 500`)).toBeGreaterThan(sql.findIndex((s) => /ALTER COLUMN "a" TYPE bigint/.test(s)));
    expect(sql).toContain(`DROP STATISTICS "public"."t_cd"`);
  });

  // pg_get_statisticsobjdef prints the columns in their table's order (stxkeys is sorted by attnum), which
  // is the table's history, not the object's: `ON a, b` printed `ON b, a` where `a` was added after `b`
  // (or dropped and added again, as a derived downgrade does), and two databases that differed only there
  // compared as a changed object, dropped and created again on every diff. The columns are read in name
  // order now, the expressions after them as printed.
  it("a statistics object on columns that are in another order in the table is no difference", async () => {
    const table = (columns: string) => `CREATE TABLE t (${columns}, c int);`;
    const stats = `CREATE STATISTICS t_ab ON a, "Bee" FROM t; CREATE STATISTICS t_kinds (ndistinct, mcv) ON a, "Bee", (a + c) FROM t;`;
    const result = await roundTrip({ before: table(`"Bee" int, a int`) + stats, after: table(`a int, "Bee" int`) + stats });
    expect(result.upgrade).toEqual([]);
  });
});

describe("comments on rules and statistics objects", () => {
  it("are compared, and come back when their object is created again", async () => {
    const added = await shared.of("commentsAdded");
    expectRoundTrip(added);
    expect(added.upgradeSql).toContain(shared.in("commentsAdded")(`COMMENT ON RULE "v_ins" ON "public"."v" IS 'writes through'`));
    expect(added.upgradeSql).toContain(shared.in("commentsAdded")(`COMMENT ON STATISTICS "public"."t_ab" IS 'correlated'`));
    // The view's query changes and t.a is retyped: the rule and the statistics object are created again, with their comments.
    for (const recreated of [
      await shared.of("commentsRecreated"),
      await roundTrip({ before: COMMENTED_BASE + COMMENTED, after: RECREATED, options: { manage: ENTITY_MANAGED_KINDS } }),
    ]) {
      expectRoundTrip(recreated);
      expect(recreated.upgrade.map((op) => op.kind)).toEqual(expect.arrayContaining(["createRule", "createStatistics", "setComment"]));
    }
  });
});
