/**
 * A NOT NULL domain rebuilt under its columns keeps the NOT NULL's name on PostgreSQL 17 and later (here 18,
 * from npm; CI runs 15, where a domain's NOT NULL is a flag without a name). There it is a constraint named
 * `<domain>_not_null`; the rebuild renames the old domain to `<domain>__old` and creates the new one before
 * dropping the old, and a name the server chooses must be free in the whole schema, so the new domain's
 * NOT NULL came out as `<domain>_not_null1` (found by the suite against PostgreSQL 17 with pg_dump 17: the
 * upgraded database did not dump like B). Both rebuilds that go through it: a domain on an enum that loses
 * a label, and a domain whose base type changes; upgrade and downgrade, with rows. In the slow suite
 * (tests/slow-suites.js).
 */
import { usePg18 } from "./support/pg18-cluster";
import { rows, trip, upAndDown } from "./support/round-trip";

const pg = usePg18();

/** `domain: constraint (type)` of every domain constraint in public, as the catalog names them. */
const domainConstraints = (url: string) =>
  rows(
    url,
    `SELECT t.typname || ': ' || c.conname || ' (' || c.contype::text || ')' AS line FROM pg_constraint c
       JOIN pg_type t ON t.oid = c.contypid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = 'public' ORDER BY 1`,
  );

test("a NOT NULL domain on an enum that loses a label, and one whose base type changes, keep their NOT NULL's name", async () => {
  const before =
    "CREATE TYPE e AS ENUM ('a', 'b', 'c'); CREATE DOMAIN de AS e NOT NULL DEFAULT 'a' CONSTRAINT de_check CHECK (VALUE <> 'c'); " +
    "CREATE DOMAIN dn AS integer NOT NULL; CREATE TABLE t (id int, x de, n dn);";
  const after =
    "CREATE TYPE e AS ENUM ('a', 'c'); CREATE DOMAIN de AS e NOT NULL DEFAULT 'a' CONSTRAINT de_check CHECK (VALUE <> 'c'); " +
    "CREATE DOMAIN dn AS bigint NOT NULL; CREATE TABLE t (id int, x de, n dn);";
  const t = await trip(pg(), before, after, "INSERT INTO t VALUES (1, 'a', 5);");
  expect(t.sql.filter((sql) => /^ALTER DOMAIN .* RENAME TO/.test(sql))).toHaveLength(2);
  const named = [{ line: "de: de_check (c)" }, { line: "de: de_not_null (n)" }, { line: "dn: dn_not_null (n)" }];
  expect(await domainConstraints(t.b)).toEqual(named);
  await upAndDown(
    t,
    async () => {
      expect(await domainConstraints(t.a)).toEqual(named);
      expect(await rows(t.a, "SELECT id, x::text AS x, n::text AS n FROM t")).toEqual([{ id: 1, x: "a", n: "5" }]);
      // Still NOT NULL, both.
      await expect(rows(t.a, "INSERT INTO t VALUES (2, NULL, 1)")).rejects.toThrow(/does not allow null values/);
      await expect(rows(t.a, "INSERT INTO t VALUES (2, 'a', NULL)")).rejects.toThrow(/does not allow null values/);
    },
    async () => {
      expect(await domainConstraints(t.a)).toEqual(named);
      expect(await rows(t.a, "SELECT id, x::text AS x, n::text AS n FROM t")).toEqual([{ id: 1, x: "a", n: "5" }]);
    },
  );
});
