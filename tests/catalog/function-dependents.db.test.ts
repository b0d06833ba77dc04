/**
 * A function dropped, or dropped and created again (a new signature, a renamed argument, another result
 * type), while a column default, a generated column, a check or exclusion constraint or an index calls
 * it: PostgreSQL refuses the drop ("cannot drop function g() because other objects depend on it"), so
 * the migration removes each caller before and sets it again after, and creates a new overload of the
 * same name only once the old one is gone (a call fitting both, `g()` for `g()` and `g(a int DEFAULT 1)`,
 * is ambiguous). Each shape runs the upgrade and the derived downgrade on PostgreSQL 15 against pg_dump.
 */
import { applyOperations } from "../support/apply";
import { expectRoundTrip, expectShared, readModel, renamedIn, sharedRoundTrip, type SharedCase } from "./catalog-round-trip";
import { createTestDatabase } from "../support/test-db";
import { dump, prepareRoundTrip, read } from "../compare/support/db-round-trip";
import { compare } from "../../src/compare";
import { FunctionCalledOutsideError } from "../../src/compare/compare-errors";
import { invertAll } from "../../src/ops/invert";

const cases: Array<[string, string, string]> = [
  [
    "a default calling a function that gains an argument with a default",
    "CREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE TABLE t (x int DEFAULT g(), y int);",
    "CREATE FUNCTION g(a int DEFAULT 1) RETURNS int LANGUAGE sql AS 'SELECT a'; CREATE TABLE t (x int DEFAULT g(), y int);",
  ],
  [
    "a default calling a function whose result type changes (dropped and created again under the same signature)",
    "CREATE FUNCTION h() RETURNS int LANGUAGE sql AS 'SELECT 7'; CREATE TABLE t (x bigint DEFAULT h());",
    "CREATE FUNCTION h() RETURNS bigint LANGUAGE sql AS 'SELECT 7'; CREATE TABLE t (x bigint DEFAULT h());",
  ],
  [
    "a check constraint and a partial index calling a function whose argument is renamed",
    "CREATE FUNCTION ok(v int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 > 0'; " +
      "CREATE TABLE t (a int CONSTRAINT t_a_ok CHECK (ok(a))); CREATE INDEX t_pos ON t (a) WHERE ok(a); COMMENT ON INDEX t_pos IS 'positive';",
    "CREATE FUNCTION ok(w int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 > 0'; " +
      "CREATE TABLE t (a int CONSTRAINT t_a_ok CHECK (ok(a))); CREATE INDEX t_pos ON t (a) WHERE ok(a); COMMENT ON INDEX t_pos IS 'positive';",
  ],
  [
    "an expression index and an exclusion constraint calling a function whose result type changes",
    "CREATE FUNCTION k(t text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower(t)'; " +
      "CREATE FUNCTION w(a int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + 1'; " +
      "CREATE TABLE t (s text, a int, EXCLUDE USING gist (int4range(a, w(a)) WITH &&)); CREATE INDEX t_k ON t (k(s));",
    "CREATE FUNCTION k(t text) RETURNS varchar LANGUAGE sql IMMUTABLE AS 'SELECT lower(t)'; " +
      "CREATE FUNCTION w(a int, b int DEFAULT 1) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b'; " +
      "CREATE TABLE t (s text, a int, EXCLUDE USING gist (int4range(a, w(a)) WITH &&)); CREATE INDEX t_k ON t (k(s));",
  ],
  [
    "a generated column calling a function with a new signature, with an index, a unique key and a comment on it",
    "CREATE FUNCTION dbl(v int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT v * 2'; " +
      "CREATE TABLE t (a int, d int GENERATED ALWAYS AS (dbl(a)) STORED UNIQUE, z text); CREATE INDEX t_d ON t (d); COMMENT ON COLUMN t.d IS 'doubled';",
    "CREATE FUNCTION dbl(v int, f int DEFAULT 2) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT v * f'; " +
      "CREATE TABLE t (a int, d int GENERATED ALWAYS AS (dbl(a)) STORED UNIQUE, z text); CREATE INDEX t_d ON t (d); COMMENT ON COLUMN t.d IS 'doubled';",
  ],
  [
    "a partitioned table, its partition and an inheritance child, each with a default calling the function, and a partitioned expression index",
    "CREATE FUNCTION g() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 1'; " +
      "CREATE TABLE p (x int DEFAULT g(), k int) PARTITION BY RANGE (k); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10); " +
      "CREATE INDEX p_expr ON p ((x + g())); CREATE TABLE i (x int DEFAULT g()); CREATE TABLE ic (y int) INHERITS (i);",
    "CREATE FUNCTION g() RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT 1'; " +
      "CREATE TABLE p (x int DEFAULT g(), k int) PARTITION BY RANGE (k); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10); " +
      "CREATE INDEX p_expr ON p ((x + g())); CREATE TABLE i (x int DEFAULT g()); CREATE TABLE ic (y int) INHERITS (i);",
  ],
  [
    "a default that changes too, from the old function to the new one",
    "CREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE TABLE t (x int DEFAULT g(), y int DEFAULT g());",
    "CREATE FUNCTION g(a int DEFAULT 1) RETURNS int LANGUAGE sql AS 'SELECT a'; CREATE TABLE t (x int DEFAULT (g() + 1), y int);",
  ],
  [
    "a function dropped while a default calls it, the column keeping no default",
    "CREATE FUNCTION gone() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE TABLE t (x int DEFAULT gone(), c int CHECK (c <> gone()));",
    "CREATE TABLE t (x int, c int);",
  ],
  [
    "a domain whose default and check call a function whose result type changes, and a domain whose check calls a function with a new signature",
    "CREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE FUNCTION lim(v int) RETURNS int LANGUAGE sql AS 'SELECT 100'; " +
      "CREATE DOMAIN pos AS int DEFAULT g() CHECK (VALUE >= g()); CREATE DOMAIN small AS int CONSTRAINT small_max CHECK (VALUE < lim(0)) CHECK (VALUE > -1); " +
      "CREATE TABLE t (x pos, y small);",
    "CREATE FUNCTION g() RETURNS bigint LANGUAGE sql AS 'SELECT 1'; CREATE FUNCTION lim(v int, w int DEFAULT 0) RETURNS int LANGUAGE sql AS 'SELECT 100'; " +
      "CREATE DOMAIN pos AS int DEFAULT g() CHECK (VALUE >= g()); CREATE DOMAIN small AS int CONSTRAINT small_max CHECK (VALUE < lim(0)) CHECK (VALUE > -1); " +
      "CREATE TABLE t (x pos, y small);",
  ],
  [
    "an index on a materialized view calling a function whose result type changes",
    "CREATE FUNCTION g(v int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT v'; CREATE TABLE t (x int); " +
      "CREATE MATERIALIZED VIEW mv AS SELECT x FROM t; CREATE INDEX mv_g ON mv (g(x));",
    "CREATE FUNCTION g(v int) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT v'; CREATE TABLE t (x int); " +
      "CREATE MATERIALIZED VIEW mv AS SELECT x FROM t; CREATE INDEX mv_g ON mv (g(x));",
  ],
  [
    "a function whose body only changes (CREATE OR REPLACE) leaves its callers alone",
    "CREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE TABLE t (x int DEFAULT g() CHECK (x <> g()));",
    "CREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 2'; CREATE TABLE t (x int DEFAULT g() CHECK (x <> g()));",
  ],
  [
    // The check prints differently (a cast to the new argument type), so the domain changes in place too:
    // one ALTER DOMAIN op held both the drop and the add, ran before the new function existed, and stopped.
    "a domain whose check calls a function whose argument type changes, so that the check's text changes too",
    "CREATE FUNCTION okd(i int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT i > 0'; " +
      "CREATE DOMAIN d AS int CHECK (okd(VALUE)) CHECK (VALUE < 100); CREATE TABLE t (a d);",
    "CREATE FUNCTION okd(i bigint) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT i > 0'; " +
      "CREATE DOMAIN d AS int CHECK (okd(VALUE)) CHECK (VALUE < 50) NOT NULL; CREATE TABLE t (a d);",
  ],
];

