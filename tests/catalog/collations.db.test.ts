/**
 * Collation objects on PostgreSQL 15, database to database: created before the columns that use them and
 * dropped after the columns have moved off them, with the derived downgrade.
 */
import { expectRoundTrip, roundTrip } from "./catalog-round-trip";

describe("collations: database to database on PostgreSQL 15", () => {
  it("creates and drops collations of the libc and icu providers around the columns using them", async () => {
    const result = await roundTrip({
      before: `
        CREATE COLLATION posix FROM "POSIX";
        CREATE TABLE t (a text, b text COLLATE posix);`,
      after: `
        CREATE COLLATION "numeric" (provider = icu, locale = 'en-u-kn-true');
        CREATE COLLATION nd (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
        CREATE TABLE t (a text COLLATE nd, b text COLLATE "numeric", c text COLLATE "numeric");`,
    });
    expectRoundTrip(result);
    const kinds = result.upgrade.map((op) => op.kind);
    expect(kinds.slice(0, 2)).toEqual(["createCollation", "createCollation"]);
    expect(kinds[kinds.length - 1]).toBe("dropCollation");
    expect(result.upgradeSql).toContain(
      `CREATE COLLATION "public"."nd" (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`,
    );
    expect(result.upgradeSql).toContain(`CREATE COLLATION "public"."numeric" (provider = icu, locale = 'en-u-kn-true')`);
  });

  it("reports a collation whose definition differs and leaves it", async () => {
    const result = await roundTrip({
      before: `CREATE COLLATION c1 (provider = icu, locale = 'de-DE');`,
      after: `CREATE COLLATION c1 (provider = icu, locale = 'fr-FR');`,
    });
    expect(result.upgrade).toEqual([]);
    expect(result.log).toEqual([
      "Warning: collation 'public.c1' differs in its definition, which Postgres cannot alter: left as it is " +
        "(drop and create it by hand, with the columns that use it)",
    ]);
  });
});
