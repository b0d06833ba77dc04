/**
 * The online op API on the real server: bulkInsert (one parameterised multi-row INSERT, batched under
 * the parameter limit), batchAlterTable (ONE ALTER TABLE, asserted on the offline SQL and on the schema
 * introspected afterwards), inspect() inside the migration's transaction, and a data migration.
 */
import type { Database } from "../../src/db/database";
import { introspect } from "../../src/introspect/introspect";
import type { SchemaModel } from "../../src/model/schema-model";
import type { ScriptDirectory } from "../../src/revision/script-directory";
import { createOfflineOps } from "../../src/runner/offline-ops";
import { migrate } from "../../src/runner/runner";
import { OfflineInspectError } from "../../src/runner/runner-errors";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import {
  connect,
  loadMigrations,
  tableNames,
  removeMigrationDirs,
  writeMigrations,
} from "./support/migrations";

const PEOPLE = `{ name: "id", type: "integer" }, { name: "first_name", type: "text" }, { name: "last_name", type: "text" }, { name: "legacy", type: "text" }`;
const BATCH = `await op.batchAlterTable("people", (b) => {
  b.addColumn({ name: "full_name", type: "text" });
  b.alterColumn("first_name", { nullable: false });
  b.dropColumn("legacy");
  b.addUnique({ name: "people_id_key", columns: ["id"] });
  b.createIndex({ name: "people_last_name_idx", keys: ["last_name"] });
});`;

let testDb: TestDatabase;
let db: Database;
let scripts: ScriptDirectory;
const statements = new Map<string, string[]>();

beforeAll(async () => {
  testDb = await createTestDatabase("runops");
  db = await connect(testDb.url);
  const dir = writeMigrations([
    {
      id: "a1",
      down: null,
      upgrade: `await op.createTable("people", { columns: [${PEOPLE}] });
await op.bulkInsert("people", [
  { id: 1, first_name: "Ada", last_name: "Lovelace", legacy: "x" },
  { id: 2, first_name: "Alan", last_name: "Turing" },
  { id: 3, first_name: "Grace", last_name: "O'Hopper", legacy: null },
]);
await op.createTable("numbers", { columns: [{ name: "n", type: "integer" }, { name: "a", type: "text" }, { name: "b", type: "text" }, { name: "c", type: "text" }] });
await op.bulkInsert("numbers", Array.from({ length: 20000 }, (_, i) => ({ n: i, a: "a", b: "b", c: "c" })));`,
    },
    { id: "b2", down: "a1", upgrade: BATCH },
    {
      id: "c3",
      down: "b2",
      message: "backfill full_name",
      upgrade: `await op.execute("UPDATE people SET full_name = first_name || ' ' || last_name WHERE full_name IS NULL");`,
    },
    {
      id: "d4",
      down: "c3",
      upgrade: `await op.execute("ALTER TABLE people ADD COLUMN nickname text");
const model = await op.inspect();
globalThis.__runnerInspected = model;
const people = model.tables['"public"."people"'];
if (!people.columns.some((c) => c.name === "nickname")) await op.addColumn("people", { name: "nickname", type: "text" });
if (!people.columns.some((c) => c.name === "title")) await op.addColumn("people", { name: "title", type: "text" });
await op.execute("CREATE TABLE after_inspect (id int)");`,
    },
  ]);
  scripts = await loadMigrations(dir);
});

afterAll(async () => {
  await db.close();
  await testDb.drop();
});

async function upgradeTo(target: string) {
  const result = await migrate(db, {
    graph: scripts.graph,
    modules: scripts.modules,
    direction: "up",
    target,
    onEvent: (e) => {
      if (e.kind !== "statement") return;
      statements.set(e.revision.id, [...(statements.get(e.revision.id) ?? []), e.sql]);
    },
  });
  expect(result.error).toBeUndefined();
  return result;
}

