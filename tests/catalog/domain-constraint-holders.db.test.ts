/**
 * A domain that gains a check or NOT NULL, which ALTER DOMAIN checks against the columns of it there are,
 * on PostgreSQL 15:
 * - run after the migration's drops, so that a column or table it drops (whose values may break the new
 *   constraint, or that holds the domain in an array, which PostgreSQL refuses outright) is gone by then;
 *   it ran before them, and the upgrade stopped;
 * - refused by name before any statement while a column the migration keeps holds the domain inside an
 *   array, a composite or a range type or a domain over an array (through domains over it too): PostgreSQL refuses that whatever the rows
 *   (cannot alter type "d" because column "t.a" uses it), and the upgrade stopped there. A check added as
 *   NOT VALID is not checked, and is added.
 */
import { DomainConstraintBlockedError } from "../../src/compare/compare-errors";
import { expectRoundTrip, expectShared, roundTrip, sharedRoundTrip } from "./catalog-round-trip";

const dropped = sharedRoundTrip({
  arrayColumn: { before: "CREATE DOMAIN d AS int; CREATE TABLE t (a d[], b int);", after: "CREATE DOMAIN d AS int CHECK (VALUE > 0); CREATE TABLE t (b int);" },
  breakingColumn: {
    before: "CREATE DOMAIN d AS int; CREATE TABLE t (a d, b int); INSERT INTO t VALUES (-1, 1), (NULL, 2);",
    after: "CREATE DOMAIN d AS int CHECK (VALUE > 0); CREATE TABLE t (b int);",
    rows: "SELECT b FROM t ORDER BY b",
  },
  breakingTable: {
    before: "CREATE DOMAIN d AS int; CREATE TABLE t (a d); INSERT INTO t VALUES (-1), (NULL); CREATE TABLE k (b int); INSERT INTO k VALUES (3);",
    after: "CREATE DOMAIN d AS int NOT NULL CHECK (VALUE > 0); CREATE TABLE k (b int); INSERT INTO k VALUES (3);",
    rows: "SELECT b FROM k",
  },
  notValid: {
    before: "CREATE DOMAIN d AS int; CREATE TABLE t (a d[]); INSERT INTO t VALUES (ARRAY[-1]);",
    after: "CREATE DOMAIN d AS int; ALTER DOMAIN d ADD CONSTRAINT positive CHECK (VALUE > 0) NOT VALID; CREATE TABLE t (a d[]);",
    rows: "SELECT a FROM t",
  },
});

it(`in one round trip: ${dropped.names}`, async () => {
  await expectShared(dropped);
  // A check added NOT VALID is not refused: PostgreSQL does not check it against the values there are.
  const notValid = await dropped.of("notValid");
  expect(notValid.upgradeSql).toEqual([dropped.in("notValid")('ALTER DOMAIN "public"."d" ADD CONSTRAINT "positive" CHECK ((VALUE > 0)) NOT VALID')]);
  expect(notValid.rows!.upgraded).toEqual(notValid.rows!.original);
});

describe("a domain that gains a check or NOT NULL", () => {
  it.each([
    ["arrayColumn", "a column of an array of it"],
    ["breakingColumn", "a column whose values break the new check"],
    ["breakingTable", "a table whose values break the new check and NOT NULL"],
  ] as const)("gains it once the migration has dropped %s (%s)", async (name, _what) => {
    const result = await dropped.of(name);
    expectRoundTrip(result);
    const drop = result.upgradeSql.findIndex((sql) => sql.startsWith("ALTER TABLE") || sql.startsWith("DROP TABLE"));
    const gain = result.upgradeSql.findIndex((sql) => sql.startsWith("ALTER DOMAIN"));
    expect(drop).toBeGreaterThanOrEqual(0);
    expect(gain).toBeGreaterThan(drop);
    if (result.rows !== undefined) expect(result.rows.upgraded).toEqual(result.rows.original);
  });

  // Each alone: the comparison stops at the first domain it refuses, naming that one only.
  it.each([
    ["an array of it", "CREATE TABLE t (a d[]);", "column public.t.a (an array of domain public.d)"],
    ["an array of a domain over it", "CREATE DOMAIN d2 AS d; CREATE TABLE t (a d2[]);", "column public.t.a (an array of domain public.d2)"],
    ["a domain over an array of it", "CREATE DOMAIN da AS d[]; CREATE TABLE t (a da);", "column public.t.a (of domain public.da, which holds domain public.d)"],
    ["a composite type with an attribute of it", "CREATE TYPE c AS (x d); CREATE TABLE t (a c);", "column public.t.a (of composite type public.c, which holds domain public.d)"],
    ["a range type over it", "CREATE TYPE r AS RANGE (subtype = d); CREATE TABLE t (a r);", "column public.t.a (of range type public.r, which holds domain public.d)"],
    [
      "the multirange type of a range type over it",
      "CREATE TYPE r AS RANGE (subtype = d); CREATE TABLE t (a r_multirange);",
      "column public.t.a (of multirange type public.r_multirange, which holds domain public.d)",
    ],
    [
      "a domain over a composite type holding a composite type with an array of it",
      "CREATE TYPE c1 AS (x d[]); CREATE TYPE c2 AS (y c1); CREATE DOMAIN dc AS c2; CREATE TABLE t (a dc);",
      "column public.t.a (of domain public.dc, which holds domain public.d)",
    ],
  ])("is refused by name while a kept column holds it inside %s", async (_, holders, holder) => {
    const refused = roundTrip({ before: `CREATE DOMAIN d AS int; ${holders}`, after: `CREATE DOMAIN d AS int NOT NULL CHECK (VALUE > 0); ${holders}` });
    await expect(refused).rejects.toThrow(DomainConstraintBlockedError);
    await expect(refused).rejects.toThrow(`Domain public.d gains check d_check, NOT NULL, which PostgreSQL cannot add while ${holder} holds the domain`);
  });
});
