/**
 * Which type changes rewrite the table, measured on PostgreSQL 15: a rewrite gives the table a new
 * relfilenode. `typeChangeIsCatalogOnly` must say "catalog only" exactly when the relfilenode stays.
 */
import { typeChangeIsCatalogOnly } from "../../src/lint/type-rewrite";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const CASES: readonly [string, string][] = [
  ["character varying(20)", "character varying(100)"],
  ["character varying(20)", "character varying"],
  ["character varying(20)", "text"],
  ["text", "character varying"],
  ["numeric(10,2)", "numeric(12,2)"],
  ["numeric(10,2)", "numeric"],
  ["timestamp(3) without time zone", "timestamp(6) without time zone"],
  ["bit varying(5)", "bit varying(10)"],
  // Rewrites:
  ["character varying(100)", "character varying(20)"],
  ["text", "character varying(50)"],
  ["numeric(10,2)", "numeric(12,4)"],
  ["integer", "bigint"],
  ["timestamp without time zone", "timestamp with time zone"],
  ["smallint", "integer"],
];

describe("type changes that rewrite the table (PostgreSQL 15)", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("rewrite");
  });
  afterAll(async () => {
    await db.drop();
  });

  it.each(CASES)("%s -> %s", async (from, to) => {
    await db.query(`DROP TABLE IF EXISTS t; CREATE TABLE t (c ${from}); INSERT INTO t SELECT NULL FROM generate_series(1, 10)`);
    const [before] = await db.query("SELECT relfilenode FROM pg_class WHERE oid = 't'::regclass");
    // timestamp -> timestamptz skips the rewrite only when the session's TimeZone is UTC: lint cannot know
    // the time zone of the session that will run the migration, so it counts it as a rewrite, as here.
    await db.query(`SET timezone = 'Europe/Paris'; ALTER TABLE t ALTER COLUMN c TYPE ${to}`);
    const [after] = await db.query("SELECT relfilenode FROM pg_class WHERE oid = 't'::regclass");
    expect(typeChangeIsCatalogOnly(from, to)).toBe(before.relfilenode === after.relfilenode);
  });
});
