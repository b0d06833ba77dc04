/**
 * Range types on PostgreSQL 15, database to database: read from pg_range (options only where they are
 * not what PostgreSQL gives without them), created before the domains, tables and functions that use
 * them and after the functions and collations they name, dropped after what uses them, with the derived
 * downgrade and the reverse diff, each judged against pg_dump. The multirange type and the constructor
 * functions PostgreSQL makes with a range type never appear as objects of their own (`autogen diff` once
 * printed the constructors as functions to create, and no CREATE TYPE). A changed range type nothing uses
 * is dropped and created again; one something uses is left, with a warning. Entity mode leaves them alone.
 */
import { diff } from "../../src/api/diff";
import { compare } from "../../src/compare";
import { ALL_MANAGED_KINDS, ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import type { SchemaModel } from "../../src/model/schema-model";
import { operationBuilders as opBuilders } from "../../src/ops/builders";
import { invertAll } from "../../src/ops/invert";
import { renderOperation } from "../../src/render/render-operation";
import { compileOperations } from "../../src/sql/compile";
import { applyOperations } from "../support/apply";
import { pgDumpAsync } from "../support/pg-dump";
import { createTestDatabase } from "../support/test-db";
import { ensureRoles, expectRoundTrip, expectShared, readModel, roundTrip, sharedRoundTrip } from "./catalog-round-trip";

/**
 * One range type of each kind of option: a subtype difference function of PostgreSQL's and one of the
 * database's own (created before it), a collation of the database's own, an operator class and a
 * collation of PostgreSQL's, a multirange type named by hand; one used by a domain, a table's columns
 * (of it and of its multirange type) and a function. (A CANONICAL function must be written in C: none is
 * created here, the reading of one is the same regproc text as SUBTYPE_DIFF's.)
 */
const RANGES = `
  CREATE FUNCTION time_diff(a time, b time) RETURNS double precision LANGUAGE sql IMMUTABLE
    AS 'SELECT extract(epoch FROM a - b)::double precision';
  CREATE TYPE floatrange AS RANGE (SUBTYPE = float8, SUBTYPE_DIFF = float8mi);
  CREATE TYPE timerange AS RANGE (SUBTYPE = time, SUBTYPE_DIFF = time_diff);
  CREATE COLLATION posix FROM "POSIX";
  CREATE TYPE textrange AS RANGE (SUBTYPE = text, COLLATION = posix);
  CREATE TYPE patternrange AS RANGE (SUBTYPE = text, SUBTYPE_OPCLASS = text_pattern_ops, COLLATION = "C");
  CREATE TYPE period AS RANGE (SUBTYPE = timestamptz, MULTIRANGE_TYPE_NAME = periods);
  CREATE TYPE vrange AS RANGE (SUBTYPE = varchar, SUBTYPE_OPCLASS = text_ops);
  CREATE DOMAIN positive_span AS floatrange CHECK (lower(VALUE) >= 0);
  CREATE TABLE slots (id int PRIMARY KEY, span floatrange, spans floatmultirange, kept positive_span, during periods);
  CREATE FUNCTION width(r floatrange) RETURNS double precision LANGUAGE sql IMMUTABLE AS 'SELECT upper(r) - lower(r)';
`;

/** The statement that creates `name` in `schema` (a type, domain, table, collation or function). */
const creating = (name: string, schema = "public") => new RegExp(`^CREATE (TYPE|DOMAIN|TABLE|COLLATION|OR REPLACE FUNCTION) "?${schema}"?\\."?${name}"?[ (]`);

/**
 * The cases compared with the default options, in one round trip, a schema each: every kind created from
 * nothing and dropped; range types nothing uses whose definition changes, dropped and created again with the
 * comment on the type. Alone: the multirange type named in another schema (`other`); the range types a
 * column, a domain or a function uses, which the migration leaves as they are (A never dumps as B).
 */
const group = sharedRoundTrip({
  createdAll: { before: "", after: RANGES },
  droppedAll: { before: RANGES, after: "" },
  subtype: { before: "CREATE TYPE r AS RANGE (SUBTYPE = int4);", after: "CREATE TYPE r AS RANGE (SUBTYPE = int8);" },
  options: {
    before: "CREATE TYPE r AS RANGE (SUBTYPE = float8); COMMENT ON TYPE r IS 'spans';",
    after: "CREATE TYPE r AS RANGE (SUBTYPE = float8, SUBTYPE_DIFF = float8mi, MULTIRANGE_TYPE_NAME = rs); COMMENT ON TYPE r IS 'spans';",
  },
  collation: {
    before: `CREATE TYPE r AS RANGE (SUBTYPE = text, COLLATION = "C");`,
    after: `CREATE TYPE r AS RANGE (SUBTYPE = text); CREATE TABLE t (id int);`,
  },
});

it(`in one round trip: ${group.names}`, async () => {
  await expectShared(group);
});

describe("range types: database to database on PostgreSQL 15", () => {
  it("reads each option only where it is not PostgreSQL's default, and none of the multirange types or constructors", async () => {
    const db = await createTestDatabase("rng_read");
    try {
      await db.query(RANGES);
      const model = await readModel(db.url, ["public"]);
      const plain = { schema: "public", opclass: null, collation: null, canonical: null, subtypeDiff: null, multirange: null };
      expect(model.rangeTypes).toEqual({
        '"public"."floatrange"': { ...plain, name: "floatrange", subtype: "double precision", subtypeDiff: "float8mi" },
        '"public"."patternrange"': { ...plain, name: "patternrange", subtype: "text", opclass: "text_pattern_ops", collation: '"C"' },
        '"public"."period"': { ...plain, name: "period", subtype: "timestamp with time zone", multirange: "public.periods" },
        '"public"."textrange"': { ...plain, name: "textrange", subtype: "text", collation: "public.posix" },
        '"public"."timerange"': { ...plain, name: "timerange", subtype: "time without time zone", subtypeDiff: "public.time_diff" },
        // text_ops is what PostgreSQL picks for varchar (it has no class of its own).
        '"public"."vrange"': { ...plain, name: "vrange", subtype: "character varying" },
      });
      // The constructors (floatrange(float8, float8), floatmultirange(VARIADIC floatrange[]), ...) are the types' own.
      expect(Object.keys(model.functions)).toEqual([
        '"public"."time_diff"(a time without time zone, b time without time zone)',
        '"public"."width"(r public.floatrange)',
      ]);
      // A function of a multirange type depends on its range type.
      await db.query("CREATE FUNCTION total(s floatmultirange[]) RETURNS int LANGUAGE sql AS 'SELECT 1'");
      const again = await readModel(db.url, ["public"]);
      expect(Object.values(again.functions).find((f) => f.name === "total")?.dependsOn).toEqual(['type "public"."floatrange"']);
    } finally {
      await db.drop();
    }
  });

  it("tells PostgreSQL's own multirange names from one given, long and non-ASCII names included", async () => {
    const db = await createTestDatabase("rng_names");
    try {
      const long = "a".repeat(63);
      const longRange = `${"b".repeat(56)}range`;
      const accented = "é".repeat(31);
      const types = `
        CREATE TYPE "Spans" AS RANGE (SUBTYPE = int4);
        CREATE TYPE "SpanRange" AS RANGE (SUBTYPE = int4);
        CREATE TYPE ${long} AS RANGE (SUBTYPE = int4);
        CREATE TYPE ${longRange} AS RANGE (SUBTYPE = int4);
        CREATE TYPE "${accented}" AS RANGE (SUBTYPE = int4);
        CREATE TYPE elsewhere AS RANGE (SUBTYPE = int4, MULTIRANGE_TYPE_NAME = other.elsewhere_multirange);
        CREATE TYPE daterange2 AS RANGE (SUBTYPE = date, MULTIRANGE_TYPE_NAME = date_multirange2);`;
      await db.query(`CREATE SCHEMA other; ${types}`);
      const model = await readModel(db.url, ["public"]);
      const multiranges = Object.fromEntries(Object.values(model.rangeTypes ?? {}).map((r) => [r.name, r.multirange]));
      expect(multiranges).toEqual({
        Spans: null,
        SpanRange: null,
        [long]: null,
        [longRange]: null,
        [accented]: null,
        elsewhere: "other.elsewhere_multirange",
        daterange2: "public.date_multirange2",
      });
      const names = await db.query("SELECT t.typname AS range, m.typname AS multi FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid JOIN pg_type m ON m.oid = r.rngmultitypid");
      expect(names.find((row) => row.range === long)?.multi).toBe(`${"a".repeat(52)}_multirange`);
      // Created from nothing, each gets the same multirange type again.
      expectRoundTrip(await roundTrip({ before: "CREATE SCHEMA other;", after: `CREATE SCHEMA other; ${types}` }));
    } finally {
      await db.drop();
    }
  });

  it("creates them from nothing in dependency order, and the downgrade drops them all", async () => {
    const [result, own] = [await group.of("createdAll"), group.in("createdAll")];
    expectRoundTrip(result);
    const sql = result.upgradeSql;
    expect(sql).toEqual(
      expect.arrayContaining(
        [
          `CREATE TYPE "public"."floatrange" AS RANGE (SUBTYPE = double precision, SUBTYPE_DIFF = float8mi)`,
          `CREATE TYPE "public"."timerange" AS RANGE (SUBTYPE = time without time zone, SUBTYPE_DIFF = public.time_diff)`,
          `CREATE TYPE "public"."textrange" AS RANGE (SUBTYPE = text, COLLATION = public.posix)`,
          `CREATE TYPE "public"."patternrange" AS RANGE (SUBTYPE = text, SUBTYPE_OPCLASS = text_pattern_ops, COLLATION = "C")`,
          `CREATE TYPE "public"."period" AS RANGE (SUBTYPE = timestamp with time zone, MULTIRANGE_TYPE_NAME = public.periods)`,
          `CREATE TYPE "public"."vrange" AS RANGE (SUBTYPE = character varying)`,
        ].map(own),
      ),
    );
    const at = (name: string) => {
      const index = sql.findIndex((statement) => creating(name, own("public")).test(statement));
      expect([name, index]).not.toEqual([name, -1]);
      return index;
    };
    expect(at("time_diff")).toBeLessThan(at("timerange"));
    expect(at("posix")).toBeLessThan(at("textrange"));
    expect(at("floatrange")).toBeLessThan(at("positive_span"));
    expect(at("floatrange")).toBeLessThan(at("width"));
    expect(at("positive_span")).toBeLessThan(at("slots"));
    expect(at("period")).toBeLessThan(at("slots"));
    // Only the two functions of the database's own are created.
    expect(result.upgrade.filter((op) => op.kind === "createFunction").map((op) => op.kind === "createFunction" && op.function.name)).toEqual([
      "time_diff",
      "width",
    ]);
    expect(result.log).toEqual(expect.arrayContaining(["Detected added range type 'public.floatrange'", "Detected added range type 'public.period'"].map(own)));
  });

  it("drops them all after what uses them, and the downgrade creates them again", async () => {
    const [result, own] = [await group.of("droppedAll"), group.in("droppedAll")];
    expectRoundTrip(result);
    const kinds = result.upgrade.map((op) => op.kind);
    expect(kinds.lastIndexOf("dropTable")).toBeLessThan(kinds.indexOf("dropRangeType"));
    expect(kinds.lastIndexOf("dropDomain")).toBeLessThan(kinds.indexOf("dropRangeType"));
    expect(result.upgradeSql.indexOf(own('DROP TYPE "public"."timerange"'))).toBeLessThan(
      result.upgradeSql.findIndex((statement) => statement.startsWith(own('DROP FUNCTION "public"."time_diff"'))),
    );
    expect(result.upgradeSql.indexOf(own('DROP TYPE "public"."floatrange"'))).toBeGreaterThan(
      result.upgradeSql.findIndex((statement) => statement.startsWith(own('DROP FUNCTION "public"."width"'))),
    );
  });

  it("autogen diff: creates the range types and never the constructor functions PostgreSQL makes for them", async () => {
    const [a, b] = await Promise.all([createTestDatabase("rng_da"), createTestDatabase("rng_db")]);
    try {
      await b.query(RANGES);
      const original = await pgDumpAsync(a.url);
      const { operations, log, uncompared } = await diff(a.url, b.url);
      // Compared, so not among the kinds the script leaves undone.
      expect(uncompared).toEqual([]);
      const sql = compileOperations(operations).map((s) => s.sql);
      expect(sql.filter((statement) => /range_constructor|FUNCTION public\.(float|text|time|pattern|v)?(multi)?range|periods?\(/.test(statement))).toEqual([]);
      expect(sql).toContain(`CREATE TYPE "public"."floatrange" AS RANGE (SUBTYPE = double precision, SUBTYPE_DIFF = float8mi)`);
      expect(log.filter((line) => /function/.test(line))).toEqual([
        "Detected added function 'public.time_diff(a time without time zone, b time without time zone)'",
        "Detected added function 'public.width(r public.floatrange)'",
      ]);
      await applyOperations(a.url, operations);
      expect(await pgDumpAsync(a.url)).toEqual(await pgDumpAsync(b.url));
      expect((await diff(a.url, b.url)).upToDate).toBe(true);
      await applyOperations(a.url, invertAll(operations));
      expect(await pgDumpAsync(a.url)).toEqual(original);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });

  it("autogen diff the other way: drops the range types, never their constructors apart", async () => {
    const [a, b] = await Promise.all([createTestDatabase("rng_ra"), createTestDatabase("rng_rb")]);
    try {
      await a.query(RANGES);
      const { operations } = await diff(a.url, b.url);
      expect(operations.flatMap((op) => (op.kind === "dropFunction" ? [op.function.name] : []))).toEqual(["width", "time_diff"]);
      await applyOperations(a.url, operations);
      expect(await pgDumpAsync(a.url)).toEqual(await pgDumpAsync(b.url));
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });
});

describe("a range type whose definition changes", () => {

  it("is dropped and created again where nothing uses it", async () => {
    const subtype = await group.of("subtype");
    expect(subtype.log).toEqual([expect.stringMatching(/^Detected changed range type 's\d+\.r': dropped and created again$/)]);
    expect(subtype.upgradeSql).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DROP TYPE "s\d+"\."r"$/),
        expect.stringMatching(/^CREATE TYPE "s\d+"\."r" AS RANGE \(SUBTYPE = bigint\)$/),
      ]),
    );
    const options = await group.of("options");
    expect(options.upgradeSql).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^CREATE TYPE "s\d+"\."r" AS RANGE \(SUBTYPE = double precision, SUBTYPE_DIFF = float8mi, MULTIRANGE_TYPE_NAME = s\d+\.rs\)$/),
        expect.stringMatching(/^COMMENT ON TYPE "s\d+"\."r" IS 'spans'$/),
      ]),
    );
  });

  it("is left as it is, with a warning, where a column, a multirange column, a domain or a function uses it", async () => {
    const cases = {
      by_column: "CREATE TABLE t (x r);",
      by_multirange: "CREATE TABLE t (x r_multirange[]);",
      by_domain: "CREATE DOMAIN d AS r;",
      by_function: "CREATE FUNCTION f(x r) RETURNS int LANGUAGE sql AS 'SELECT 1';",
    };
    const result = await roundTrip({
      before: Object.entries(cases)
        .map(([schema, user]) => `CREATE SCHEMA ${schema}; SET search_path = ${schema}; CREATE TYPE r AS RANGE (SUBTYPE = int4); ${user}`)
        .join("\n"),
      after: Object.entries(cases)
        .map(([schema, user]) => `CREATE SCHEMA ${schema}; SET search_path = ${schema}; CREATE TYPE r AS RANGE (SUBTYPE = int8); ${user} CREATE TABLE more (id int);`)
        .join("\n"),
      schemas: Object.keys(cases),
    });
    const warning = (schema: string, user: string) =>
      `Warning: range type '${schema}.r' differs in its definition, which Postgres cannot alter, and ${user} uses it: ` +
      "left as it is (drop and create it by hand, with what uses it)";
    expect(result.log.filter((line) => line.startsWith("Warning"))).toEqual([
      warning("by_column", "column 'by_column.t.x'"),
      warning("by_domain", "domain 'by_domain.d'"),
      warning("by_function", "function 'by_function.f(x by_function.r)'"),
      warning("by_multirange", "column 'by_multirange.t.x'"),
    ]);
    // The rest of the migration applies, and the downgrade leads back.
    expect(result.upgrade.map((op) => op.kind)).toEqual(["createTable", "createTable", "createTable", "createTable"]);
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
  });
});

