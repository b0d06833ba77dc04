/**
 * A view's options (`security_barrier`, `security_invoker`, `WITH [LOCAL | CASCADED] CHECK OPTION`) and a
 * materialized view's storage parameters, on PostgreSQL 15: compared between databases (a view whose
 * options or column defaults differ is dropped and created again with the target's), and kept when a view is created again
 * for another reason, also where the target does not know them (TypeORM's @ViewEntity cannot give them):
 * before, a recreated view silently lost its check option and security barrier, and a difference of
 * options alone was not seen.
 */
import { expectRoundTrip, roundTrip } from "./catalog-round-trip";

const BASE = "CREATE TABLE t (x int, y int);";

describe("view options on PostgreSQL 15", () => {
  it("adds, changes and removes options, each view dropped and created again with the target's", async () => {
    const before =
      BASE +
      "CREATE VIEW a AS SELECT x FROM t WHERE x > 0;" +
      "CREATE VIEW b WITH (security_barrier) AS SELECT x FROM t WHERE x > 0 WITH LOCAL CHECK OPTION;" +
      "CREATE VIEW c WITH (security_invoker = true) AS SELECT y FROM t;" +
      "CREATE MATERIALIZED VIEW m AS SELECT x FROM t;";
    const after =
      BASE +
      "CREATE VIEW a WITH (security_invoker = true) AS SELECT x FROM t WHERE x > 0 WITH CASCADED CHECK OPTION;" +
      "CREATE VIEW b WITH (security_barrier) AS SELECT x FROM t WHERE x > 0 WITH CASCADED CHECK OPTION;" +
      "CREATE VIEW c AS SELECT y FROM t;" +
      "CREATE MATERIALIZED VIEW m WITH (fillfactor = 70) AS SELECT x FROM t;";
    const result = await roundTrip({ before, after });
    expectRoundTrip(result);
    expect(result.log).toContain("Detected changed options of view 'public.a': dropped and created again");
    expect(result.upgradeSql).toContain(
      `CREATE VIEW "public"."a" WITH ("check_option" = 'cascaded', "security_invoker" = 'true') AS SELECT t.x\n   FROM public.t\n  WHERE (t.x > 0)`,
    );
    expect(result.upgrade.filter((op) => op.kind === "createView")).toHaveLength(4);
  });

  it("changes a view's column defaults (ALTER VIEW ... SET DEFAULT), the view dropped and created again with the target's", async () => {
    const view = "CREATE VIEW v AS SELECT x, y FROM t; CREATE VIEW w AS SELECT * FROM v;";
    const result = await roundTrip({
      before: `${BASE} ${view} ALTER VIEW v ALTER COLUMN x SET DEFAULT 1;`,
      after: `${BASE} ${view} ALTER VIEW v ALTER COLUMN y SET DEFAULT 2; ALTER VIEW w ALTER COLUMN x SET DEFAULT 3;`,
    });
    expectRoundTrip(result);
    expect(result.log).toContain("Detected changed column defaults of view 'public.v': dropped and created again");
    expect(result.log).toContain("Detected changed column defaults of view 'public.w': dropped and created again");
  });

  it.each([
    ["the target a database", false],
    ["the target as the entity side gives it (no options)", true],
  ] as const)("keeps the options of a view created again for its query (%s)", async (_mode, targetAsEntities) => {
    const options = "WITH (security_barrier, security_invoker = true)";
    const result = await roundTrip({
      before: `${BASE} CREATE VIEW v ${options} AS SELECT x FROM t WHERE x > 0 WITH CASCADED CHECK OPTION;`,
      after: `${BASE} CREATE VIEW v ${options} AS SELECT x, y FROM t WHERE x > 0 WITH CASCADED CHECK OPTION;`,
      targetAsEntities,
    });
    expectRoundTrip(result);
    expect(result.upgradeSql.find((sql) => sql.startsWith("CREATE VIEW"))).toMatch(
      /^CREATE VIEW "public"\."v" WITH \("check_option" = 'cascaded', "security_barrier" = 'true', "security_invoker" = 'true'\) AS /,
    );
  });
});
