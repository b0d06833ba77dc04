/**
 * A type that a migration of some schemas drops or rebuilds while something in a schema left out uses it,
 * on PostgreSQL 15: only schema `s` is compared, `public` holds the users. Each refusal is checked against
 * PostgreSQL itself (the operations applied fail where the refusal says they would), and what PostgreSQL
 * allows (an attribute retyped in place under a function) is not refused.
 */
import { Client } from "pg";
import { compare } from "../../src/compare";
import { TypeUsedOutsideError } from "../../src/compare/compare-errors";
import { typeChanges } from "../../src/compare/type-users-outside";
import { refuseTypesUsedOutside } from "../../src/api/type-users-outside";
import type { Operation } from "../../src/ops/operation";
import { applyOperations } from "../support/apply";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { read } from "./support/db-round-trip";

const made: TestDatabase[] = [];

afterAll(async () => {
  await Promise.all(made.map((db) => db.drop()));
});

async function database(sql: string): Promise<TestDatabase> {
  const db = await createTestDatabase("tyout");
  made.push(db);
  await db.query(sql);
  return db;
}

/** FROM and TO built from SQL, the operations of comparing `schemas` of them, and FROM. */
async function generate(before: string, after: string, schemas = ["s"]): Promise<{ db: TestDatabase; operations: readonly Operation[]; refusal: Promise<void> }> {
  const [db, target] = await Promise.all([database(before), database(after)]);
  const { operations } = compare(await read(db, schemas), await read(target, schemas));
  const client = new Client({ connectionString: db.url });
  await client.connect();
  const refusal = refuseTypesUsedOutside(client, operations, schemas).finally(() => client.end());
  await refusal.catch(() => undefined);
  return { db, operations, refusal };
}

describe("a type used outside the compared schemas, on PostgreSQL 15", () => {
  it("an enum rebuild is refused, naming each column, attribute, domain, range type, function, default, trigger and policy there", async () => {
    const users = `
      CREATE TABLE t (c s.e, tags s.e[], note text DEFAULT 'a'::s.e::text);
      CREATE TYPE pair AS (x s.e);
      CREATE DOMAIN de AS s.e;
      CREATE TYPE er AS RANGE (subtype = s.e);
      CREATE FUNCTION label(s.e) RETURNS text LANGUAGE sql AS 'SELECT 1::text';
      CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
      CREATE TRIGGER only_a BEFORE INSERT ON t FOR EACH ROW WHEN (NEW.c = 'a') EXECUTE FUNCTION touch();
      CREATE POLICY sees_a ON t USING (c = 'a');`;
    const { db, operations, refusal } = await generate(
      `CREATE SCHEMA s; CREATE TYPE s.e AS ENUM ('a', 'b'); CREATE TABLE s.own (c s.e); ${users}`,
      "CREATE SCHEMA s; CREATE TYPE s.e AS ENUM ('a'); CREATE TABLE s.own (c s.e);",
    );
    await expect(refusal).rejects.toThrow(TypeUsedOutsideError);
    await expect(refusal).rejects.toThrow(
      "The migration cannot run as generated: it removes the label 'b' from enum s.e, which creates the type again and drops " +
        "the old one (PostgreSQL has no ALTER TYPE ... DROP VALUE), but domain public.de, range type public.er, attribute x " +
        "of composite type public.pair, function public.label(s.e), column public.t.c, the default of column public.t.note, " +
        "trigger only_a on public.t, policy sees_a on public.t, column public.t.tags use it. PostgreSQL refuses to drop or " +
        "retype a type while anything uses it, and this comparison does not compare schema public",
    );
    await expect(applyOperations(db.url, operations)).rejects.toThrow(/cannot drop type s\.e__old because other objects depend on it/);
  });

  it("a rebuild whose users are all compared is not refused, and runs", async () => {
    const { db, operations, refusal } = await generate(
      "CREATE SCHEMA s; CREATE TYPE s.e AS ENUM ('a', 'b'); CREATE TABLE t (c s.e); CREATE FUNCTION label(s.e) RETURNS text LANGUAGE sql AS 'SELECT 1::text';",
      "CREATE SCHEMA s; CREATE TYPE s.e AS ENUM ('a'); CREATE TABLE t (c s.e); CREATE FUNCTION label(s.e) RETURNS text LANGUAGE sql AS 'SELECT 1::text';",
      ["public", "s"],
    );
    await expect(refusal).resolves.toBeUndefined();
    // The function over the enum is dropped and created again around the rebuild by the comparison itself.
    await applyOperations(db.url, operations);
    expect(await db.query("SELECT enum_range(NULL::s.e)::text AS labels")).toEqual([{ labels: "{a}" }]);
  });

  it("dropping an enum, a domain, a composite type or a range type a column there uses is refused", async () => {
    const { db, operations, refusal } = await generate(
      `CREATE SCHEMA s; CREATE TYPE s.e AS ENUM ('a'); CREATE DOMAIN s.d AS int; CREATE TYPE s.c AS (a int);
       CREATE TYPE s.r AS RANGE (subtype = int8); CREATE TABLE t (a s.e, b s.d, c s.c, d s.r_multirange);`,
      "CREATE SCHEMA s;",
    );
    for (const blocker of [
      "it drops enum s.e, but column public.t.a uses it",
      "it drops domain s.d, but column public.t.b uses it",
      "it drops composite type s.c, but column public.t.c uses it",
      "it drops range type s.r, but column public.t.d uses it",
    ]) {
      await expect(refusal).rejects.toThrow(blocker);
    }
    await expect(applyOperations(db.url, operations)).rejects.toThrow(/because other objects depend on it/);
  });

  it("an attribute retyped in place is refused under a column there, not under a function (which PostgreSQL allows)", async () => {
    const composite = (type: string, users: string) => `CREATE SCHEMA s; CREATE TYPE s.c AS (a ${type}); ${users}`;
    const fn = "CREATE FUNCTION first(s.c) RETURNS int LANGUAGE sql AS 'SELECT 1';";
    const allowed = await generate(composite("int", fn), composite("bigint", ""));
    await expect(allowed.refusal).resolves.toBeUndefined();
    await applyOperations(allowed.db.url, allowed.operations);

    const blocked = await generate(composite("int", "CREATE TABLE t (x s.c);"), composite("bigint", ""));
    await expect(blocked.refusal).rejects.toThrow(
      "it retypes attribute a of composite type s.c (ALTER TYPE ... ALTER ATTRIBUTE), but column public.t.x uses it.",
    );
    await expect(applyOperations(blocked.db.url, blocked.operations)).rejects.toThrow('cannot alter type "c" because column "t.x" uses it');
  });
});

describe("the types a migration drops or rebuilds", () => {
  it("names an enum renamed earlier in the migration as the database has it", () => {
    const operations: Operation[] = [
      { kind: "renameEnum", enum: { schema: "s", name: "old" }, to: "e" },
      { kind: "alterEnum", enum: { schema: "s", name: "e" }, from: ["a", "b"], to: ["b", "a"], usages: [] },
    ];
    expect(typeChanges(operations).map((change) => change.type)).toEqual([{ schema: "s", name: "old" }]);
    expect(typeChanges(operations)[0]!.what).toMatch(/^changes the labels of enum s\.old from \('a', 'b'\) to \('b', 'a'\)/);
  });

  it("leaves out a label appended in place", () => {
    expect(typeChanges([{ kind: "alterEnum", enum: { schema: "s", name: "e" }, from: ["a"], to: ["a", "b"], usages: [] }])).toEqual([]);
  });
});
