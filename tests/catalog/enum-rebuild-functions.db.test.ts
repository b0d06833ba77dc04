/**
 * The functions and procedures using an enum that a rebuild creates again, or a type rebuilt with it (a
 * domain on it, a range type over either, its multirange type, an array of any): in their signature,
 * their result or a BEGIN ATOMIC body. PostgreSQL cannot retype a function's argument, and such a
 * function keeps the old type from being dropped. The derived downgrade of an appended label is a
 * rebuild with no function op around it (its upgrade, an ADD VALUE, dropped nothing), and where functions
 * are not compared no op names them either: the rebuild sets them aside when it runs and creates them
 * again after, each exactly as it was (definition, owner, grants with their grantors, comment), checked
 * against the catalog, pg_dump and calls at each stage. Found when the downgrade of a label added failed
 * with "cannot drop type e__old because other objects depend on it" (2026-12-06).
 *
 * The two cases where nothing but tables is compared share a round trip, a schema each (sharedRoundTrip:
 * `public`, in their SQL and in what a test expects, is the case's schema).
 */
import { ALL_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { compare } from "../../src/compare";
import { invertAll } from "../../src/ops/invert";
import { ensureRoles, expectRoundTrip, expectShared, readModel, roundTrip, sharedRoundTrip } from "./catalog-round-trip";
import { applyOperations } from "../support/apply";
import { createTestDatabase } from "../support/test-db";

const managed = { manage: new Set(ALL_MANAGED_KINDS) };
const nothing = { manage: new Set<never>() };
const modes = [
  ["every kind compared", managed],
  ["the database default", {}],
  ["nothing but tables compared (entities)", nothing],
] as const;

/** Functions using the enum every way, one of them owned by another role, with grants passed on and a comment. */
const functions =
  "CREATE TABLE t (k int, x e, r er); " +
  // A string body naming a table unqualified, a configured path, a default naming a label.
  "CREATE FUNCTION label(x e, fallback e DEFAULT 'b') RETURNS text LANGUAGE sql STABLE SET search_path = public " +
  "AS 'SELECT coalesce(x, fallback)::text || (SELECT count(*) FROM t)'; " +
  "CREATE FUNCTION labels(xs e[]) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT cardinality(xs)'; " +
  "CREATE FUNCTION named(x de) RETURNS de LANGUAGE sql AS 'SELECT x'; " +
  "CREATE FUNCTION span(x er) RETURNS er_multirange LANGUAGE sql AS 'SELECT er_multirange(x)'; " +
  "CREATE FUNCTION spans(x der_multirange[]) RETURNS int LANGUAGE sql AS 'SELECT cardinality(x)'; " +
  "CREATE FUNCTION first_label() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT 'a'::e::text; END; " +
  // Calls two others set aside too: dropped before them, created again after them.
  "CREATE FUNCTION both_labels(x e) RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT label(x) || first_label(); END; " +
  "CREATE PROCEDURE touch(x e) LANGUAGE sql AS 'SELECT 1'; " +
  // Calls the range type's constructor, which goes with the old range type.
  "CREATE FUNCTION made() RETURNS text LANGUAGE sql BEGIN ATOMIC SELECT er('a', 'b')::text; END; " +
  "ALTER FUNCTION label(e, e) OWNER TO efn_owner; REVOKE ALL ON FUNCTION label(e, e) FROM PUBLIC; " +
  "GRANT EXECUTE ON FUNCTION label(e, e) TO efn_mid WITH GRANT OPTION; SET ROLE efn_mid; GRANT EXECUTE ON FUNCTION label(e, e) TO efn_reader; RESET ROLE; " +
  "COMMENT ON FUNCTION label(e, e) IS 'a label or its fallback'; COMMENT ON PROCEDURE touch(e) IS 'touches'; " +
  "REVOKE EXECUTE ON FUNCTION spans(der_multirange[]) FROM PUBLIC;";

const side = (labels: string) =>
  `CREATE TYPE e AS ENUM (${labels}); CREATE DOMAIN de AS e; CREATE TYPE er AS RANGE (subtype = e); CREATE TYPE der AS RANGE (subtype = de); ${functions}`;

/** Each function as the catalog has it, and what calling them gives. */
const functionsQuery =
  "SELECT p.oid::regprocedure::text AS fn, pg_get_userbyid(p.proowner) || ' ' || COALESCE(p.proacl::text, '-') || ' ' || " +
  "COALESCE(obj_description(p.oid, 'pg_proc'), '-') || ' ' || pg_get_functiondef(p.oid) AS v FROM pg_proc p " +
  "WHERE p.pronamespace = 'public'::regnamespace AND p.proname IN ('label', 'labels', 'named', 'span', 'spans', 'first_label', 'both_labels', 'touch', 'made') " +
  "UNION ALL SELECT 'calls', concat_ws(' | ', label('a'), label(NULL), labels('{a,b}'), named('b'), span('[a,b)'), spans('{}'), both_labels('b'), made()) ORDER BY 1";

/**
 * `side` in its own schema, `public` (which sharedRoundTrip renames to the case's), that efn_mid may use as
 * it may use the public schema (it grants on a function in it).
 */
const inSchema = (sql: string) => `CREATE SCHEMA public; GRANT USAGE ON SCHEMA public TO efn_mid; SET search_path = public; ${sql} RESET search_path;`;

/** The cases where nothing but tables is compared: a label added, and a label removed. */
const uncompared = sharedRoundTrip(
  {
    added: { before: inSchema(side("'a', 'b'")), after: inSchema(side("'a', 'b', 'c'")), rows: functionsQuery },
    removed: { before: inSchema(side("'a', 'b', 'c'")), after: inSchema(side("'a', 'b'")), rows: functionsQuery },
  },
  { options: nothing, privileges: true, renames: "public", setUp: () => ensureRoles(["efn_owner", "efn_mid", "efn_reader"]) },
);

describe("functions using an enum and the types rebuilt with it, through the downgrade of a label added", () => {
  beforeAll(() => ensureRoles(["efn_owner", "efn_mid", "efn_reader"]));

  it.each(modes)("%s: each is created again exactly as it was (definition, owner, grants, comment), and works", async (_mode, options) => {
    // Where nothing but tables is compared, on the round trip shared with the case below; the other modes
    // alone, as no other case here compares what they manage (the aggregate's refusal stops before any statement).
    const result =
      options === nothing
        ? await uncompared.of("added")
        : await roundTrip({ before: side("'a', 'b'"), after: side("'a', 'b', 'c'"), options, privileges: true, rows: functionsQuery });
    const name = options === nothing ? uncompared.in("added") : (text: string) => text;
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toEqual(["alterEnum"]);
    // both_labels uses label and first_label, but is set aside with them: nothing to warn of.
    expect(result.log.filter((line) => line.startsWith("Warning"))).toEqual([]);
    const rows = result.rows!;
    expect(rows.original).toHaveLength(10);
    expect(rows.original).toContainEqual({ fn: "calls", v: "a0 | b0 | 2 | b | {[a,b)} | 0 | b0a | [a,b)" });
    expect((rows.original as { fn: string; v: string }[]).find((r) => r.fn === "label(e,e)")?.v).toMatch(
      new RegExp(name(String.raw`^efn_owner \{efn_owner=X\/efn_owner,efn_mid=X\*\/efn_owner,efn_reader=X\/efn_mid\} a label or its fallback CREATE OR REPLACE FUNCTION public\.label`)),
    );
    expect(rows.downgraded).toEqual(rows.original);
    expect(rows.upgraded).toEqual(rows.original);
  });

  it("where functions are not compared, each is created again as it was when a label is removed too", async () => {
    const result = await uncompared.of("removed");
    expectRoundTrip(result);
    expect(result.rows!.upgraded).toEqual(result.rows!.original);
    expect(result.rows!.downgraded).toEqual(result.rows!.original);
  });

  it(`the shared round trip (${uncompared.names}): A reaches B and comes back; each statement is one case's`, async () => {
    await expectShared(uncompared);
  });
});

describe("a function using the enum that something else uses", () => {
  it("stops the downgrade of a label added before anything changes, naming the function and its user, as the comparison warns", async () => {
    const db = await createTestDatabase("efn_refused");
    const target = await createTestDatabase("efn_target");
    try {
      const sql = (labels: string) =>
        `CREATE TYPE e AS ENUM (${labels}); CREATE FUNCTION f(x e) RETURNS text LANGUAGE sql AS 'SELECT x::text'; ` +
        "CREATE VIEW v AS SELECT f('a') AS l; CREATE FUNCTION free(x e) RETURNS e LANGUAGE sql AS 'SELECT x';";
      await Promise.all([db.query(sql("'a', 'b'")), target.query(sql("'a', 'b', 'c'"))]);
      const [from, to] = await Promise.all([readModel(db.url, ["public"]), readModel(target.url, ["public"])]);
      const { operations: upgrade, log } = compare(from, to, managed);
      // Said when the upgrade is written, where the user can still act.
      expect(log.filter((line) => line.startsWith("Warning"))).toEqual([
        "Warning: the downgrade of this migration removes the label added to enum 'public.e' by rebuilding the type, and function 'public.f(x public.e)' " +
          "uses it or a type rebuilt with it, which the rebuild cannot drop and create again (view public.v uses it): that downgrade will stop before " +
          "changing anything, until the function is dropped first",
      ]);
      await applyOperations(db.url, upgrade);
      const state = "SELECT enum_range(NULL::e)::text AS labels, (SELECT l FROM v) AS l, (SELECT count(*)::int FROM pg_proc WHERE proname IN ('f', 'free')) AS n";
      const before = await db.query(state);
      expect(before).toEqual([{ labels: "{a,b,c}", l: "a", n: 2 }]);
      await expect(applyOperations(db.url, invertAll(upgrade))).rejects.toThrow(
        "Cannot rebuild type public.e: a function using it or a type rebuilt with it cannot be dropped and created again around the rebuild: public.f(public.e) (view public.v uses it)",
      );
      expect(await db.query(state)).toEqual(before);
    } finally {
      await Promise.all([db.drop(), target.drop()]);
    }
  });
});

describe("an aggregate over the enum", () => {
  it("stops the downgrade of a label added before anything changes, naming it (the function it uses would go with it)", async () => {
    const side = (labels: string) =>
      `CREATE TYPE e AS ENUM (${labels}); CREATE FUNCTION pick(a e, b e) RETURNS e LANGUAGE sql AS 'SELECT greatest(a, b)'; ` +
      "CREATE AGGREGATE top(e) (SFUNC = pick, STYPE = e);";
    const refused = roundTrip({ before: side("'a', 'b'"), after: side("'a', 'b', 'c'"), options: managed });
    await expect(refused).rejects.toThrow(
      "Cannot rebuild type public.e: a function using it or a type rebuilt with it cannot be dropped and created again around the rebuild: " +
        "public.top(public.e) (an aggregate, whose definition no server function prints)",
    );
  });
});

describe("functions using a domain whose base type changes, around an alterDomain alone (as written by hand)", () => {
  // The comparison brings them back with ops of its own around the rebuild (hanging.ts); a migration
  // written by hand, op.alterDomain() alone, has none: the rebuild sets them aside itself.
  it("are set aside by the rebuild and created again as they were, with those of a range type over it", async () => {
    const side = (base: string) =>
      `CREATE DOMAIN d AS ${base}; CREATE TYPE dr AS RANGE (subtype = d); CREATE TABLE t (k int, x d, r dr); ` +
      "CREATE FUNCTION twice(x d) RETURNS d[] LANGUAGE sql AS 'SELECT ARRAY[x, x]'; COMMENT ON FUNCTION twice(d) IS 'both'; " +
      "CREATE FUNCTION widen(x dr) RETURNS dr_multirange LANGUAGE sql BEGIN ATOMIC SELECT dr_multirange(x); END; " +
      "REVOKE EXECUTE ON FUNCTION widen(dr) FROM PUBLIC; ALTER FUNCTION widen(dr) OWNER TO efn_owner;";
    const query =
      "SELECT p.proname::text AS fn, pg_get_userbyid(p.proowner) || ' ' || COALESCE(p.proacl::text, '-') || ' ' || COALESCE(obj_description(p.oid, 'pg_proc'), '-') || ' ' || " +
      "pg_get_functiondef(p.oid) AS v FROM pg_proc p WHERE p.proname IN ('twice', 'widen') " +
      "UNION ALL SELECT 'calls', concat_ws(' | ', twice(x), widen(r), pg_typeof(x)) FROM t ORDER BY 1";
    await ensureRoles(["efn_owner"]);
    const [db, target] = await Promise.all([createTestDatabase("efn_domain"), createTestDatabase("efn_domain_b")]);
    try {
      await Promise.all([db.query(side("int") + "INSERT INTO t VALUES (1, 7, '[1,5)');"), target.query(side("bigint"))]);
      const [from, to] = await Promise.all([readModel(db.url, ["public"]), readModel(target.url, ["public"])]);
      const ops = compare(from, to, managed).operations.filter((op) => op.kind === "alterDomain");
      expect(ops).toHaveLength(1);
      const before = await db.query(query);
      expect(before).toContainEqual({ fn: "calls", v: "{7,7} | {[1,5)} | d" });
      await applyOperations(db.url, ops);
      expect(await db.query("SELECT format_type(typbasetype, NULL) AS base FROM pg_type WHERE typname = 'd'")).toEqual([{ base: "bigint" }]);
      expect(await db.query(query)).toEqual(before);
      await applyOperations(db.url, invertAll(ops));
      expect(await db.query(query)).toEqual(before);
    } finally {
      await Promise.all([db.drop(), target.drop()]);
    }
  });
});
