/**
 * `renameColumnReferences` (src/compare/rename-rewrite.ts) against PostgreSQL itself: for each generated
 * column, the expression `pg_get_expr` prints before a column is renamed, rewritten by the function, must
 * be the one it prints after `ALTER TABLE ... RENAME COLUMN` (PostgreSQL keeps the expression by column
 * number, so it decides which words are the column). On PostgreSQL 15 and on PGlite (PostgreSQL 18, for
 * the JSON constructors of 16 and later). Names spelled like the column that are none were rewritten too:
 * XML names (`XMLELEMENT(NAME foo)`), a function's argument name (`f(foo => foo)`), a `RETURNING` type.
 * And a column named `json`, which 16 and later print quoted (`"json"`) and 15 bare.
 */
import { openEphemeral } from "../../src/db/pglite";
import type { Database } from "../../src/db/database";
import { renameColumnReferences } from "../../src/compare/rename-rewrite";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { connectPostgres } from "../../src/db/postgres";

const SETUP = [
  "CREATE DOMAIN foo AS json",
  "CREATE FUNCTION f(foo int, step int DEFAULT 1) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 + $2'",
];

/** Generated column expressions reading column `foo` (text, or int as `n`), with names spelled `foo` that are no column. */
const EXPRESSIONS: ReadonlyArray<readonly [string, string, number]> = [
  ["text", "XMLELEMENT(NAME foo, XMLATTRIBUTES(foo AS foo), XMLFOREST(foo AS foo), foo)::text", 150000],
  ["text", "XMLSERIALIZE(CONTENT XMLPI(NAME foo, foo) AS text)", 150000],
  ["int", "f(foo => length(foo), step => 2) + f(length(foo))", 150000],
  ["json", "JSON_OBJECT('foo' : foo RETURNING foo)", 160000],
  ["text", "upper(foo) || 'foo' || (foo COLLATE \"C\")", 150000],
];

/** The expressions each version prints before and after `foo` is renamed `bar`, and the function's rewrite of the first. */
async function printed(db: Database, version: number) {
  for (const statement of SETUP) await db.query(statement);
  const wanted = EXPRESSIONS.filter(([, , since]) => since <= version);
  const columns = wanted.map(([type, expression], i) => `x${i} ${type} GENERATED ALWAYS AS (${expression}) STORED`);
  await db.query(`CREATE TABLE t (foo text, ${columns.join(", ")})`);
  /** The generated columns' expressions of `table`, in column order. */
  const read = async (table = "t") =>
    (await db.query<{ e: string }>("SELECT pg_get_expr(adbin, adrelid) AS e FROM pg_attrdef WHERE adrelid = $1::regclass ORDER BY adnum", [table])).rows.map((r) => r.e);
  const before = await read();
  await db.query("ALTER TABLE t RENAME foo TO bar");
  const after = await read();
  // A column named like a keyword that 16+ quote and 15 does not: printed `"json"` there, `json` on 15.
  await db.query("CREATE TABLE k (json text, y text GENERATED ALWAYS AS (upper(json) || json) STORED)");
  const [keywordBefore] = await read("k");
  await db.query("ALTER TABLE k RENAME json TO payload");
  const keyword = { before: keywordBefore!, rewritten: renameColumnReferences(keywordBefore!, "json", "payload"), after: (await read("k"))[0] };
  return { count: wanted.length, rewritten: before.map((e) => renameColumnReferences(e, "foo", "bar")), after, keyword };
}

describe("a generated column's expression renamed as PostgreSQL renames it", () => {
  let pg: TestDatabase;
  beforeAll(async () => {
    pg = await createTestDatabase("renameref");
  });
  afterAll(async () => {
    await pg.drop();
  });

  it("PostgreSQL 15", async () => {
    const db = await connectPostgres(pg.url);
    try {
      const result = await printed(db, 150000);
      expect(result.count).toBe(4);
      expect(result.rewritten).toEqual(result.after);
      expect(result.keyword.before).toBe("(upper(json) || json)");
      expect(result.keyword.rewritten).toBe(result.keyword.after);
    } finally {
      await db.close();
    }
  });

  it("PGlite (PostgreSQL 18)", async () => {
    const db = await openEphemeral();
    try {
      const { rows } = await db.query<{ v: number }>("SELECT current_setting('server_version_num')::int AS v");
      expect(rows[0]!.v).toBeGreaterThanOrEqual(180000);
      const result = await printed(db, rows[0]!.v);
      expect(result.count).toBe(5);
      expect(result.rewritten).toEqual(result.after);
      expect(result.keyword.before).toBe('(upper("json") || "json")');
      expect(result.keyword.rewritten).toBe(result.keyword.after);
    } finally {
      await db.close();
    }
  }, 120_000);
});