// A BEGIN ATOMIC function reading a view is dropped and created again with the view (a column under it
// retyped, or its query changed), and that drop was not among the function drops the callers make way
// for: a default and a check calling it were left in place, and PostgreSQL refused the drop (cannot drop
// function mx() because other objects depend on it).
const READER = (column: string, view: string) =>
  `CREATE TABLE acc (id int PRIMARY KEY, ${column}); CREATE VIEW v AS ${view}; ` +
  "CREATE FUNCTION mx() RETURNS int LANGUAGE sql STABLE BEGIN ATOMIC SELECT max(id) FROM v; END; " +
  "CREATE TABLE o (aid int DEFAULT mx(), CONSTRAINT ck CHECK (aid <= mx())); INSERT INTO acc VALUES (1, 'a'); INSERT INTO o DEFAULT VALUES;";
const READ = READER("owner text", "SELECT id, owner FROM acc");

/**
 * Every shape above, the two BEGIN ATOMIC cases and the renamed table's in one round trip, a schema each
 * (sharedRoundTrip: `public` in what a test expects is its schema).
 */
const shapes = sharedRoundTrip(
  {
    ...(Object.fromEntries(cases.map(([name, before, after]) => [name, { before, after }])) as Record<string, SharedCase>),
    retyped: { before: READ, after: READER("owner varchar(20)", "SELECT id, owner FROM acc"), rows: "SELECT aid FROM o" },
    requeried: { before: READ, after: READER("owner text", "SELECT id, owner FROM acc WHERE id > 0"), rows: "SELECT aid FROM o" },
    // A table renamed by the same migration (a resolver answering for this case's schema only).
    renamedTable: {
      before: "CREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE TABLE old_t (x int DEFAULT g());",
      after: "CREATE FUNCTION g() RETURNS bigint LANGUAGE sql AS 'SELECT 1'; CREATE TABLE new_t (x int DEFAULT g());",
    },
  },
  { options: { renames: renamedIn((): string => shapes.in("renamedTable")("public")) } },
);
/** The schema of the `n`th shape. */
const f = (n: number) => shapes.schemas[n]!;

