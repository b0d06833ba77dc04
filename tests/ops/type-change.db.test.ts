/**
 * The cast table of src/ops/type-change.ts, checked against PostgreSQL 15: every change it lets
 * through without USING must work without USING, and every USING it gives must work.
 */
import { Client } from "pg";
import { typeChangeNeedsCast, usingCast } from "../../src/ops/type-change";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const TYPES = [
  "smallint", "integer", "bigint", "numeric", "numeric(10,2)", "real", "double precision",
  "text", "character varying", "character varying(20)", "character(5)",
  "timestamp without time zone", "timestamp(3) with time zone", "date", "time without time zone",
  "time with time zone", "interval", "interval year to month", "json", "jsonb", "boolean", "uuid", "bytea",
  "bit(3)", "bit varying(5)", "inet", "cidr", "integer[]", "bigint[]", "text[]", "public.mood", "public.mood[]",
  "other.mood2",
];

/** Pairs that need USING and have an explicit cast, with a value that converts (or the one given third). */
const CAST_PAIRS: readonly (readonly [string, string, (string | null)?])[] = [
  ["text", "integer"], ["character varying", "uuid"], ["integer", "boolean"], ["text", "jsonb"],
  ["text", "public.mood"], ["text[]", "integer[]"], ["text", "timestamp with time zone"], ["bigint", "bit(64)"],
  // Between user-defined types, and between one and a built-in type that is not a string: through text.
  ["public.mood", "other.mood2"], ["other.mood2", "public.mood"], ["public.mood[]", "other.mood2[]"],
  ["public.digit", "integer"], ["integer", "public.digit"], ["text[]", "public.mood[]"],
  // A value made an array and back (TypeORM's `array: true` toggled): no cast does either.
  ["integer", "integer[]"], ["integer", "bigint[]"], ["text", "integer[]"], ["public.mood", "public.mood[]", "ok"],
  ["public.mood", "other.mood2[]"], ["character varying", "character varying[]"], ["integer[]", "integer"],
  ["text[]", "integer"], ["public.mood[]", "public.mood", "{ok,sad}"], ["public.mood[]", "other.mood2"], ["integer[]", "public.digit"],
  // Built-in types without a cast between them: on an empty table (rows of integers cannot become uuids).
  ["integer", "uuid", null], ["uuid", "integer", null], ["bigint", "uuid", null], ["integer[]", "uuid[]", null],
  ["date", "integer", null], ["boolean", "bigint", null], ["json", "integer", null],
];

/** A value of the source type that converts to the target type. */
const VALUES: Readonly<Record<string, string>> = {
  text: "42", "character varying": "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", integer: "1", "text[]": "{1,2}", bigint: "5", "integer[]": "{7,1}",
  "public.mood": "ok", "other.mood2": "ok", "public.mood[]": "{ok,sad}", "public.digit": "7",
};
const TARGET_VALUES: Readonly<Record<string, string>> = {
  jsonb: '{"a":1}', "public.mood": "ok", "timestamp with time zone": "2024-01-01", "public.mood[]": "{ok}",
};

let db: TestDatabase;
let client: Client;

beforeAll(async () => {
  db = await createTestDatabase("cmp");
  client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query("CREATE TYPE public.mood AS ENUM ('sad', 'ok')");
  await client.query("CREATE SCHEMA other");
  await client.query("CREATE TYPE other.mood2 AS ENUM ('ok', 'sad', 'happy')");
  await client.query("CREATE TYPE public.digit AS ENUM ('1', '7')");
});

afterAll(async () => {
  await client.end();
  await db.drop();
});

async function alterWorks(from: string, to: string, using: string | null, value: string | null): Promise<string | null> {
  await client.query("BEGIN");
  try {
    await client.query(`CREATE TABLE probe (c ${from})`);
    await client.query(`INSERT INTO probe VALUES ($1)`, [value]);
    await client.query(`ALTER TABLE probe ALTER COLUMN c TYPE ${to}${using === null ? "" : ` USING ${using}`}`);
    return null;
  } catch (error) {
    return `${from} -> ${to}: ${(error as Error).message}`;
  } finally {
    await client.query("ROLLBACK");
  }
}

describe("type change casts on PostgreSQL 15", () => {
  it("every change allowed without USING works without USING", async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const from of TYPES) {
      for (const to of TYPES) {
        if (from === to || typeChangeNeedsCast(from, to)) continue;
        checked += 1;
        const failure = await alterWorks(from, to, null, null);
        if (failure !== null) failures.push(failure);
      }
    }
    expect(failures).toStrictEqual([]);
    expect(checked).toBeGreaterThan(150);
  });

  it("every USING cast it gives works", async () => {
    const failures: string[] = [];
    for (const [from, to, given] of CAST_PAIRS) {
      const using = usingCast("c", from, to);
      expect(using).not.toBeNull();
      const value = given !== undefined ? given : (TARGET_VALUES[to] ?? VALUES[from]!);
      const failure = await alterWorks(from, to, using, value);
      if (failure !== null) failures.push(failure);
    }
    expect(failures).toStrictEqual([]);
  });

  it("goes through text exactly where PostgreSQL has no cast between two built-in types", async () => {
    const builtIn = TYPES.filter((type) => !type.includes(".") && !type.endsWith("[]") && type !== "text" && !type.startsWith("character"));
    const wrong: string[] = [];
    for (const from of builtIn) {
      for (const to of builtIn) {
        if (!typeChangeNeedsCast(from, to)) continue;
        const { rows } = await client.query<{ cast: boolean }>(
          `SELECT EXISTS (SELECT FROM pg_cast WHERE castsource = $1::regtype AND casttarget = $2::regtype) AS cast`,
          [from, to],
        );
        if (usingCast("c", from, to)!.includes("::text::") === rows[0]!.cast) wrong.push(`${from} -> ${to}`);
      }
    }
    expect(wrong).toStrictEqual([]);
  });
});
