/**
 * A range type over a type rebuilt under its columns, on PostgreSQL 15: an enum losing a label, a domain
 * whose base type changes. PostgreSQL cannot change a range type's subtype, and the range type keeps the
 * old type from being dropped, so the range type is rebuilt with it: set aside under `<name>__old` with
 * its multirange type, created again over the new type, every column of it, of its multirange type, of
 * arrays of either and of the domains over either re-cast through text, the old one dropped. Each case
 * runs the upgrade and the derived downgrade against pg_dump and checks the rows at each stage.
 *
 * Refused where the range type cannot be carried over: a subtype_diff function something else uses too
 * (the rebuild creates it again over the new type), a composite type a column uses with an attribute of
 * the range type.
 *
 * The cases compared the same way share a round trip, a schema each (`sharedRoundTrip`, the cases in
 * range-rebuild-cases.ts), each with its rows read in its schema, and assert on their own part. The refusals
 * (which stop the whole comparison) and the case whose multirange type is in another schema run alone.
 */
import { ALL_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { EnumRebuildBlockedError } from "../../src/compare/compare-errors";
import { compare } from "../../src/compare";
import type { AlterDomainOp, AlterEnumOp } from "../../src/ops/operation";
import { expectRoundTrip, expectShared, readModel, roundTrip, sharedRoundTrip } from "./catalog-round-trip";
import { rangeCasesOf } from "./range-rebuild-cases";
import { applyOperations } from "../support/apply";
import { createTestDatabase } from "../support/test-db";

const managed = { manage: new Set(ALL_MANAGED_KINDS) };

/** The cases run both with every kind managed and without, with privileges compared and without. */
const groups = {
  managed: {
    rows: sharedRoundTrip(
      rangeCasesOf(
        "reordered",
        "domainOnIt",
        "functions",
        "composite",
        "rangeOverRange",
        "unused",
        "droppedWithColumn",
        "createdSame",
        "addedLabel",
        "addedLabelNested",
        "addedLabelFunction",
        "domainBase",
        "domainBaseFunction",
        "domainBaseSubtypeDiff",
      ),
      { options: managed },
    ),
    privileges: sharedRoundTrip(rangeCasesOf("enumRanges", "subtypeDiff", "addedLabelSubtypeDiff", "addedLabelGrants"), {
      options: managed,
      privileges: true,
    }),
  },
  "not managed": {
    rows: sharedRoundTrip(rangeCasesOf("domainOnIt", "functions", "composite", "rangeOverRange")),
    privileges: sharedRoundTrip(rangeCasesOf("enumRanges", "subtypeDiff", "addedLabelGrants"), { privileges: true }),
  },
};
const both = ["managed", "not managed"] as const;
const [rows, privileges] = [groups.managed.rows, groups.managed.privileges];

const expectedEnumRows = [
  { tab: "p", k: "1", v: "[a,c]" },
  { tab: "parent", k: "child", v: "[c,c]" },
  { tab: "parent", k: "parent", v: "empty" },
  { tab: "t", k: "1", v: 'a | [a,c) | {"[a,a]",empty} | {[a,a],[c,c]} | {(a,c]} | [a,c]' },
  { tab: "t", k: "2", v: "" },
  { tab: "t", k: "3", v: "c | (,c) | {} | {} | {} | [c,)" },
  { tab: "t", k: "4", v: "[a,c)" },
];

describe("shared round trips", () => {
  it.each(both.flatMap((mode) => (["rows", "privileges"] as const).map((kind) => [mode, kind, groups[mode][kind].names] as const)))(
    "%s, %s: %s",
    async (mode, kind) => {
      await expectShared(groups[mode][kind]);
    },
  );
});

describe("range types over an enum rebuilt (a label removed, the labels reordered)", () => {
  it.each(both)(
    "%s: are rebuilt with it, their columns, arrays, multirange columns, domains, checks, indexes, partitions, children and view carried over with their rows, and back",
    async (mode) => {
      const [result, own] = [await groups[mode].privileges.of("enumRanges"), groups[mode].privileges.in("enumRanges")];
      expectRoundTrip(result);
      expect(result.rows).toEqual({ original: expectedEnumRows, upgraded: expectedEnumRows, downgraded: expectedEnumRows });
      const [op] = result.upgrade.filter((o): o is AlterEnumOp => o.kind === "alterEnum");
      expect(op?.ranges?.map((r) => [r.range.name, r.usages.map((u) => `${u.table.name}.${u.column}${u.multirange ? " (multirange)" : ""}`)])).toEqual([
        ["er", ["p.r", "parent.r", "t.r", "t.rs", "t.m (multirange)"]],
        ["er2", ["t.m2 (multirange)"]],
      ]);
      expect(op?.ranges?.[0]?.domains?.map((d) => [d.domain.name, d.usages.map((u) => u.column)])).toEqual([["der", ["d"]]]);
      expect(result.upgradeSql).toContain(own('ALTER TYPE "public"."er2_many" RENAME TO "er2_many__old"'));
      expect(result.upgradeSql).toContain(own('ALTER TABLE "public"."t" ALTER COLUMN "m2" TYPE "public"."er2_many" USING "m2"::text::"public"."er2_many"'));
      expect(result.upgradeSql).toContain(own('ALTER TABLE "public"."t" ALTER COLUMN "rs" TYPE "public"."er"[] USING "rs"::text::"public"."er"[]'));
    },
  );

  it("are rebuilt with it when its labels are reordered, with their rows", async () => {
    const result = await rows.of("reordered");
    expectRoundTrip(result);
    const kept = [{ k: 1, r: "[a,b)", m: "{[b,b],[c,c]}" }, { k: 2, r: "(,c]", m: "{}" }];
    // The same ranges; a multirange lists them in the order of the new labels.
    const reordered = [{ k: 1, r: "[a,b)", m: "{[c,c],[b,b]}" }, { k: 2, r: "(,c]", m: "{}" }];
    expect(result.rows).toEqual({ original: kept, upgraded: reordered, downgraded: kept });
  });

  it("are rebuilt with it when the multirange type is named in another schema (its constructors are in the range type's)", async () => {
    const side = (labels: string) =>
      `CREATE SCHEMA x; CREATE TYPE e AS ENUM (${labels}); CREATE TYPE er AS RANGE (subtype = e, multirange_type_name = x.many); ` +
      "CREATE TABLE t (k int, m x.many DEFAULT many(er('a', 'a', '[]')));";
    const result = await roundTrip({
      before: side("'a', 'b'") + " INSERT INTO t VALUES (1, '{[a,a]}'), (2, DEFAULT);",
      after: side("'a'"),
      options: managed,
      schemas: ["public", "x"],
      rows: "SELECT k, m::text FROM t ORDER BY k",
    });
    expectRoundTrip(result);
    const kept = [{ k: 1, m: "{[a,a]}" }, { k: 2, m: "{[a,a]}" }];
    expect(result.rows).toEqual({ original: kept, upgraded: kept, downgraded: kept });
    expect(result.upgradeSql).toContain('ALTER FUNCTION "public"."many"() RENAME TO "many__old"');
  });

  it.each(both)("%s: over a domain on it are rebuilt with the domain, their columns and a multirange domain's carried over with their rows, and back", async (mode) => {
    const [result, own] = [await groups[mode].rows.of("domainOnIt"), groups[mode].rows.in("domainOnIt")];
    expectRoundTrip(result);
    const kept = [
      { k: 1, x: "a", r: "[a,c)", rs: '{"[a,a]"}', m: "{[a,a],[c,c]}", s: "[a,c]" },
      { k: 2, x: null, r: null, rs: null, m: null, s: null },
      { k: 3, x: "c", r: "[a,c)", rs: "{}", m: "{}", s: "empty" },
    ];
    expect(result.rows).toEqual({ original: kept, upgraded: kept, downgraded: kept });
    const [op] = result.upgrade.filter((o): o is AlterEnumOp => o.kind === "alterEnum");
    expect(op?.ranges?.map((r) => [r.range.name, r.usages.map((u) => u.column), (r.domains ?? []).map((d) => d.domain.name)])).toEqual([
      ["er", ["s"], []],
      ["der", ["r", "rs"], ["dm"]],
    ]);
    // The range type over the domain is created over the new domain, and dropped before the old domain.
    const at = (sql: string) => result.upgradeSql.findIndex((s) => s.startsWith(own(sql)));
    expect(at('CREATE DOMAIN "public"."de"')).toBeLessThan(at('CREATE TYPE "public"."der" AS RANGE'));
    expect(at('DROP TYPE "public"."der__old"')).toBeLessThan(at('DROP DOMAIN "public"."de__old"'));
  });

  it("stop the migration before anything changes when a bound of a range type over a domain on it holds the removed label", async () => {
    const side = (labels: string) =>
      `CREATE TYPE e AS ENUM (${labels}); CREATE DOMAIN de AS e; CREATE TYPE der AS RANGE (subtype = de); CREATE TABLE t (k int, r der);`;
    const refused = roundTrip({ before: side("'a', 'b', 'c'") + "INSERT INTO t VALUES (1, '[a,b]');", after: side("'a', 'c'"), options: managed });
    await expect(refused).rejects.toThrow("column r of table public.t (of range type public.der) holds it as a bound in some rows");
  });

  it.each(both)("%s: the functions taking or returning the range type, its multirange type or an array of either are dropped before the rebuild and created again after", async (mode) => {
    const [result, own] = [await groups[mode].rows.of("functions"), groups[mode].rows.in("functions")];
    expectRoundTrip(result);
    const kept = [{ k: 1, r: "[a,c)", w: "{[a,c)}", s: "[c,c]", f: 1 }];
    expect(result.rows).toEqual({ original: kept, upgraded: kept, downgraded: kept });
    const at = (sql: string) => result.upgradeSql.findIndex((s) => s.includes(own(sql)));
    expect(at('DROP FUNCTION "public"."widen"')).toBeLessThan(at('ALTER TYPE "public"."er" RENAME TO "er__old"'));
    expect(at('DROP TYPE "public"."er__old"')).toBeLessThan(at("CREATE OR REPLACE FUNCTION public.widen"));
  });

  it.each(both)("%s: the attributes of composite types of the range type or its multirange type, which no column uses, are retyped to the new one", async (mode) => {
    const [result, own] = [await groups[mode].rows.of("composite"), groups[mode].rows.in("composite")];
    expectRoundTrip(result);
    const kept = [{ k: 1, r: "[a,c)", v: '("[a,c)","{""{[a,c)}""}",1)' }];
    expect(result.rows).toEqual({ original: kept, upgraded: kept, downgraded: kept });
    const [op] = result.upgrade.filter((o): o is AlterEnumOp => o.kind === "alterEnum");
    expect(op?.ranges?.[0]?.attributes).toEqual([
      { type: { schema: own("public"), name: "c" }, attribute: "s", array: false },
      { type: { schema: own("public"), name: "c" }, attribute: "m", array: true, multirange: true },
      { type: { schema: own("public"), name: "c2" }, attribute: "s", array: false },
    ]);
    expect(result.upgradeSql).toContain(own('ALTER TYPE "public"."c" ALTER ATTRIBUTE "m" TYPE "public"."er_multirange"[]'));
  });

  it.each(both)("%s: a range type over such a range type is rebuilt in turn, its columns and multirange columns carried over with their rows, and back", async (mode) => {
    const [result, own] = [await groups[mode].rows.of("rangeOverRange"), groups[mode].rows.in("rangeOverRange")];
    expectRoundTrip(result);
    const kept = [
      { k: 1, r: "[a,c]", r2: '["[a,a]","[c,c]"]', m2: '{"{[\\"[a,a]\\",\\"[a,c]\\"]}"}' },
      { k: 2, r: null, r2: '(,"[c,c]")', m2: null },
    ];
    expect(result.rows).toEqual({ original: kept, upgraded: kept, downgraded: kept });
    const [op] = result.upgrade.filter((o): o is AlterEnumOp => o.kind === "alterEnum");
    expect(op?.ranges?.map((r) => [r.range.name, r.usages.map((u) => u.column)])).toEqual([
      ["er", ["r"]],
      ["er2", ["r2", "m2"]],
    ]);
    // The old outer range type holds the old inner one: dropped first.
    const at = (sql: string) => result.upgradeSql.indexOf(own(sql));
    expect(at('DROP TYPE "public"."er2__old"')).toBeLessThan(at('DROP TYPE "public"."er__old"'));
  });

  it("stop the migration before anything changes when a bound of a bound of a range type over such a range type holds the removed label", async () => {
    const side = (labels: string) =>
      `CREATE TYPE e AS ENUM (${labels}); CREATE TYPE er AS RANGE (subtype = e); CREATE TYPE er2 AS RANGE (subtype = er); CREATE TABLE t (k int, r2 er2);`;
    const refused = roundTrip({
      before: side("'a', 'b', 'c'") + `INSERT INTO t VALUES (1, '["[a,a]","[a,b]")');`,
      after: side("'a', 'c'"),
      options: managed,
    });
    await expect(refused).rejects.toThrow("column r2 of table public.t (of range type public.er2) holds it as a bound in some rows");
  });

  it("is rebuilt with it when nothing uses the range type", async () => {
    expectRoundTrip(await rows.of("unused"));
  });

  it("is dropped before the rebuild when the range type and its column go in the same migration, and comes back with the downgrade", async () => {
    const result = await rows.of("droppedWithColumn");
    expectRoundTrip(result);
    expect(result.rows?.upgraded).toEqual([{ k: 1 }]);
  });

  it("that the same migration creates (over it, over a domain on it it creates too) are created after the rebuild, over the new type, and dropped before the downgrade's", async () => {
    const [result, own] = [await rows.of("createdSame"), rows.in("createdSame")];
    expectRoundTrip(result);
    expect(result.rows?.upgraded).toEqual([{ k: 1, x: "c" }]);
    const at = (sql: string) => result.upgradeSql.findIndex((s) => s.startsWith(own(sql)));
    expect(at('DROP TYPE "public"."e__old"')).toBeLessThan(at('CREATE TYPE "public"."er" AS RANGE'));
    expect(at('DROP TYPE "public"."e__old"')).toBeLessThan(at('CREATE TYPE "public"."der" AS RANGE'));
  });

  it.each(both)("%s: with a subtype_diff function, are rebuilt with it, the function created again over the new type with its grants and comment, and back", async (mode) => {
    const [result, own] = [await groups[mode].privileges.of("subtypeDiff"), groups[mode].privileges.in("subtypeDiff")];
    expectRoundTrip(result);
    expect(result.rows).toEqual({ original: [{ k: 1, x: "[a,c]", d: 2 }], upgraded: [{ k: 1, x: "[a,c]", d: 1 }], downgraded: [{ k: 1, x: "[a,c]", d: 2 }] });
    const at = (sql: string) => result.upgradeSql.findIndex((s) => s.startsWith(own(sql)));
    expect(at('ALTER FUNCTION "public"."ediff"(a public.e, b public.e) RENAME TO "ediff__old"')).toBeLessThan(at('ALTER TYPE "public"."e" RENAME TO'));
    expect(at("CREATE OR REPLACE FUNCTION public.ediff")).toBeLessThan(at('CREATE TYPE "public"."er" AS RANGE'));
    expect(at('DROP TYPE "public"."er__old"')).toBeLessThan(at('DROP FUNCTION "public"."ediff__old"'));
  });

  it("are rebuilt in the downgrade of a label added (a rebuild), with their rows", async () => {
    const result = await rows.of("addedLabel");
    expectRoundTrip(result);
    const kept = [{ k: 1, x: "[a,b)", m: "{[a,a],[b,b]}" }, { k: 2, x: null, m: null }];
    expect(result.rows).toEqual({ original: kept, upgraded: kept, downgraded: kept });
  });

  it("over a domain on it, over such a range type, with a composite type of it, are rebuilt in the downgrade of a label added, with their rows", async () => {
    const result = await rows.of("addedLabelNested");
    expectRoundTrip(result);
    const kept = [{ k: 1, d: "[a,b)", r2: '["[a,a]","[b,b]"]' }, { k: 2, d: null, r2: null }];
    expect(result.rows).toEqual({ original: kept, upgraded: kept, downgraded: kept });
  });

  // The upgrade only adds the label (ADD VALUE), so the comparison of functions does not drop and create
  // again the functions using the types; the derived downgrade, a rebuild, sets them aside itself when it
  // runs (src/sql/type-functions.ts; more in enum-rebuild-functions.db.test.ts).
  it("a function taking a range type over it survives the downgrade of a label added", async () => {
    expectRoundTrip(await rows.of("addedLabelFunction"));
  });

  // As for the enum itself (enum-append-downgrade.db.test.ts): the upgrade, an ADD VALUE, brings no
  // privilege or comment op; the downgrade's rebuild gives the function created again the old one's.
  it("a subtype_diff function keeps its grants and comment through the downgrade of a label added", async () => {
    expectRoundTrip(await privileges.of("addedLabelSubtypeDiff"));
  });

  // Likewise for a range type over it, a domain on it and a range type over that domain, with privileges
  // compared or not.
  it.each(both)("%s: a range type and a domain keep their grants and comments through the downgrade of a label added", async (mode) => {
    expectRoundTrip(await groups[mode].privileges.of("addedLabelGrants"));
  });

  it("is refused before any statement when a range type over it has a subtype_diff function another one uses too, a composite type a column uses has an attribute of it or it is a partition key's", async () => {
    const side = (labels: string) =>
      `CREATE TYPE e AS ENUM (${labels}); CREATE FUNCTION ediff(e, e) RETURNS float8 LANGUAGE sql IMMUTABLE AS 'SELECT 0::float8'; ` +
      "CREATE TYPE er AS RANGE (subtype = e, subtype_diff = ediff); CREATE TYPE er5 AS RANGE (subtype = e, subtype_diff = ediff); " +
      "CREATE TYPE er3 AS RANGE (subtype = e); CREATE TYPE c AS (s er3); CREATE TABLE t (x er, v c); " +
      "CREATE TYPE er4 AS RANGE (subtype = e); CREATE TABLE pk (k int, r er4) PARTITION BY LIST (r);";
    const refused = roundTrip({ before: side("'a', 'b'"), after: side("'a'"), options: managed });
    await expect(refused).rejects.toThrow(EnumRebuildBlockedError);
    const message = await refused.catch((error: Error) => error.message);
    expect(message).toContain("range type public.er over it has the subtype_diff function public.ediff, which takes the old type");
    expect(message).toContain(
      "composite type public.c has an attribute of range type public.er3 (over it) and column public.t.v uses that type (PostgreSQL cannot retype an attribute of a composite type a column uses)",
    );
    expect(message).toContain("column public.pk.r of range type public.er4 over it is in its table's partition key");
  });
});

describe("the rows of a range type's columns when the enum under it loses a label", () => {
  it("stop the migration before anything changes when a bound holds it, even with a value map", async () => {
    const db = await createTestDatabase("rangebound");
    try {
      await db.query(
        "CREATE TYPE e AS ENUM ('a', 'b', 'c'); CREATE TYPE er AS RANGE (subtype = e); CREATE DOMAIN dm AS er_multirange; " +
          "CREATE TABLE t (k int, x e, r er, rs er[], m er_multirange, d dm); " +
          "INSERT INTO t VALUES (1, 'a', '[a,c]', '{\"[a,a]\"}', '{[a,a]}', '{[c,c]}'), (2, 'c', NULL, NULL, NULL, NULL);",
      );
      const from = await readModel(db.url, ["public"]);
      const to = { ...from, enums: { '"public"."e"': { schema: "public", name: "e", labels: ["a", "c"] } } };
      const [op] = compare(from, to).operations as AlterEnumOp[];
      const rows = "SELECT k, x::text, r::text, rs::text, m::text, d::text FROM t ORDER BY k";
      const start = await db.query(rows);
      for (const [column, value] of [["r", "'[a,b]'"], ["rs", "'{\"[c,c]\",\"[b,c]\"}'"], ["m", "'{[a,a],(b,c)}'"], ["d", "'{[c,c],[a,b]}'"]] as const) {
        await db.query(`UPDATE t SET ${column} = ${value} WHERE k = 2`);
        await expect(applyOperations(db.url, [{ ...op!, valueMap: { b: "a" } }])).rejects.toThrow(
          `Cannot remove label 'b' from enum public.e: column ${column} of table public.t (of range type public.er) holds it as a bound in some rows`,
        );
        await db.query(`UPDATE t SET ${column} = NULL WHERE k = 2`);
      }
      expect(await db.query(rows)).toEqual(start);
      await applyOperations(db.url, [op!]);
      expect(await db.query(rows)).toEqual(start);
      expect(await db.query("SELECT enum_range(NULL::e)::text AS labels")).toEqual([{ labels: "{a,c}" }]);
    } finally {
      await db.drop();
    }
  });
});

describe("range types over a domain whose base type changes", () => {
  const kept = [
    { id: 1, x: "7", r: "[1,5)", rs: '{"[2,3)","(,4]"}', m: "{[1,2),[4,9)}" },
    { id: 2, x: null, r: null, rs: null, m: null },
  ];

  it("are rebuilt with it, their columns re-cast with their rows, and back", async () => {
    const [result, own] = [await rows.of("domainBase"), rows.in("domainBase")];
    expectRoundTrip(result);
    expect(result.rows).toEqual({ original: kept, upgraded: kept, downgraded: kept });
    const [op] = result.upgrade.filter((o): o is AlterDomainOp => o.kind === "alterDomain");
    expect(op?.ranges?.map((r) => [r.range.name, r.usages.map((u) => u.column)])).toEqual([["dr", ["r", "rs", "m"]]]);
    expect(result.log).toContain(
      own("Detected changed base type of domain 'public.d': created again with range type 'public.dr' and its columns re-cast ('public.t.x', 'public.t.r', 'public.t.rs', 'public.t.m')"),
    );
  });

  it("are rebuilt with it, the functions taking the range type dropped before and created again after", async () => {
    const result = await rows.of("domainBaseFunction");
    expectRoundTrip(result);
    const kept = [{ id: 1, w: "{[1,5)}" }];
    expect(result.rows).toEqual({ original: kept, upgraded: kept, downgraded: kept });
  });

  it("are rebuilt with it with their subtype_diff function, created again over the new domain", async () => {
    const result = await rows.of("domainBaseSubtypeDiff");
    expectRoundTrip(result);
    expect(result.rows).toEqual({ original: [{ id: 1, r: "[1,5)" }], upgraded: [{ id: 1, r: "[1,5)" }], downgraded: [{ id: 1, r: "[1,5)" }] });
  });

  it("are left as they are, with the domain, where a range type over it has a subtype_diff function that a default calls too", async () => {
    const side = (base: string) =>
      `CREATE DOMAIN d AS ${base}; CREATE FUNCTION ddiff(d, d) RETURNS float8 LANGUAGE sql IMMUTABLE AS 'SELECT 0::float8'; ` +
      "CREATE TYPE dr AS RANGE (subtype = d, subtype_diff = ddiff); CREATE TABLE t (x d, y float8 DEFAULT ddiff(1, 2));";
    const [a, b] = await Promise.all([createTestDatabase("rr_a"), createTestDatabase("rr_b")]);
    try {
      await Promise.all([a.query(side("int")), b.query(side("bigint"))]);
      const [from, to] = await Promise.all([readModel(a.url, ["public"]), readModel(b.url, ["public"])]);
      const result = compare(from, to, managed);
      expect(result.operations).toEqual([]);
      expect(result.unresolved?.join("\n")).toContain(
        "Warning: the base type or collation of domain 'public.d' changes, but range type public.dr over it has the subtype_diff function public.ddiff, which takes the old type",
      );
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });
});
