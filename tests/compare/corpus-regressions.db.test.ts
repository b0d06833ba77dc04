/**
 * The differences the migra corpus caught, each reduced to its smallest case and taken through the whole
 * pipeline on PostgreSQL 15: compare A with B, check the SQL, apply it to A (with rows in the tables),
 * check nothing is left to compare and the rows survived, then apply the derived downgrade and check A
 * is back. Each case has a schema of its own in the same two databases.
 */
import { Client } from "pg";
import { compare } from "../../src/compare/compare";
import type { CompareOptions } from "../../src/compare/compare-options";
import { introspect } from "../../src/introspect";
import type { SchemaModel } from "../../src/model/schema-model";
import { invertAll } from "../../src/ops/invert";
import type { Operation } from "../../src/ops/operation";
import { compileOperations } from "../../src/sql/compile";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

let a: TestDatabase;
let b: TestDatabase;

beforeAll(async () => {
  [a, b] = await Promise.all([createTestDatabase("regr_a"), createTestDatabase("regr_b")]);
});

afterAll(async () => {
  await Promise.all([a.drop(), b.drop()]);
});

async function read(db: TestDatabase, schemas: readonly string[]): Promise<SchemaModel> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return await introspect(client, { schemas });
  } finally {
    await client.end();
  }
}

async function apply(db: TestDatabase, ops: readonly Operation[]): Promise<void> {
  await db.query(compileOperations(ops).map((s) => `${s.sql};`).join("\n"));
}

/** Loads both schemas, compares, upgrades A and checks no drift; returns the upgrade's SQL and ops. */
async function upgrade(
  schema: string,
  sqlA: string,
  sqlB: string,
  options: CompareOptions = {},
): Promise<{ readonly sql: string[]; readonly ops: Operation[]; readonly before: SchemaModel }> {
  const setup = (sql: string) => `CREATE SCHEMA ${schema}; SET search_path = ${schema}; ${sql}`;
  await Promise.all([a.query(setup(sqlA)), b.query(setup(sqlB))]);
  const [before, wanted] = await Promise.all([read(a, [schema]), read(b, [schema])]);
  const ops = compare(before, wanted, options).operations;
  await apply(a, ops);
  expect(compare(await read(a, [schema]), wanted, options)).toStrictEqual({ operations: [], log: [] });
  return { sql: compileOperations(ops).map((s) => s.sql), ops, before };
}

/** Applies the derived downgrade and checks A is back as it was. */
async function downgrade(schema: string, ops: readonly Operation[], before: SchemaModel): Promise<void> {
  await apply(a, invertAll(ops));
  expect(compare(await read(a, [schema]), before)).toStrictEqual({ operations: [], log: [] });
}

