/**
 * The type-change rules behind the markers (src/ops/type-widening.ts), checked against PostgreSQL 15:
 * the column is altered as the generated migration alters it (with the same USING, if any), holding the
 * extreme values of its type, and then read back through the old type.
 * - "none": the change succeeds and every value comes back exactly;
 * - "fails": the change fails on a value that does not fit (it does not silently change it);
 * - "loses": the change fails, or some value comes back different.
 */
import { Client } from "pg";
import { typeChangeRisk, type TypeChangeRisk } from "../../src/ops/type-widening";
import { usingCast } from "../../src/ops/type-change";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const INTS = ["0", "-32768", "32767"];
const BIG = ["-9223372036854775808", "9223372036854775807"];

/** [from, to, values of `from` (text forms), expected risk]. */
const CASES: readonly [string, string, readonly string[], TypeChangeRisk][] = [
  // To an unbounded string type: every value has its text form.
  ["integer", "text", ["-2147483648", "2147483647"], "none"],
  ["bigint", "character varying", BIG, "none"],
  ["double precision", "text", ["0.1", "1e+308", "-Infinity", "NaN", "4.9e-324"], "none"],
  ["real", "text", ["0.1", "3.4028235e+38", "1.1754944e-38"], "none"],
  ["numeric(10,2)", "text", ["-99999999.99", "0.10"], "none"],
  ["timestamp(6) with time zone", "text", ["2024-02-29 23:59:59.999999+00", "infinity"], "none"],
  ["jsonb", "text", ['{"a": [1, 2.50, "x"]}'], "none"],
  ["uuid", "text", ["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"], "none"],
  ["boolean", "text", ["true", "false"], "none"],
  ["bytea", "text", ["\\x00ff"], "none"],
  ["integer[]", "text[]", ["{1,-2147483648,NULL}"], "none"],
  ["integer[]", "text", ["{{1,2},{3,4}}"], "none"],
  ["public.mood", "text", ["sad", "it's ok"], "none"],
  ["public.mood[]", "character varying", ['{sad,"it\'s ok"}'], "none"],
  // To a bounded string type: whatever the longest text form fits.
  ["integer", "character varying(11)", ["-2147483648"], "none"],
  ["integer", "character varying(10)", ["-2147483648"], "fails"],
  ["bigint", "character varying(20)", BIG, "none"],
  ["smallint", "character(6)", ["-32768"], "none"],
  ["boolean", "character varying(5)", ["false"], "none"],
  ["uuid", "character varying(36)", ["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"], "none"],
  ["numeric(5,2)", "character varying(7)", ["-999.99"], "none"],
  ["character varying(20)", "character varying(30)", ["x".repeat(20)], "none"],
  ["character varying(200)", "character varying(100)", ["x".repeat(150)], "fails"],
  ["text", "character varying(5)", ["abcdef"], "fails"],
  ["character(5)", "character varying(5)", ["ab"], "none"],
  ["character(5)", "character(9)", ["ab"], "none"],
  // Numbers.
  ["smallint", "integer", INTS, "none"],
  ["integer", "bigint", ["-2147483648", "2147483647"], "none"],
  ["bigint", "integer", ["9223372036854775807"], "fails"],
  ["integer", "numeric(10,0)", ["-2147483648"], "none"],
  ["integer", "numeric(9,0)", ["2147483647"], "fails"],
  ["bigint", "numeric", BIG, "none"],
  ["smallint", "real", INTS, "none"],
  ["integer", "double precision", ["-2147483648", "2147483647"], "none"],
  ["integer", "real", ["16777217"], "loses"],
  ["bigint", "double precision", ["9007199254740993"], "loses"],
  ["real", "double precision", ["0.1", "3.4028235e+38", "NaN", "-Infinity"], "none"],
  ["double precision", "real", ["0.1"], "loses"],
  ["numeric(5,2)", "numeric(7,3)", ["-999.99"], "none"],
  ["numeric(5,2)", "numeric", ["-999.99"], "none"],
  ["numeric(6,2)", "numeric(5,2)", ["9999.99"], "fails"],
  ["numeric(5,2)", "numeric(5,1)", ["1.25"], "loses"],
  ["numeric", "integer", ["1.5"], "loses"],
  // Time.
  ["timestamp(3) without time zone", "timestamp without time zone", ["2024-01-01 12:00:00.123"], "none"],
  ["timestamp without time zone", "timestamp(3) without time zone", ["2024-01-01 12:00:00.123456"], "loses"],
  ["date", "timestamp without time zone", ["5874897-12-31"], "fails"],
  // Others.
  ["jsonb", "json", ['{"b": 1, "a": [1, 2]}'], "none"],
  ["json", "jsonb", ['{"a": 1, "a": 2}'], "loses"],
  ["cidr", "inet", ["10.1.0.0/16"], "none"],
  ["inet", "cidr", ["10.1.2.3/16"], "loses"],
  ["bit(3)", "bit varying(3)", ["101"], "none"],
  ["bit varying(5)", "bit varying(3)", ["10101"], "fails"],
];

let db: TestDatabase;
let client: Client;

beforeAll(async () => {
  db = await createTestDatabase("risk");
  client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query("CREATE TYPE public.mood AS ENUM ('sad', 'it''s ok')");
});

afterAll(async () => {
  await client.end();
  await db.drop();
});

/** Alters a column holding `values` as a migration would; "fails" when Postgres refuses, else whether all came back. */
async function observe(from: string, to: string, values: readonly string[]): Promise<TypeChangeRisk> {
  await client.query("BEGIN");
  try {
    await client.query(`CREATE TABLE probe (i int, c ${from})`);
    for (const [i, value] of values.entries()) await client.query(`INSERT INTO probe VALUES ($1, $2::${from})`, [i, value]);
    const before = await client.query<{ v: string }>("SELECT c::text AS v FROM probe ORDER BY i");
    const using = usingCast("c", from, to);
    try {
      await client.query("SAVEPOINT alter_type");
      await client.query(`ALTER TABLE probe ALTER COLUMN c TYPE ${to}${using === null ? "" : ` USING ${using}`}`);
    } catch {
      return "fails";
    }
    const after = await client.query<{ v: string }>(`SELECT (c::${from})::text AS v FROM probe ORDER BY i`);
    return JSON.stringify(after.rows) === JSON.stringify(before.rows) ? "none" : "loses";
  } finally {
    await client.query("ROLLBACK");
  }
}

describe("typeChangeRisk", () => {
  it.each(CASES)("%s -> %s with %j: %s", async (from, to, values, expected) => {
    expect(typeChangeRisk(from, to)).toBe(expected);
    const seen = await observe(from, to, values);
    if (expected === "loses") expect(seen).not.toBe("none");
    else expect(seen).toBe(expected);
  });
});