describe("comments, grants and owners on range types", () => {
  const withPrivileges = { manage: new Set(ALL_MANAGED_KINDS) };
  const group = sharedRoundTrip(
    {
      // Created with its comment and its USAGE taken from PUBLIC and given to a role.
      created: {
        before: "",
        after: "CREATE TYPE r AS RANGE (SUBTYPE = int4); COMMENT ON TYPE r IS 'slots'; REVOKE USAGE ON TYPE r FROM PUBLIC; GRANT USAGE ON TYPE r TO rng_reader;",
      },
      // Dropped and created again: the grants and the comment come back, on a type of the same owner.
      recreated: {
        before: "CREATE TYPE r AS RANGE (SUBTYPE = int4); COMMENT ON TYPE r IS 'slots'; GRANT USAGE ON TYPE r TO rng_reader WITH GRANT OPTION; ALTER TYPE r OWNER TO rng_owner;",
        after: "CREATE TYPE r AS RANGE (SUBTYPE = int8); COMMENT ON TYPE r IS 'slots'; GRANT USAGE ON TYPE r TO rng_reader WITH GRANT OPTION; ALTER TYPE r OWNER TO rng_owner;",
      },
      // Only the grants and the comment change.
      changed: {
        before: "CREATE TYPE r AS RANGE (SUBTYPE = int4); COMMENT ON TYPE r IS 'old';",
        after: "CREATE TYPE r AS RANGE (SUBTYPE = int4); COMMENT ON TYPE r IS 'new'; REVOKE USAGE ON TYPE r FROM PUBLIC;",
      },
    },
    { options: withPrivileges, privileges: true, setUp: () => ensureRoles(["rng_reader", "rng_owner"]) },
  );

  it(group.names, async () => {
    await expectShared(group);
  });

  it("keeps the owner of a range type dropped and created again, when the migration runs", async () => {
    await ensureRoles(["rng_owner"]);
    const [a, b] = await Promise.all([createTestDatabase("rng_oa"), createTestDatabase("rng_ob")]);
    try {
      await a.query("CREATE TYPE r AS RANGE (SUBTYPE = int4); ALTER TYPE r OWNER TO rng_owner;");
      await b.query("CREATE TYPE r AS RANGE (SUBTYPE = int8);");
      const owner = async () => (await a.query("SELECT pg_get_userbyid(typowner) AS owner FROM pg_type WHERE typname = 'r'"))[0].owner;
      const { operations } = await diff(a.url, b.url);
      expect(operations.map((op) => op.kind)).toEqual(["alterRangeType"]);
      await applyOperations(a.url, operations);
      expect((await readModel(a.url, ["public"])).rangeTypes?.['"public"."r"']?.subtype).toBe("bigint");
      expect(await owner()).toBe("rng_owner");
      await applyOperations(a.url, invertAll(operations));
      expect((await readModel(a.url, ["public"])).rangeTypes?.['"public"."r"']?.subtype).toBe("integer");
      expect(await owner()).toBe("rng_owner");
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });

  it("sets them with the statements of types", async () => {
    const created = await group.of("created");
    expect(created.upgradeSql).toEqual([
      expect.stringMatching(/^CREATE TYPE "s\d+"\."r" AS RANGE \(SUBTYPE = integer\)$/),
      expect.stringMatching(/^DO /),
      expect.stringMatching(/^REVOKE USAGE ON TYPE "s\d+"\."r" FROM PUBLIC CASCADE$/),
      expect.stringMatching(/^GRANT USAGE ON TYPE "s\d+"\."r" TO "rng_reader"$/),
      expect.stringMatching(/^COMMENT ON TYPE "s\d+"\."r" IS 'slots'$/),
    ]);
    const changed = await group.of("changed");
    expect(changed.upgradeSql).toEqual([
      expect.stringMatching(/^REVOKE USAGE ON TYPE "s\d+"\."r" FROM PUBLIC$/),
      expect.stringMatching(/^COMMENT ON TYPE "s\d+"\."r" IS 'new'$/),
    ]);
  });
});

describe("entity mode", () => {
  it("leaves a range type the database has alone: entities describe none; managed on request, it is dropped", async () => {
    const db = await createTestDatabase("rng_entities");
    try {
      await db.query("CREATE TYPE floatrange AS RANGE (SUBTYPE = float8); CREATE TYPE unused AS RANGE (SUBTYPE = int4); CREATE TABLE t (id int PRIMARY KEY, r floatrange);");
      const current = await readModel(db.url, ["public"]);
      const { rangeTypes: _, ...entities }: SchemaModel = current;
      expect(Object.keys(current.rangeTypes ?? {})).toEqual(['"public"."floatrange"', '"public"."unused"']);
      expect(compare(current, entities, { manage: ENTITY_MANAGED_KINDS }).operations).toEqual([]);
      // Managed, what entities do not describe is dropped (Postgres would refuse the drop of the one a column uses).
      const managed = compare(current, entities, { manage: new Set([...ENTITY_MANAGED_KINDS, "rangeTypes"]) }).operations;
      expect(managed.flatMap((op) => (op.kind === "dropRangeType" ? [op.type.name] : [])).sort()).toEqual(["floatrange", "unused"]);
    } finally {
      await db.drop();
    }
  });
});

describe("written by hand", () => {
  it("op.createRangeType, dropRangeType and alterRangeType render, compile and invert", async () => {
    const spec = { subtype: "double precision", subtypeDiff: "float8mi", multirange: "public.spans" };
    const created = opBuilders.createRangeType("span", spec);
    expect(renderOperation(created)).toBe(
      'await op.createRangeType("span", { subtype: "double precision", subtypeDiff: "float8mi", multirange: "public.spans" });',
    );
    const altered = opBuilders.alterRangeType("span", { from: spec, to: { subtype: "numeric" } });
    expect(compileOperations([created, ...invertAll([created])]).map((s) => s.sql)).toEqual([
      'CREATE TYPE "public"."span" AS RANGE (SUBTYPE = double precision, SUBTYPE_DIFF = float8mi, MULTIRANGE_TYPE_NAME = public.spans)',
      'DROP TYPE "public"."span"',
    ]);
    const db = await createTestDatabase("rng_hand");
    try {
      await applyOperations(db.url, [created, altered]);
      const model = await readModel(db.url, ["public"]);
      expect(model.rangeTypes?.['"public"."span"']?.subtype).toBe("numeric");
      await applyOperations(db.url, invertAll([created, altered]));
      expect((await readModel(db.url, ["public"])).rangeTypes).toBeUndefined();
    } finally {
      await db.drop();
    }
    expect(() => opBuilders.createRangeType("span", {} as never)).toThrow(/subtype/);
  });
});