describe("corpus regressions on PostgreSQL 15", () => {
  it("casts enum -> other enum through text, and enum <-> text both ways (enumdefaults, everything)", async () => {
    const types = `CREATE TYPE e1 AS ENUM ('a', 'b'); CREATE TYPE e2 AS ENUM ('a', 'b', 'c');`;
    const { sql, ops, before } = await upgrade(
      "casts",
      `${types} CREATE TABLE t (x e1, y e1, z text, w e1[]);
       INSERT INTO t VALUES ('a', 'b', 'a', '{a,b}');`,
      `${types} CREATE TABLE t (x e2, y text, z e1, w e2[]);`,
    );
    expect(sql).toStrictEqual([
      `ALTER TABLE "casts"."t" ALTER COLUMN "x" TYPE casts.e2 USING "x"::text::casts.e2`,
      `ALTER TABLE "casts"."t" ALTER COLUMN "y" TYPE text`,
      `ALTER TABLE "casts"."t" ALTER COLUMN "z" TYPE casts.e1 USING "z"::casts.e1`,
      `ALTER TABLE "casts"."t" ALTER COLUMN "w" TYPE casts.e2[] USING "w"::text[]::casts.e2[]`,
    ]);
    expect(await a.query("SELECT x::text, y, z::text, w::text FROM casts.t")).toStrictEqual([
      { x: "a", y: "b", z: "a", w: "{a,b}" },
    ]);
    await downgrade("casts", ops, before);
    expect(await a.query("SELECT x::text, y::text, z, w::text FROM casts.t")).toStrictEqual([
      { x: "a", y: "b", z: "a", w: "{a,b}" },
    ]);
  });

  it("keeps the sequence when a serial becomes a nextval default on it, and back (seq)", async () => {
    const { sql, ops, before } = await upgrade(
      "seqs",
      `CREATE TABLE test (id serial PRIMARY KEY);
       CREATE SEQUENCE test2_id_seq; CREATE TABLE test2 (id integer PRIMARY KEY DEFAULT nextval('test2_id_seq'));
       INSERT INTO test DEFAULT VALUES; INSERT INTO test2 DEFAULT VALUES;`,
      `CREATE SEQUENCE test_id_seq; CREATE TABLE test (id integer PRIMARY KEY DEFAULT nextval('test_id_seq'));
       CREATE TABLE test2 (id serial PRIMARY KEY);`,
    );
    expect(sql).toStrictEqual([
      `ALTER SEQUENCE "seqs"."test_id_seq" AS bigint MAXVALUE 9223372036854775807 OWNED BY NONE`,
      `ALTER SEQUENCE "seqs"."test2_id_seq" AS integer MAXVALUE 2147483647 OWNED BY "seqs"."test2"."id"`,
    ]);
    // Each sequence kept its current value.
    await a.query("INSERT INTO seqs.test DEFAULT VALUES; INSERT INTO seqs.test2 DEFAULT VALUES");
    expect(await a.query("SELECT (SELECT max(id) FROM seqs.test) AS t, (SELECT max(id) FROM seqs.test2) AS t2")).toStrictEqual([
      { t: 2, t2: 2 },
    ]);
    await downgrade("seqs", ops, before);
  });

  it("re-creates a primary key that becomes deferrable (constraints)", async () => {
    const { sql, ops, before } = await upgrade(
      "keys",
      `CREATE TABLE c (id integer CONSTRAINT c_pkey PRIMARY KEY); INSERT INTO c VALUES (1);`,
      `CREATE TABLE c (id integer CONSTRAINT c_pkey PRIMARY KEY DEFERRABLE INITIALLY DEFERRED);`,
    );
    expect(sql).toStrictEqual([
      `ALTER TABLE "keys"."c" DROP CONSTRAINT "c_pkey"`,
      `ALTER TABLE "keys"."c" ADD CONSTRAINT "c_pkey" PRIMARY KEY ("id") DEFERRABLE INITIALLY DEFERRED`,
    ]);
    await downgrade("keys", ops, before);
  });

  it("updates an extension's version in place (extversions)", async () => {
    const { sql } = await upgrade(
      "ext",
      "CREATE EXTENSION pg_trgm WITH SCHEMA ext VERSION '1.3';",
      "CREATE EXTENSION pg_trgm WITH SCHEMA ext VERSION '1.4';",
    );
    expect(sql).toStrictEqual([`ALTER EXTENSION "pg_trgm" UPDATE TO '1.4'`]);
    // No downgrade: PostgreSQL's pg_trgm ships no 1.4 -> 1.3 script.
  });

  it("leaves an extension outside the compared schemas alone (singleschema)", async () => {
    await b.query("CREATE EXTENSION citext");
    const { sql } = await upgrade("scoped", "CREATE TABLE t (id integer);", "CREATE TABLE t (id integer, name text);");
    expect(sql).toStrictEqual([`ALTER TABLE "scoped"."t" ADD COLUMN "name" text`]);
    expect(await a.query("SELECT extname FROM pg_extension WHERE extname = 'citext'")).toStrictEqual([]);
  });
});
