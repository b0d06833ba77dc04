/**
 * Typed tables (`CREATE TABLE ... OF type`) on PostgreSQL 15: created and dropped, made plain and typed,
 * and changed with their composite type (made plain for the change, typed again after), database to
 * database with the rows kept and the derived downgrade; a column order OF cannot reach is refused before
 * any statement; in entity mode (nothing managed) a typed table is kept typed while its columns match.
 */
import { compare } from "../../src/compare";
import { TypedTableColumnOrderError } from "../../src/compare/compare-errors";
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import type { SchemaModel, TableDef } from "../../src/model/schema-model";
import { compileOperations } from "../../src/sql/compile";
import { createTestDatabase } from "../support/test-db";
import { downgrade, dump, prepareRoundTrip, read, upgrade } from "./support/db-round-trip";

const typeOf = "SELECT c.relname AS table, c.reloftype::regtype::text AS type FROM pg_class c WHERE c.relname LIKE 'people%' AND c.relkind = 'r' ORDER BY 1";

describe("typed tables: database to database", () => {
  it("creates a typed table (with its defaults, NOT NULL, key and an identity column) and drops it, and back", async () => {
    const run = await prepareRoundTrip(
      `CREATE TYPE person AS (id int, name text, age int);`,
      `CREATE TYPE person AS (id int, name text, age int);
       CREATE TABLE people OF person (id WITH OPTIONS NOT NULL, age WITH OPTIONS DEFAULT 18, PRIMARY KEY (id));
       ALTER TABLE people ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;`,
    );
    try {
      expect(run.sql).toContain(`ALTER TABLE "public"."people" OF "public"."person"`);
      expect(await upgrade(run)).toStrictEqual({ operations: [], log: [] });
      expect(dump(run.a)).toEqual(run.targetDump);
      expect(await run.a.query(typeOf)).toStrictEqual([{ table: "people", type: "person" }]);
      await run.a.query("INSERT INTO people (name) VALUES ('x')");
      expect(await run.a.query("SELECT id, name, age FROM people")).toStrictEqual([{ id: 1, name: "x", age: 18 }]);
      await run.a.query("DELETE FROM people");
      await downgrade(run);
      expect(dump(run.a)).toEqual(run.originalDump);
    } finally {
      await run.dispose();
    }
  });

  it("changes a type with a typed table and a column of it: the table is made plain around the change, rows kept, and back", async () => {
    const run = await prepareRoundTrip(
      `CREATE TYPE addr AS (street text, zip int);
       CREATE TABLE people OF addr; CREATE TABLE letters (id int, a addr);`,
      `CREATE TYPE addr AS (street text, zip bigint, city text);
       CREATE TABLE people OF addr; CREATE TABLE letters (id int, a addr);`,
      { rows: "INSERT INTO people VALUES ('main', 1); INSERT INTO letters VALUES (1, ROW('side', 2));" },
    );
    try {
      const typed = run.sql.filter((s) => /"people"/.test(s));
      expect(typed).toEqual([
        `ALTER TABLE "public"."people" NOT OF`,
        `ALTER TABLE "public"."people" ADD COLUMN "city" text`,
        `ALTER TABLE "public"."people" ALTER COLUMN "zip" TYPE bigint`,
        `ALTER TABLE "public"."people" OF "public"."addr"`,
      ]);
      // Made plain before the type is renamed aside, typed again after it is final.
      const at = (pattern: RegExp) => run.sql.findIndex((s) => pattern.test(s));
      expect(at(/NOT OF/)).toBeLessThan(at(/RENAME TO "addr__old"/));
      expect(at(/"people" OF/)).toBeGreaterThan(at(/DROP TYPE "public"."addr__old"/));
      expect(await upgrade(run)).toStrictEqual({ operations: [], log: [] });
      expect(dump(run.a)).toEqual(run.targetDump);
      expect(await run.a.query("SELECT street, zip::text, city FROM people")).toStrictEqual([{ street: "main", zip: "1", city: null }]);
      expect(await run.a.query("SELECT a::text FROM letters")).toStrictEqual([{ a: "(side,2,)" }]);
      expect(await run.a.query(typeOf)).toStrictEqual([{ table: "people", type: "addr" }]);
      await downgrade(run);
      expect(dump(run.a)).toEqual(run.originalDump);
      expect(await run.a.query("SELECT street, zip FROM people")).toStrictEqual([{ street: "main", zip: 1 }]);
    } finally {
      await run.dispose();
    }
  });

  it("makes a typed table plain and a plain table typed, keeping the rows, and back", async () => {
    const run = await prepareRoundTrip(
      `CREATE TYPE person AS (id int, name text); CREATE TYPE pet AS (id int, name text);
       CREATE TABLE people OF person; CREATE TABLE people_pets (id int, name text);`,
      `CREATE TYPE person AS (id int, name text); CREATE TYPE pet AS (id int, name text);
       CREATE TABLE people (id int, name text); CREATE TABLE people_pets OF pet;`,
      { rows: "INSERT INTO people VALUES (1, 'a'); INSERT INTO people_pets VALUES (2, 'b');" },
    );
    try {
      expect(run.sql).toEqual([`ALTER TABLE "public"."people" NOT OF`, `ALTER TABLE "public"."people_pets" OF "public"."pet"`]);
      expect(run.result.log).toEqual([
        "Detected table 'public.people' no longer typed by 'public.person'",
        "Detected table 'public.people_pets' typed by 'public.pet'",
      ]);
      expect(await upgrade(run)).toStrictEqual({ operations: [], log: [] });
      expect(await run.a.query(typeOf)).toStrictEqual([{ table: "people", type: "-" }, { table: "people_pets", type: "pet" }]);
      expect(await run.a.query("SELECT * FROM people UNION ALL SELECT * FROM people_pets ORDER BY 1")).toStrictEqual([
        { id: 1, name: "a" },
        { id: 2, name: "b" },
      ]);
      await downgrade(run);
      expect(dump(run.a)).toEqual(run.originalDump);
    } finally {
      await run.dispose();
    }
  });

  it("refuses, before any statement, a typed table whose columns the migration would leave out of the type's order", async () => {
    const [a, b] = await Promise.all([createTestDatabase("tta"), createTestDatabase("ttb")]);
    try {
      await a.query(`CREATE TYPE person AS (id int, name text); CREATE TABLE people OF person;`);
      await b.query(`CREATE TYPE person AS (name text, id int); CREATE TABLE people OF person;`);
      const attempt = async () => compare(await read(a), await read(b));
      await expect(attempt()).rejects.toThrow(TypedTableColumnOrderError);
      await expect(attempt()).rejects.toThrow(
        "Table public.people is to be typed by composite type public.person (OF), whose attributes are (name, id), but the migration " +
          "would leave its columns in the order (id, name)",
      );
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });
});

describe("typed tables: entity mode (the type not managed)", () => {
  /** B's model as entities give it: no composite type of any table. */
  const asEntities = (model: SchemaModel): SchemaModel => ({
    ...model,
    tables: Object.fromEntries(
      Object.entries(model.tables).map(([key, { ofType: _, ...table }]): [string, TableDef] => [key, table]),
    ),
  });

  it("keeps a typed table typed while its columns match, and makes it plain for a column the entity adds", async () => {
    const [a, same, more] = await Promise.all([createTestDatabase("tea"), createTestDatabase("teb"), createTestDatabase("tec")]);
    try {
      await a.query(`CREATE TYPE person AS (id int, name text); CREATE TABLE people OF person; INSERT INTO people VALUES (1, 'a');`);
      await same.query(`CREATE TABLE people (id int, name text);`);
      await more.query(`CREATE TABLE people (id int, name text, email text);`);
      const options = { manage: ENTITY_MANAGED_KINDS };
      expect(compare(await read(a), asEntities(await read(same)), options).operations).toEqual([]);
      const result = compare(await read(a), asEntities(await read(more)), options);
      expect(compileOperations(result.operations).map((s) => s.sql)).toEqual([
        `ALTER TABLE "public"."people" NOT OF`,
        `ALTER TABLE "public"."people" ADD COLUMN "email" text`,
      ]);
      expect(result.log).toContain("Detected table 'public.people' no longer typed by 'public.person'");
      const { applyOperations } = await import("../support/apply");
      await applyOperations(a.url, result.operations);
      expect(await a.query("SELECT * FROM people")).toStrictEqual([{ id: 1, name: "a", email: null }]);
    } finally {
      await Promise.all([a.drop(), same.drop(), more.drop()]);
    }
  });
});