describe("a function dropped or created again while a default, generated column, constraint or index calls it", () => {
  it(cases.map((c) => c[0]).join("; "), async () => {
    const result = await shapes.whole();
    expectRoundTrip(result);
    const sql = result.upgradeSql.join("\n");
    // Each default removed and set again table by table (ONLY), the old overload dropped before the new one is created.
    expect(sql).toContain(`ALTER TABLE ONLY "${f(0)}"."t" ALTER COLUMN "x" DROP DEFAULT`);
    expect(sql).toContain(`ALTER TABLE ONLY "${f(5)}"."ic" ALTER COLUMN "x" DROP DEFAULT`);
    expect(sql).toContain(`ALTER TABLE ONLY "${f(5)}"."p1" ALTER COLUMN "x" DROP DEFAULT`);
    const position = (text: string) => result.upgradeSql.findIndex((s) => s.includes(text));
    expect(position(`DROP FUNCTION "${f(0)}"."g"()`)).toBeGreaterThan(position(`ALTER TABLE ONLY "${f(0)}"."t" ALTER COLUMN "x" DROP DEFAULT`));
    expect(position(`CREATE OR REPLACE FUNCTION ${f(0)}.g(a integer DEFAULT 1)`)).toBeGreaterThan(position(`DROP FUNCTION "${f(0)}"."g"()`));
    expect(position(`ALTER TABLE ONLY "${f(0)}"."t" ALTER COLUMN "x" SET DEFAULT`)).toBeGreaterThan(position(`CREATE OR REPLACE FUNCTION ${f(0)}.g(a integer DEFAULT 1)`));
    // Nothing around a function replaced in place.
    expect(sql).not.toMatch(new RegExp(`"${f(10)}"\\."t" (ALTER COLUMN|DROP CONSTRAINT)`));
    // The materialized view stays; its index is dropped and created again.
    expect(sql).toContain(`DROP INDEX "${f(9)}"."mv_g"`);
    expect(sql).not.toContain(`DROP MATERIALIZED VIEW "${f(9)}"."mv"`);
    // A domain's check calling the function is dropped and added again, its other check left alone.
    expect(sql).toContain(`ALTER DOMAIN "${f(8)}"."small" DROP CONSTRAINT "small_max"`);
    expect(sql).not.toContain("small_check");
    // The domain whose check's text changes: dropped before the old function goes, added after the new one.
    expect(position(`ALTER DOMAIN "${f(11)}"."d" DROP CONSTRAINT "d_check"`)).toBeLessThan(position(`DROP FUNCTION "${f(11)}"."okd"`));
    expect(position(`ALTER DOMAIN "${f(11)}"."d" ADD CONSTRAINT "d_check"`)).toBeGreaterThan(position(`CREATE OR REPLACE FUNCTION ${f(11)}.okd(i bigint)`));
  });

  it("the shared round trip (these shapes, the two BEGIN ATOMIC cases and the renamed table below): A reaches B and comes back; each statement is one case's", async () => {
    await expectShared(shapes);
  });

  it("keeps the rows: the defaults fill new rows again and the generated column is computed by the new function", async () => {
    const trip = await prepareRoundTrip(
      "CREATE FUNCTION g() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 1'; " +
        "CREATE TABLE t (id int PRIMARY KEY, x int DEFAULT g(), d int GENERATED ALWAYS AS (id * g()) STORED);",
      "CREATE FUNCTION g(a int DEFAULT 3) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a'; " +
        "CREATE TABLE t (id int PRIMARY KEY, x int DEFAULT g(), d int GENERATED ALWAYS AS (id * g()) STORED);",
      { rows: "INSERT INTO t (id) VALUES (1), (2);" },
    );
    try {
      await applyOperations(trip.a.url, trip.result.operations);
      expect(dump(trip.a)).toEqual(trip.targetDump);
      await trip.a.query("INSERT INTO t (id) VALUES (3)");
      const rows = await trip.a.query<{ id: number; x: number; d: number }>("SELECT id, x, d FROM t ORDER BY id");
      expect(rows).toEqual([
        { id: 1, x: 1, d: 3 },
        { id: 2, x: 1, d: 6 },
        { id: 3, x: 3, d: 9 },
      ]);
      expect(compare(await read(trip.a), await read(trip.b)).operations).toEqual([]);
      await applyOperations(trip.a.url, invertAll(trip.result.operations));
      expect(dump(trip.a)).toEqual(trip.originalDump);
      const back = await trip.a.query<{ id: number; d: number }>("SELECT id, d FROM t ORDER BY id");
      expect(back).toEqual([
        { id: 1, d: 1 },
        { id: 2, d: 2 },
        { id: 3, d: 3 },
      ]);
    } finally {
      await trip.dispose();
    }
  });
});

