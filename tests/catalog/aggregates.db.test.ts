/**
 * User-defined aggregates on PostgreSQL 15, database to database: created after their support functions
 * and types and before the views that call them, changed in place (`CREATE OR REPLACE AGGREGATE`) or
 * dropped and created again (with the views that call them), dropped before their support functions and
 * types, and dropped before and created again after a support function or a type the migration drops and
 * creates again; comments and grants on them; each with its derived downgrade, judged by pg_dump. An
 * extension's aggregates are not read. In entity mode they are left as they are, and come back around an
 * enum rebuilt under them.
 *
 * The cases compared with the same options share one round trip, a schema each (sharedRoundTrip:
 * `public` in what a test expects is its schema).
 */
import { compare } from "../../src/compare";
import { DependentObjectError } from "../../src/compare/compare-errors";
import { ALL_MANAGED_KINDS, ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { invertAll } from "../../src/ops/invert";
import type { Operation } from "../../src/ops/operation";
import { applyOperations } from "../support/apply";
import { createTestDatabase } from "../support/test-db";
import { asEntitySide, ensureRoles, expectRoundTrip, expectShared, readModel, roundTrip, sharedRoundTrip } from "./catalog-round-trip";

const TABLE = `CREATE TABLE t (a integer, f double precision);`;
const ACC = `CREATE FUNCTION acc(state integer, v integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT state + v';`;
const TOTAL = (options = "INITCOND = '0'") => `CREATE AGGREGATE total(integer) (SFUNC = acc, STYPE = integer, ${options});`;
const MOODS = `
  CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
  CREATE FUNCTION happier(state mood, v mood) RETURNS mood LANGUAGE sql IMMUTABLE AS 'SELECT greatest(state, v)';
  CREATE AGGREGATE happiest(mood) (SFUNC = happier, STYPE = mood);
`;

/** One aggregate of each form, with what they need and a view calling them. */
const EVERY_FORM = `
  ${ACC}
  ${TOTAL()}
  CREATE AGGREGATE mean(double precision) (
    SFUNC = float8_accum, STYPE = double precision[], FINALFUNC = float8_avg, COMBINEFUNC = float8_combine,
    INITCOND = '{0,0,0}', PARALLEL = SAFE
  );
  CREATE FUNCTION less(state integer, v integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT state - v';
  CREATE AGGREGATE moving_total(integer) (
    SFUNC = acc, STYPE = integer, INITCOND = '0', MSFUNC = acc, MINVFUNC = less, MSTYPE = integer, MINITCOND = '0'
  );
  CREATE FUNCTION pick(state double precision[], n integer, v double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE AS 'SELECT state[n]';
  CREATE AGGREGATE nth(n integer ORDER BY double precision) (
    SFUNC = array_append, STYPE = double precision[], FINALFUNC = pick, FINALFUNC_EXTRA
  );
  CREATE AGGREGATE place(VARIADIC "any" ORDER BY VARIADIC "any") (
    SFUNC = ordered_set_transition_multi, STYPE = internal, FINALFUNC = rank_final, FINALFUNC_EXTRA, HYPOTHETICAL
  );
  CREATE AGGREGATE tally(*) (SFUNC = int8inc, STYPE = bigint, INITCOND = '0');
  CREATE AGGREGATE biggest(integer) (SFUNC = int4larger, STYPE = integer, SORTOP = >);
  ${MOODS}
  CREATE TYPE span AS (lo integer, hi integer);
  CREATE FUNCTION widen(state span, v integer) RETURNS span LANGUAGE sql IMMUTABLE
    AS 'SELECT ROW(least(state.lo, v), greatest(state.hi, v))::span';
  CREATE FUNCTION width(s span) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT s.hi - s.lo';
  CREATE AGGREGATE spread(integer) (SFUNC = widen, STYPE = span, FINALFUNC = width, INITCOND = '(2147483647,-2147483648)');
  CREATE VIEW report AS SELECT total(a), mean(f), moving_total(a), nth(1) WITHIN GROUP (ORDER BY f),
    place(3) WITHIN GROUP (ORDER BY a), tally(*), biggest(a), spread(a), happiest('ok'::mood) FROM t;
`;

/** The table, the support function, `total` as `aggregate` defines it and a view calling it. */
/** The kinds of `ops`, each function op's with its function's name (and arguments). */
function named(ops: readonly Operation[], withArguments = false): string[] {
  return ops.map((op) =>
    op.kind === "createFunction" || op.kind === "dropFunction" || op.kind === "replaceFunction"
      ? `${op.kind} ${op.function.name}${withArguments ? `(${op.function.arguments})` : ""}`
      : op.kind,
  );
}

const CALLED = (aggregate: string, support = ACC) => `${TABLE} ${support} ${aggregate} CREATE VIEW v AS SELECT total(a) FROM t;`;

const shared = sharedRoundTrip({
  created: { before: TABLE, after: `${TABLE} ${EVERY_FORM}` },
  reinitialised: { before: CALLED(TOTAL()), after: CALLED(TOTAL("INITCOND = '100'")) },
  restated: {
    before: CALLED(TOTAL()),
    after: CALLED(`
      CREATE FUNCTION acc8(state bigint, v integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT state + v';
      CREATE FUNCTION narrow(state bigint) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT state::integer';
      CREATE AGGREGATE total(integer) (SFUNC = acc8, STYPE = bigint, FINALFUNC = narrow, INITCOND = '0');`),
  },
  retyped: {
    before: CALLED(TOTAL()),
    after: CALLED(`
      CREATE FUNCTION label(state integer) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT state::text';
      ${TOTAL("INITCOND = '0', FINALFUNC = label")}`),
  },
  dropped: {
    before: `${TABLE} ${ACC} ${TOTAL()} ${MOODS}`,
    after: `${TABLE} ${ACC}`,
  },
  supportRenamed: { before: CALLED(TOTAL()), after: CALLED(TOTAL(), ACC.replace(/state/g, "s")) },
  supportRecreated: { before: CALLED(TOTAL()), after: CALLED(TOTAL(), ACC.replace("v integer)", "v integer DEFAULT 0)")) },
  enumRebuilt: {
    before: `${MOODS} CREATE TABLE people (m mood);`,
    after: `${MOODS.replace("'sad', ", "")} CREATE TABLE people (m mood);`,
  },
});

describe("aggregates: database to database on PostgreSQL 15", () => {
  it("creates every form of aggregate after its support functions and types, and before the view calling it", async () => {
    const result = await shared.of("created");
    expectRoundTrip(result);
    const created = result.upgrade.flatMap((op) => (op.kind === "createFunction" ? [`${op.function.kind} ${op.function.name}`] : []));
    const aggregates = ["total", "mean", "moving_total", "nth", "place", "tally", "biggest", "happiest", "spread"];
    expect(created.filter((c) => c.startsWith("aggregate ")).sort()).toEqual(aggregates.map((a) => `aggregate ${a}`).sort());
    // Each after the functions it needs; the view last.
    const at = (name: string) => created.findIndex((c) => c.endsWith(` ${name}`));
    for (const [aggregate, support] of [["total", "acc"], ["moving_total", "less"], ["nth", "pick"], ["happiest", "happier"], ["spread", "width"]]) {
      expect(at(aggregate!)).toBeGreaterThan(at(support!));
    }
    const kinds = result.upgrade.map((op) => op.kind);
    expect(kinds.indexOf("createEnum")).toBeLessThan(kinds.indexOf("createFunction"));
    expect(kinds.lastIndexOf("createFunction")).toBeLessThan(kinds.indexOf("createView"));
    const sql = result.upgradeSql.join("\n");
    expect(sql).toContain(
      shared.in("created")(
        "CREATE OR REPLACE AGGREGATE public.nth(n integer ORDER BY double precision) (\n    SFUNC = array_append,\n" +
          "    STYPE = double precision[],\n    FINALFUNC = public.pick,\n    FINALFUNC_EXTRA\n)",
      ),
    );
    expect(sql).toContain("    SORTOP = OPERATOR(pg_catalog.>)\n)");
    expect(sql).toContain(shared.in("created")("CREATE OR REPLACE AGGREGATE public.tally(*) ("));
    expect(result.log).toContain(shared.in("created")("Detected added aggregate 'public.nth(n integer ORDER BY double precision)'"));
  });

  it("replaces an aggregate whose initial value changes in place, keeping the view that calls it", async () => {
    const result = await shared.of("reinitialised");
    expectRoundTrip(result);
    expect(result.upgrade).toEqual([expect.objectContaining({ kind: "replaceFunction", function: expect.objectContaining({ kind: "aggregate" }) })]);
    expect(result.upgrade[0]).not.toHaveProperty("recreate");
    expect(result.log).toEqual([shared.in("reinitialised")("Detected changed aggregate 'public.total(integer)': replaced")]);
  });

  it("replaces in place an aggregate whose state type and support functions change but not its result", async () => {
    const result = await shared.of("restated");
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toEqual(["createFunction", "createFunction", "replaceFunction"]);
    expect(result.upgrade[2]).not.toHaveProperty("recreate");
  });

  it("drops and creates again an aggregate whose result changes, with the view that calls it", async () => {
    const result = await shared.of("retyped");
    expectRoundTrip(result);
    expect(named(result.upgrade)).toEqual([
      "keepOwner",
      "keepOwner",
      "resetPrivileges",
      "resetPrivileges",
      "dropView",
      "createFunction label",
      "dropFunction total",
      "createFunction total",
      "createView",
      "resetPrivileges",
      "resetPrivileges",
      "keepOwner",
      "keepOwner",
    ]);
    expect(result.upgradeSql).toContain(shared.in("retyped")(`DROP AGGREGATE "public"."total"(integer)`));
    expect(result.log).toContain(
      shared.in("retyped")("Detected changed aggregate 'public.total(integer)': its signature or result changed, dropped and created again"),
    );
  });

  it("drops an aggregate before its support function and its type", async () => {
    const result = await shared.of("dropped");
    expectRoundTrip(result);
    expect(named(result.upgrade)).toEqual([
      // Where the downgrade, creating the aggregate, its support functions and its type again, brings them
      // to the built-in privileges.
      "resetPrivileges",
      "resetPrivileges",
      "resetPrivileges",
      "resetPrivileges",
      "dropFunction total",
      "dropFunction happiest",
      "dropFunction happier",
      "dropEnum",
    ]);
  });

  it("drops an aggregate before a support function the migration drops, and creates it again after the new one", async () => {
    const result = await shared.of("supportRenamed");
    expectRoundTrip(result);
    expect(named(result.upgrade, true)).toEqual([
      "keepOwner",
      "keepOwner",
      "resetPrivileges",
      "resetPrivileges",
      // The support function under its old signature is dropped for good (for the downgrade, as above).
      "resetPrivileges",
      "dropView",
      "dropFunction total(integer)",
      "dropFunction acc(state integer, v integer)",
      "createFunction acc(s integer, v integer)",
      "createFunction total(integer)",
      "createView",
      "resetPrivileges",
      "resetPrivileges",
      "keepOwner",
      "keepOwner",
    ]);
    expect(result.log).toContain(
      shared.in("supportRenamed")(
        "Aggregate 'public.total(integer)' depends on function public.acc(state integer, v integer), which this migration drops: " +
          "dropped before and created again after",
      ),
    );
  });

  it("drops an aggregate before a support function dropped and created again, and creates it again after", async () => {
    const result = await shared.of("supportRecreated");
    expectRoundTrip(result);
    expect(named(result.upgrade)).toEqual([
      "keepOwner",
      "keepOwner",
      "resetPrivileges",
      "resetPrivileges",
      "dropView",
      "dropFunction total",
      "replaceFunction acc",
      "createFunction total",
      "createView",
      "resetPrivileges",
      "resetPrivileges",
      "keepOwner",
      "keepOwner",
    ]);
    expect(result.log).toContain(
      shared.in("supportRecreated")(
        "Aggregate 'public.total(integer)' depends on function public.acc(state integer, v integer), which this migration drops " +
          "and creates again: dropped before and created again after",
      ),
    );
  });

  it("drops an aggregate over an enum the migration rebuilds before it, and creates it again after", async () => {
    const result = await shared.of("enumRebuilt");
    expectRoundTrip(result);
    expect(named(result.upgrade)).toEqual([
      "keepOwner",
      "keepOwner",
      "resetPrivileges",
      "resetPrivileges",
      "dropFunction happiest",
      "dropFunction happier",
      "alterEnum",
      "createFunction happier",
      "createFunction happiest",
      "resetPrivileges",
      "resetPrivileges",
      "keepOwner",
      "keepOwner",
    ]);
  });

  it(`the shared round trip (${shared.names}): A reaches B and comes back; each statement is one case's`, async () => {
    await expectShared(shared);
  });
});

describe("comments, grants and owners of aggregates", () => {
  const ROLES = ["agg_reader", "agg_owner"];
  beforeAll(() => ensureRoles(ROLES));
  const FORMS = `
    ${TABLE} ${ACC} ${TOTAL()}
    CREATE FUNCTION pick(state double precision[], n integer, v double precision) RETURNS double precision
      LANGUAGE sql IMMUTABLE AS 'SELECT state[n]';
    CREATE AGGREGATE nth(n integer ORDER BY double precision) (
      SFUNC = array_append, STYPE = double precision[], FINALFUNC = pick, FINALFUNC_EXTRA
    );
    CREATE AGGREGATE place(VARIADIC "any" ORDER BY VARIADIC "any") (
      SFUNC = ordered_set_transition_multi, STYPE = internal, FINALFUNC = rank_final, FINALFUNC_EXTRA, HYPOTHETICAL
    );
    CREATE AGGREGATE tally(*) (SFUNC = int8inc, STYPE = bigint, INITCOND = '0');
  `;
  const ON_THEM = `
    COMMENT ON AGGREGATE total(integer) IS 'Sum';
    COMMENT ON AGGREGATE nth(integer ORDER BY double precision) IS 'The nth';
    COMMENT ON AGGREGATE tally(*) IS 'Rows';
    REVOKE EXECUTE ON FUNCTION nth(integer, double precision) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION nth(integer, double precision) TO agg_reader;
    GRANT EXECUTE ON FUNCTION place(VARIADIC "any") TO agg_reader WITH GRANT OPTION;
    REVOKE EXECUTE ON FUNCTION total(integer) FROM PUBLIC;
  `;
  const group = sharedRoundTrip(
    {
      set: { before: FORMS, after: `${FORMS} ${ON_THEM}` },
      // The aggregate dropped and created again around its support function keeps its comment and grants.
      keptAround: {
        before: `${FORMS} ${ON_THEM}`,
        after: `${FORMS.replace(ACC, ACC.replace(/state/g, "s"))} ${ON_THEM}`,
      },
    },
    { options: { manage: new Set(ALL_MANAGED_KINDS) }, privileges: true },
  );

  it("sets comments on aggregates (COMMENT ON AGGREGATE) and grants on them (ON FUNCTION), and takes them off in the downgrade", async () => {
    const result = await group.of("set");
    expectRoundTrip(result);
    const name = group.in("set");
    expect(result.upgradeSql).toContain(name(`COMMENT ON AGGREGATE "public"."nth"(n integer ORDER BY double precision) IS 'The nth'`));
    expect(result.upgradeSql).toContain(name(`COMMENT ON AGGREGATE "public"."tally"(*) IS 'Rows'`));
    expect(result.upgradeSql).toContain(name(`GRANT EXECUTE ON FUNCTION "public"."nth"(n integer, double precision) TO "agg_reader"`));
    expect(result.upgradeSql).toContain(name(`GRANT EXECUTE ON FUNCTION "public"."place"(VARIADIC "any") TO "agg_reader" WITH GRANT OPTION`));
  });

  it("brings comments and grants back on an aggregate dropped and created again around its support function", async () => {
    const result = await group.of("keptAround");
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toContain("dropFunction");
    expect(result.upgraded).toContain(group.in("keptAround")("COMMENT ON AGGREGATE public.total(integer) IS 'Sum';"));
  });

  it(`the shared round trip (${group.names}): A reaches B and comes back; each statement is one case's`, async () => {
    await expectShared(group);
  });

  it("keeps the owner of an aggregate dropped and created again around its support function, upgrade and downgrade", async () => {
    const owned = `${TABLE} ${ACC} ${TOTAL()} ALTER AGGREGATE total(integer) OWNER TO agg_owner;`;
    const a = await createTestDatabase("agg_own_a");
    const b = await createTestDatabase("agg_own_b");
    try {
      await a.query(owned);
      await b.query(owned.replace(ACC, ACC.replace(/state/g, "s")));
      const upgrade = compare(await readModel(a.url, ["public"]), await readModel(b.url, ["public"])).operations;
      const owner = async () =>
        ((await a.query("SELECT pg_get_userbyid(proowner) AS owner FROM pg_proc WHERE proname = 'total'")) as { owner: string }[])[0]!.owner;
      await applyOperations(a.url, upgrade);
      expect(await owner()).toBe("agg_owner");
      await applyOperations(a.url, invertAll(upgrade));
      expect(await owner()).toBe("agg_owner");
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });
});

describe("aggregates an extension owns", () => {
  // Alone: an extension is the whole database's, and pg_dump puts it in no case's schema.
  it("are not read: only the database's own aggregate is created next to citext's min and max", async () => {
    const EXTENSION = "CREATE SCHEMA x; CREATE EXTENSION citext SCHEMA x;";
    const result = await roundTrip({
      before: EXTENSION,
      after: `${EXTENSION} CREATE AGGREGATE x.longest(x.citext) (SFUNC = x.citext_larger, STYPE = x.citext);`,
      schemas: ["x"],
    });
    expectRoundTrip(result);
    expect(result.upgrade).toEqual([
      expect.objectContaining({ kind: "createFunction", function: expect.objectContaining({ kind: "aggregate", name: "longest" }) }),
    ]);
  });
});

describe("aggregates in entity mode", () => {
  const entityMode = { options: { manage: ENTITY_MANAGED_KINDS }, targetAsEntities: true } as const;

  it("leaves an aggregate the entities do not describe exactly as it is", async () => {
    const db = await createTestDatabase("agg_ent");
    try {
      await db.query(`${TABLE} ${ACC} ${TOTAL()}`);
      const from = await readModel(db.url, ["public"]);
      expect(Object.values(from.functions).map((fn) => `${fn.kind} ${fn.name}`)).toEqual(["function acc", "aggregate total"]);
      const entities = { ...from, functions: {} };
      expect(compare(from, entities, { manage: ENTITY_MANAGED_KINDS }).operations).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  // Alone: the one case here compared in entity mode with privileges.
  it("drops an aggregate over an enum an entity rebuilds before the rebuild, and creates it again after with its comment and grant", async () => {
    const sql = (labels: string) => `
      CREATE TYPE mood AS ENUM (${labels});
      CREATE TABLE people (m mood);
      CREATE FUNCTION happier(state mood, v mood) RETURNS mood LANGUAGE sql IMMUTABLE AS 'SELECT greatest(state, v)';
      CREATE AGGREGATE happiest(mood) (SFUNC = happier, STYPE = mood);
      COMMENT ON AGGREGATE happiest(mood) IS 'The best';
      REVOKE EXECUTE ON FUNCTION happiest(mood) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION happiest(mood) TO agg_reader;
    `;
    await ensureRoles(["agg_reader"]);
    const result = await roundTrip({ ...entityMode, privileges: true, before: sql("'sad', 'ok', 'happy'"), after: sql("'ok', 'happy'") });
    expectRoundTrip(result);
    expect(result.upgraded).toContain("COMMENT ON AGGREGATE public.happiest(public.mood) IS 'The best';");
    expect(result.upgraded).toContain("GRANT ALL ON FUNCTION public.happiest(public.mood) TO agg_reader;");
    expect(result.log).toContain(
      "Aggregate 'public.happiest(public.mood)' depends on type public.mood, which this migration drops and creates again: " +
        "dropped before and created again after",
    );
  });

  it("refuses to drop a support function of an aggregate it does not manage (functions managed, aggregates not)", async () => {
    const db = await createTestDatabase("agg_ent_fn");
    try {
      await db.query(`${TABLE} ${ACC} ${TOTAL()}`);
      const from = await readModel(db.url, ["public"]);
      const entities = asEntitySide({ ...from, functions: {} });
      const run = () => compare(from, entities, { manage: new Set(["functions"]) });
      expect(run).toThrow(DependentObjectError);
      expect(run).toThrow(/drops function public\.acc\(state integer, v integer\), but aggregate public\.total\(integer\) depends on it.*manage aggregates/s);
    } finally {
      await db.drop();
    }
  });
});
