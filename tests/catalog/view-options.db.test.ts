/**
 * A view's options (`security_barrier`, `security_invoker`, `WITH [LOCAL | CASCADED] CHECK OPTION`) and a
 * materialized view's storage parameters, on PostgreSQL 15: compared between databases (a view whose
 * options or column defaults differ is dropped and created again with the target's), and kept when a view is created again
 * for another reason, also where the target does not know them (TypeORM's @ViewEntity cannot give them):
 * before, a recreated view silently lost its check option and security barrier, and a difference of
 * options alone was not seen.
 *
 * The cases with the target a database share a round trip, a schema each (`sharedRoundTrip`), and assert
 * on their own part.
 */
import { expectRoundTrip, expectShared, roundTrip, sharedRoundTrip } from "./catalog-round-trip";

const BASE = "CREATE TABLE t (x int, y int);";
const VIEWS = "CREATE VIEW v AS SELECT x, y FROM t; CREATE VIEW w AS SELECT * FROM v;";
const KEPT = (columns: string) =>
  `${BASE} CREATE VIEW v WITH (security_barrier, security_invoker = true) AS SELECT ${columns} FROM t WHERE x > 0 WITH CASCADED CHECK OPTION;`;

const shared = sharedRoundTrip({
  options: {
    before:
      BASE +
      "CREATE VIEW a AS SELECT x FROM t WHERE x > 0;" +
      "CREATE VIEW b WITH (security_barrier) AS SELECT x FROM t WHERE x > 0 WITH LOCAL CHECK OPTION;" +
      "CREATE VIEW c WITH (security_invoker = true) AS SELECT y FROM t;" +
      "CREATE MATERIALIZED VIEW m AS SELECT x FROM t;",
    after:
      BASE +
      "CREATE VIEW a WITH (security_invoker = true) AS SELECT x FROM t WHERE x > 0 WITH CASCADED CHECK OPTION;" +
      "CREATE VIEW b WITH (security_barrier) AS SELECT x FROM t WHERE x > 0 WITH CASCADED CHECK OPTION;" +
      "CREATE VIEW c AS SELECT y FROM t;" +
      "CREATE MATERIALIZED VIEW m WITH (fillfactor = 70) AS SELECT x FROM t;",
  },
  columnDefaults: {
    before: `${BASE} ${VIEWS} ALTER VIEW v ALTER COLUMN x SET DEFAULT 1;`,
    after: `${BASE} ${VIEWS} ALTER VIEW v ALTER COLUMN y SET DEFAULT 2; ALTER VIEW w ALTER COLUMN x SET DEFAULT 3;`,
  },
  kept: { before: KEPT("x"), after: KEPT("x, y") },
});

describe("view options on PostgreSQL 15", () => {
  it(`in one round trip: ${shared.names}`, async () => {
    await expectShared(shared);
  });

  it("adds, changes and removes options, each view dropped and created again with the target's", async () => {
    const [result, own] = [await shared.of("options"), shared.in("options")];
    expectRoundTrip(result);
    expect(result.log).toContain(own("Detected changed options of view 'public.a': dropped and created again"));
    expect(result.upgradeSql).toContain(
      own(`CREATE VIEW "public"."a" WITH ("check_option" = 'cascaded', "security_invoker" = 'true') AS SELECT t.x\n   FROM public.t\n  WHERE (t.x > 0)`),
    );
    expect(result.upgrade.filter((op) => op.kind === "createView")).toHaveLength(4);
  });

  it("changes a view's column defaults (ALTER VIEW ... SET DEFAULT), the view dropped and created again with the target's", async () => {
    const [result, own] = [await shared.of("columnDefaults"), shared.in("columnDefaults")];
    expectRoundTrip(result);
    expect(result.log).toContain(own("Detected changed column defaults of view 'public.v': dropped and created again"));
    expect(result.log).toContain(own("Detected changed column defaults of view 'public.w': dropped and created again"));
  });

  // With the target as the entity side gives it, alone: its options differ (`targetAsEntities`).
  it.each([
    ["the target a database", false],
    ["the target as the entity side gives it (no options)", true],
  ] as const)("keeps the options of a view created again for its query (%s)", async (_mode, targetAsEntities) => {
    const [result, own] = targetAsEntities
      ? [await roundTrip({ before: KEPT("x"), after: KEPT("x, y"), targetAsEntities }), (text: string) => text]
      : [await shared.of("kept"), shared.in("kept")];
    expectRoundTrip(result);
    expect(result.upgradeSql.find((sql) => sql.startsWith("CREATE VIEW"))).toMatch(
      new RegExp(own(String.raw`^CREATE VIEW "public"\."v" WITH \("check_option" = 'cascaded', "security_barrier" = 'true', "security_invoker" = 'true'\) AS `)),
    );
  });
});