test("bulkInsert sends one multi-row INSERT with parameters, batched under the parameter limit", async () => {
  await upgradeTo("a1");
  const inserts = statements.get("a1")!.filter((sql) => sql.startsWith("INSERT"));
  expect(inserts[0]).toBe(
    'INSERT INTO "public"."people" ("id", "first_name", "last_name", "legacy") VALUES ($1, $2, $3, $4), ($5, $6, $7, DEFAULT), ($8, $9, $10, $11)',
  );
  // 20,000 rows of 4 values: 80,000 parameters, more than one statement may carry (65,535).
  expect(inserts).toHaveLength(3);
  const { rows } = await db.query<{ id: number; last_name: string; legacy: string | null }>(
    "SELECT id, last_name, legacy FROM people ORDER BY id",
  );
  expect(rows).toEqual([
    { id: 1, last_name: "Lovelace", legacy: "x" },
    { id: 2, last_name: "Turing", legacy: null },
    { id: 3, last_name: "O'Hopper", legacy: null },
  ]);
  const { rows: count } = await db.query<{ n: number; sum: string }>(
    "SELECT count(*)::int4 AS n, sum(n)::text AS sum FROM numbers",
  );
  expect(count).toEqual([{ n: 20000, sum: String((19999 * 20000) / 2) }]);
});

test("batchAlterTable emits ONE ALTER TABLE, then the index (offline SQL)", async () => {
  const offline = createOfflineOps({ id: "b2", path: null });
  await scripts.modules.get("b2")!.upgrade(offline.ops);
  expect(offline.statements.map((s) => s.sql)).toEqual([
    'ALTER TABLE "public"."people" ADD COLUMN "full_name" text, ALTER COLUMN "first_name" SET NOT NULL, ' +
      'DROP COLUMN "legacy", ADD CONSTRAINT "people_id_key" UNIQUE ("id")',
    'CREATE INDEX "people_last_name_idx" ON "public"."people" USING btree (last_name)',
  ]);
});

test("batchAlterTable online: the same two statements, and the schema they produce", async () => {
  await upgradeTo("b2");
  expect(statements.get("b2")!.filter((sql) => sql.startsWith("ALTER TABLE"))).toHaveLength(1);
  expect(statements.get("b2")).toHaveLength(2);
  const people = (await introspect(db, { schemas: ["public"] })).tables['"public"."people"']!;
  expect(people.columns.map((c) => [c.name, c.nullable])).toEqual([
    ["id", true],
    ["first_name", false],
    ["last_name", true],
    ["full_name", true],
  ]);
  expect(people.uniques.map((u) => [u.name, u.columns])).toEqual([["people_id_key", ["id"]]]);
  expect(people.indexes.map((i) => i.name)).toEqual(["people_last_name_idx"]);
});

test("a data migration backfills full_name from first_name || ' ' || last_name", async () => {
  await upgradeTo("c3");
  const { rows } = await db.query<{ full_name: string }>(
    "SELECT full_name FROM people ORDER BY id",
  );
  expect(rows.map((r) => r.full_name)).toEqual(["Ada Lovelace", "Alan Turing", "Grace O'Hopper"]);
});

test("inspect() sees the migration's own uncommitted changes and leaves its settings alone", async () => {
  await upgradeTo("d4");
  const model = (globalThis as { __runnerInspected?: SchemaModel }).__runnerInspected!;
  expect(Object.keys(model.tables).sort()).toEqual(['"public"."numbers"', '"public"."people"']);
  expect(model.tables['"public"."people"']!.columns.map((c) => c.name)).toContain("nickname");
  const { rows } = await db.query<{ c: string }>(
    "SELECT column_name::text AS c FROM information_schema.columns WHERE table_name = 'people' ORDER BY ordinal_position",
  );
  expect(rows.map((r) => r.c)).toEqual([
    "id",
    "first_name",
    "last_name",
    "full_name",
    "nickname",
    "title",
  ]);
  // Created by an unqualified statement after inspect(): search_path is the session's again, not pg_catalog.
  expect(await tableNames(db)).toContain("after_inspect");
});

test("offline, inspect() refuses with a message naming the revision and file", async () => {
  const offline = createOfflineOps({ id: "d4", path: "/app/migrations/04_d4.js" });
  const error = await Promise.resolve(scripts.modules.get("d4")!.upgrade(offline.ops)).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OfflineInspectError);
  expect((error as Error).message).toMatch(
    /^op\.inspect\(\) needs a database connection; it cannot run in --sql mode \(revision "d4", file \/app\/migrations\/04_d4\.js\)/,
  );
});

afterAll(removeMigrationDirs);