// (On the shared round trip above: READER.)
describe("a function dropped and created again with a view it reads, while a default and a check call it", () => {
  it.each([
    ["a column under the view retyped", "retyped"],
    ["the view's query changed", "requeried"],
  ] as const)("%s", async (_, name) => {
    const result = await shapes.of(name);
    expectRoundTrip(result);
    expect(result.rows!.upgraded).toEqual(result.rows!.original);
    const position = (text: string) => result.upgradeSql.findIndex((sql) => sql.includes(text));
    expect(position('ALTER COLUMN "aid" DROP DEFAULT')).toBeLessThan(position(shapes.in(name)('DROP FUNCTION "public"."mx"()')));
    expect(position('ALTER COLUMN "aid" SET DEFAULT')).toBeGreaterThan(position(shapes.in(name)("CREATE OR REPLACE FUNCTION public.mx()")));
  });
});

describe("a function called from outside the compared schemas", () => {
  it("is refused by name instead of a migration PostgreSQL would stop at the drop", async () => {
    const before = "CREATE SCHEMA other; CREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE TABLE other.t (x int DEFAULT public.g());";
    const after = "CREATE SCHEMA other; CREATE FUNCTION g() RETURNS bigint LANGUAGE sql AS 'SELECT 1'; CREATE TABLE other.t (x int DEFAULT public.g());";
    const [a, b] = await Promise.all([createTestDatabase("fout_a"), createTestDatabase("fout_b")]);
    try {
      await a.query(before);
      await b.query(after);
      const [from, to] = await Promise.all([readModel(a.url, ["public"]), readModel(b.url, ["public"])]);
      expect(() => compare(from, to)).toThrow(FunctionCalledOutsideError);
      expect(() => compare(from, to)).toThrow(
        "The migration drops function public.g() (or drops and creates it again), but the default of column other.t.x, outside the compared schemas and tables, calls it",
      );
      // Compared with the other schema, it is set again around the function.
      const [whole, wholeTarget] = await Promise.all([readModel(a.url, ["public", "other"]), readModel(b.url, ["public", "other"])]);
      expect(compare(whole, wholeTarget).operations.map((op) => op.kind)).toContain("alterColumn");
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });
});

describe("a table renamed by the same migration", () => {
  it("has its default set again around the function under its new name, not refused as outside", async () => {
    const result = await shapes.of("renamedTable");
    expectRoundTrip(result);
    expect(result.upgradeSql).toContain(shapes.in("renamedTable")('ALTER TABLE ONLY "public"."new_t" ALTER COLUMN "x" DROP DEFAULT'));
  });
});

describe("what the introspection reads of the calls (functionCalls)", () => {
  it("names defaults, generated columns, constraints (an exclusion's index as its constraint), indexes and domains' defaults and checks, leaving out inherited and attached ones", async () => {
    const db = await createTestDatabase("fcalls");
    try {
      await db.query(`
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE FUNCTION g() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 1';
        CREATE FUNCTION "odd name"(v int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT v % 2 = 1';
        CREATE TABLE t (a int DEFAULT g() CHECK ("odd name"(a)), b int GENERATED ALWAYS AS (a + g()) STORED,
          s text DEFAULT show_limit()::text, EXCLUDE USING gist (int4range(a, a + g()) WITH &&));
        CREATE INDEX t_expr ON t ((a * g())) WHERE "odd name"(b);
        CREATE TABLE tc () INHERITS (t);
        CREATE TABLE p (a int DEFAULT g(), k int) PARTITION BY RANGE (k);
        CREATE INDEX p_expr ON p ((a + g()));
        -- show_limit() belongs to pg_trgm: not read.
        CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);
        CREATE DOMAIN dd AS int DEFAULT g() CHECK (VALUE > g());`);
      const model = await readModel(db.url, ["public"]);
      const g = 'function "public"."g"()';
      const odd = 'function "public"."odd name"(v integer)';
      expect(model.functionCalls).toEqual({
        // A domain's default and checks, by the domain's name.
        '"public"."dd"': [
          { kind: "domainConstraint", name: "dd_check", function: g },
          { kind: "domainDefault", name: "", function: g },
        ],
        '"public"."p"': [
          { kind: "default", name: "a", function: g },
          { kind: "index", name: "p_expr", function: g },
        ],
        '"public"."p1"': [{ kind: "default", name: "a", function: g }],
        '"public"."t"': [
          { kind: "constraint", name: "t_a_check", function: odd },
          { kind: "constraint", name: "t_int4range_excl", function: g },
          { kind: "default", name: "a", function: g },
          { kind: "generated", name: "b", function: g },
          { kind: "index", name: "t_expr", function: g },
          { kind: "index", name: "t_expr", function: odd },
        ],
        // The child's own default and generated column (its check is the parent's, inherited).
        '"public"."tc"': [
          { kind: "default", name: "a", function: g },
          { kind: "generated", name: "b", function: g },
        ],
      });
    } finally {
      await db.drop();
    }
  });
});
