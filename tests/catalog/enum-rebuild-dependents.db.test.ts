/**
 * Removing a label from an enum rebuilds the type (PostgreSQL 15 has no ALTER TYPE ... DROP VALUE): the
 * old type is renamed, the new one created, every column of it re-cast, the old one dropped. What uses
 * those columns or the type besides a column's type and default must make way for that. Each case runs
 * the upgrade and the derived downgrade on PostgreSQL 15 against pg_dump, managed or not.
 *
 * A rebuild that cannot carry over what uses the enum is refused before any statement: a partition key
 * column (PostgreSQL cannot retype it), a domain on the enum that a composite type or another domain
 * or a range type uses, a composite type with an attribute of it that a column uses (PostgreSQL cannot
 * retype such an attribute). A range type over the enum is rebuilt with it (range-rebuild.db.test.ts). A
 * composite type whose attribute is retyped under columns of it is rebuilt like a domain; under an array
 * of it, or a column holding it inside another composite type or a domain, refused (CompositeRetypeBlockedError).
 */
import { ALL_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { CompositeRetypeBlockedError, EnumRebuildBlockedError } from "../../src/compare/compare-errors";
import { compare } from "../../src/compare";
import type { AlterEnumOp } from "../../src/ops/operation";
import { applyOperations } from "../support/apply";
import { createTestDatabase } from "../support/test-db";
import { expectRoundTrip, expectShared, readModel, roundTrip, sharedRoundTrip, type SharedCase } from "./catalog-round-trip";

const managed = { manage: new Set(ALL_MANAGED_KINDS) };
/** A start with labels a and b, and the same without b. */
const pair = (rest: string): [string, string] => [
  `CREATE TYPE e AS ENUM ('a', 'b'); ${rest}`,
  `CREATE TYPE e AS ENUM ('a'); ${rest}`,
];

const PARTITIONED = pair("CREATE TABLE r (k int, x e) PARTITION BY RANGE (k); CREATE TABLE r_1 PARTITION OF r FOR VALUES FROM (0) TO (9);");

/**
 * What is in the way of an enum rebuilt to remove a label (`w<n>` each), in the round trips below, managed
 * and not.
 */
const works: Array<[string, string]> = [
  ["a policy reads its column", "CREATE TABLE t (x e); ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (x = 'a');"],
  [
    "a trigger's WHEN reads its column",
    "CREATE TABLE t (x e); CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'; " +
      "CREATE TRIGGER tt BEFORE UPDATE ON t FOR EACH ROW WHEN (NEW.x = 'a') EXECUTE FUNCTION tf();",
  ],
  ["a view reads its column", "CREATE TABLE t (x e); CREATE VIEW v AS SELECT x FROM t WHERE x = 'a';"],
  ["a function takes it as an argument", "CREATE FUNCTION fe(x e) RETURNS int LANGUAGE sql AS 'SELECT 1';"],
  ["a check compares its column with a label", "CREATE TABLE t (x e CHECK (x <> 'a'), y int CHECK (y > 0));"],
  ["a partial index compares its column with a label", "CREATE TABLE t (x e, y int); CREATE INDEX t_x ON t (x) WHERE x = 'a'; CREATE INDEX t_y ON t (y, x);"],
  ["an expression index compares its column with a label", "CREATE TABLE t (x e); CREATE UNIQUE INDEX t_x ON t ((x = 'a'), x);"],
  ["an exclusion constraint's predicate names a label", "CREATE TABLE t (x e, EXCLUDE USING btree (x WITH =) WHERE (x = 'a'));"],
  [
    "a foreign key joins two columns of it",
    "CREATE TABLE k (x e PRIMARY KEY); CREATE TABLE r (x e REFERENCES k, y e[] CHECK ('a' = ANY (y)));",
  ],
  [
    "a partitioned table's check and index compare its (non-key) column with a label",
    "CREATE TABLE p (k int, x e CHECK (x <> 'a')) PARTITION BY RANGE (k); CREATE INDEX p_x ON p (x) WHERE x = 'a'; " +
      "CREATE TABLE p_1 PARTITION OF p FOR VALUES FROM (0) TO (10);",
  ],
  ["composite types no column uses have attributes of it and of arrays of it", "CREATE TYPE c2 AS (x e, n int); CREATE TYPE c3 AS (xs e[]);"],
  [
    "domains are based on it and on an array of it, with a default, a check, a comment, columns, a view and a table check",
    "CREATE DOMAIN de AS e NOT NULL DEFAULT 'a' CONSTRAINT de_check CHECK (VALUE <> 'a'); COMMENT ON DOMAIN de IS 'mood'; " +
      "CREATE DOMAIN dl AS e[]; CREATE TABLE t (x de DEFAULT 'a', xs de[], y dl, z de CHECK (z::e <> 'a')); CREATE VIEW v AS SELECT x, y FROM t;",
  ],
  ["a generated column reads its column", "CREATE TABLE t (x e, y boolean GENERATED ALWAYS AS (x = 'a') STORED);"],
  [
    // Generated columns last: one dropped and added again moves to the end of its table.
    "generated columns read its column, one with an index, a unique key, a comment and a view on it, one of the enum",
    "CREATE TABLE t (x e, z int, w int GENERATED ALWAYS AS (z + 1) STORED, " +
      "y int GENERATED ALWAYS AS (CASE WHEN x = 'a' THEN z ELSE -z END) STORED UNIQUE, u e GENERATED ALWAYS AS (x) STORED); " +
      "CREATE INDEX t_y ON t (y); COMMENT ON COLUMN t.y IS 'derived'; CREATE VIEW v AS SELECT y, u FROM t;",
  ],
];
const worksCases = Object.fromEntries(works.map(([, rest], i) => [`w${i}`, { before: pair(rest)[0], after: pair(rest)[1] }])) as Record<string, SharedCase>;

/**
 * Cases below with every kind managed, in one round trip, a schema each. Alone: the refusals, which stop
 * the whole comparison with one error; the domains' base types, whose dumps are compared with GRANTs.
 */
const managedCases = sharedRoundTrip<string>(
  {
    partitioned: { before: `${PARTITIONED[0]} CREATE TABLE p (x e) PARTITION BY LIST (x);`, after: PARTITIONED[1] },
    composite: {
      before:
        "CREATE TYPE cp AS (a int, b text, gone date); COMMENT ON TYPE cp IS 'pair'; CREATE TABLE t (id int, x cp DEFAULT ROW(1, 'd', NULL)::cp, y cp); " +
        "CREATE VIEW v AS SELECT (x).a FROM t; INSERT INTO t VALUES (1, ROW(7, 'seven', '2020-01-01'), NULL), (2, NULL, ROW(NULL, NULL, NULL));",
      after:
        "CREATE TYPE cp AS (a bigint, b text COLLATE \"C\", c boolean); COMMENT ON TYPE cp IS 'pair'; CREATE TABLE t (id int, x cp DEFAULT ROW(1, 'd', NULL)::cp, y cp); " +
        "CREATE VIEW v AS SELECT (x).a FROM t;",
    },
    ...worksCases,
  },
  { options: managed },
);

/** Cases below with the default options, in one round trip. */
const plainCases = sharedRoundTrip<string>({
  unusedComposite: { before: "CREATE TYPE cp AS (a int); CREATE TYPE holder AS (p cp);", after: "CREATE TYPE cp AS (a bigint); CREATE TYPE holder AS (p cp);" },
  compositeShape: { before: "CREATE TYPE cp AS (a int, b text); CREATE TABLE t (x cp);", after: "CREATE TYPE cp AS (a int, c date); CREATE TABLE t (x cp);" },
  ...worksCases,
});

it.each([
  ["managed", managedCases.names, managedCases],
  ["not managed", plainCases.names, plainCases],
] as const)("%s, in one round trip: %s", async (_mode, _names, group) => {
  await expectShared(group);
});

describe("an enum rebuilt to remove a label", () => {
  // Every case in a schema of its own, in the shared round trip of its mode.
  it.each([
    ["managed", managedCases],
    ["not managed", plainCases],
  ] as const)(`%s: drops and creates again around the rebuild what is in the way when ${works.map((w) => w[0]).join("; ")}`, async (_mode, group) => {
    for (const key of Object.keys(worksCases)) expectRoundTrip(await group.of(key));
  });
});

describe("the rows of a domain's columns when an enum under it loses a label", () => {
  it("stop the migration before anything changes when they hold it, and are rewritten by a value map", async () => {
    const db = await createTestDatabase("enumdom");
    try {
      await db.query(
        "CREATE TYPE e AS ENUM ('a', 'b'); CREATE DOMAIN de AS e; CREATE DOMAIN dl AS e[]; " +
          "CREATE TABLE t (x de, xs de[], y dl); INSERT INTO t VALUES ('b', '{a}', '{a}'), ('a', '{a,b}', '{b}');",
      );
      const from = await readModel(db.url, ["public"]);
      const to = { ...from, enums: { '"public"."e"': { schema: "public", name: "e", labels: ["a"] } } };
      const [op] = compare(from, to).operations as AlterEnumOp[];
      expect(op?.domains?.map((d) => [d.domain.name, d.usages.map((u) => u.column)])).toEqual([["de", ["x", "xs"]], ["dl", ["y"]]]);
      await expect(applyOperations(db.url, [op!])).rejects.toThrow("Cannot remove label 'b' from enum public.e: column x of table public.t");
      const rows = "SELECT x::text, xs::text, y::text FROM t ORDER BY x, xs::text";
      expect(await db.query(rows)).toEqual([{ x: "a", xs: "{a,b}", y: "{b}" }, { x: "b", xs: "{a}", y: "{a}" }]);
      await applyOperations(db.url, [{ ...op!, valueMap: { b: "a" } }]);
      expect(await db.query(rows)).toEqual([{ x: "a", xs: "{a,a}", y: "{a}" }, { x: "a", xs: "{a}", y: "{a}" }]);
      expect(await db.query("SELECT enum_range(NULL::e)::text AS labels")).toEqual([{ labels: "{a}" }]);
    } finally {
      await db.drop();
    }
  });
});

describe("an enum rebuild that cannot carry over what uses the enum", () => {
  it("is refused before any statement, naming each partition key column, domain and composite type in the way", async () => {
    const [before, after] = pair(
      "CREATE TABLE p (x e, y int) PARTITION BY LIST (x); CREATE TABLE p_a PARTITION OF p FOR VALUES IN ('a'); " +
        "CREATE TABLE q (k int, x e) PARTITION BY LIST ((x = 'a')); CREATE TABLE r (k int, x e) PARTITION BY RANGE (k); " +
        "CREATE DOMAIN de AS e[]; CREATE DOMAIN dd AS de; CREATE DOMAIN dok AS e; " +
        "CREATE TYPE c2 AS (z int, x e); CREATE TABLE w (v c2[]); CREATE TYPE c3 AS (x e);",
    );
    const refused = roundTrip({ before, after, options: managed });
    await expect(refused).rejects.toThrow(EnumRebuildBlockedError);
    const message = await refused.catch((error: Error) => error.message);
    expect(message).toContain("Enum public.e changes from ('a', 'b') to ('a')");
    expect(message).toContain("column public.p.x is in its table's partition key (PostgreSQL cannot change the type of a partition key column)");
    expect(message).toContain("column public.q.x is in its table's partition key");
    expect(message).not.toMatch(/public\.r\.x|public\.p_a/);
    expect(message).toContain("domain public.de is based on it and domain public.dd uses that domain");
    // A domain only columns use is rebuilt with the enum.
    expect(message).not.toContain("public.dok");
    expect(message).toContain("composite type public.c2 has attribute x of it and column public.w.v uses that type");
    // A composite type nothing uses is retyped with the rebuild.
    expect(message).not.toContain("public.c3");
    expect(message).toContain("Make this change by hand in a migration of its own");
  });

  // A range type over a domain on it is rebuilt with the domain (range-rebuild.db.test.ts), unless it has
  // what a range rebuild cannot carry over.
  it("is refused when a range type over a domain on it has a subtype_diff function another range type uses too, naming both", async () => {
    const rest =
      "CREATE DOMAIN de AS e; CREATE FUNCTION ddiff(de, de) RETURNS float8 LANGUAGE sql IMMUTABLE AS 'SELECT 0::float8'; " +
      "CREATE TYPE dr AS RANGE (subtype = de, subtype_diff = ddiff); CREATE TYPE dr2 AS RANGE (subtype = de, subtype_diff = ddiff); CREATE TABLE t (x de);";
    const refused = roundTrip({ before: pair(rest)[0], after: pair(rest)[1], options: managed });
    await expect(refused).rejects.toThrow(
      "range type public.dr over domain public.de (based on it) has the subtype_diff function public.ddiff, which takes the old type",
    );
  });

  it("is not refused for a partitioned table whose key does not read the enum column, nor when the table goes", async () => {
    expectRoundTrip(await managedCases.of("partitioned"));
  });
});

describe("other type changes that the columns using the type are in the way of", () => {
  // A domain's base type or collation cannot be altered: the domain is rebuilt, its columns re-cast.
  const domainCases: Array<[string, string, string]> = [
    ["int to bigint, a default and an array", "CREATE DOMAIN d AS int; CREATE TABLE t (x d DEFAULT 5, y d[]);", "CREATE DOMAIN d AS bigint; CREATE TABLE t (x d DEFAULT 5, y d[]);"],
    [
      "a varchar widened, with a check, a comment, grants and a view reading the column",
      "CREATE DOMAIN d AS varchar(10) CHECK (VALUE <> ''); COMMENT ON DOMAIN d IS 'code'; REVOKE USAGE ON DOMAIN d FROM PUBLIC; CREATE TABLE t (x d NOT NULL); CREATE VIEW v AS SELECT x FROM t;",
      "CREATE DOMAIN d AS varchar(50) CHECK (VALUE <> ''); COMMENT ON DOMAIN d IS 'code'; REVOKE USAGE ON DOMAIN d FROM PUBLIC; CREATE TABLE t (x d NOT NULL); CREATE VIEW v AS SELECT x FROM t;",
    ],
    [
      "int to text under a policy and an index, on a partitioned table",
      "CREATE DOMAIN d AS int; CREATE TABLE p (k int, x d) PARTITION BY RANGE (k); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (9); " +
        "CREATE INDEX p_x ON p (x); ALTER TABLE p ENABLE ROW LEVEL SECURITY; CREATE POLICY pp ON p USING (x IS NOT NULL);",
      "CREATE DOMAIN d AS text; CREATE TABLE p (k int, x d) PARTITION BY RANGE (k); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (9); " +
        "CREATE INDEX p_x ON p (x); ALTER TABLE p ENABLE ROW LEVEL SECURITY; CREATE POLICY pp ON p USING (x IS NOT NULL);",
    ],
    [
      "int to numeric with a foreign key between two of its columns and a generated column reading one",
      "CREATE DOMAIN d AS int; CREATE TABLE k (id d PRIMARY KEY); CREATE TABLE r (kid d REFERENCES k, twice int GENERATED ALWAYS AS (kid * 2) STORED);",
      "CREATE DOMAIN d AS numeric(12,0); CREATE TABLE k (id d PRIMARY KEY); CREATE TABLE r (kid d REFERENCES k, twice int GENERATED ALWAYS AS (kid * 2) STORED);",
    ],
  ];
  it(`a domain's base type changes while columns use it: ${domainCases.map((c) => c[0]).join("; ")}`, async () => {
    const side = (i: 1 | 2) => domainCases.map((c, n) => `CREATE SCHEMA d${n}; SET search_path = d${n}; ${c[i]}`).join("\n") + "\nRESET search_path;";
    const result = await roundTrip({ before: side(1), after: side(2), options: managed, schemas: domainCases.map((_, n) => `d${n}`), privileges: true });
    expectRoundTrip(result);
    expect(result.upgradeSql).toContain('ALTER TABLE "d0"."t" ALTER COLUMN "y" TYPE "d0"."d"[] USING ("y")::"d0"."d"[]');
  });

  it("a composite type's attributes retyped, added and dropped while columns use it: rebuilt, with a default, a comment and a view, and back", async () => {
    expectRoundTrip(await managedCases.of("composite"));
  });

  it("refuses a composite attribute retyped under an array of the type, naming it; adds and drops attributes in use", async () => {
    const refused = roundTrip({
      before: "CREATE TYPE cp AS (a int, b text); CREATE TABLE t (x cp[]);",
      after: "CREATE TYPE cp AS (a bigint, b text COLLATE \"C\"); CREATE TABLE t (x cp[]);",
    });
    await expect(refused).rejects.toThrow(CompositeRetypeBlockedError);
    const message = await refused.catch((error: Error) => error.message);
    expect(message).toBe(
      "Composite type public.cp changes the type of attribute a from integer to bigint, attribute b's collation, which " +
        "PostgreSQL cannot do in place while the type is used, and a rebuild of the type cannot carry over column public.t.x " +
        "(an array of the type, which a rebuild cannot convert). Make this change by hand in a migration of its own " +
        '(autogen revision -m "...", with op.execute: for example a new composite type, the columns moved to it with a ' +
        "USING conversion, the old type dropped and the new one renamed), or keep the attributes as they are; then " +
        "generate the migration again.",
    );
    // Used by no column (another composite type aside), or only attributes added and dropped: altered in place.
    expectRoundTrip(await plainCases.of("unusedComposite"));
    expectRoundTrip(await plainCases.of("compositeShape"));
  });

  // No column of the type itself, so the attribute was altered in place, and PostgreSQL stopped the upgrade
  // (cannot alter type "cp" because column "t.x" uses it): it refuses a column holding the type inside
  // another type as it refuses a column of the type.
  it.each([
    ["a composite type with an attribute of an array of it", "CREATE TYPE outer_t AS (inner_v cp[]); CREATE TABLE t (x outer_t);", "composite type public.outer_t"],
    ["a domain over it, under another domain", "CREATE DOMAIN dcp AS cp; CREATE DOMAIN dcp2 AS dcp; CREATE TABLE t (x dcp2[]);", "domain public.dcp2"],
    ["a range type over it", "CREATE TYPE cpr AS RANGE (subtype = cp); CREATE TABLE t (x cpr);", "range type public.cpr"],
  ])("refuses a composite attribute retyped while a column holds the type inside %s, naming the column", async (_, users, through) => {
    const refused = roundTrip({ before: `CREATE TYPE cp AS (a int); ${users}`, after: `CREATE TYPE cp AS (a bigint); ${users}` });
    await expect(refused).rejects.toThrow(CompositeRetypeBlockedError);
    await expect(refused).rejects.toThrow(`cannot carry over column public.t.x (of ${through}, built on public.cp)`);
  });
});
