/**
 * Normalisation that reuses the tables Postgres printed before (cachedNormalisation's memo of tables,
 * src/cache/entity-model-cache.ts) must give exactly what normalising the whole model gives, table for
 * table and in the same order, after any edit: a model of varied tables (enums, generated columns,
 * checks, an exclusion, expression and partial indexes, collations, a view) is edited 40 times at random
 * (seeded, so a failure repeats), and each result is compared with a whole normalisation of the same
 * model on PostgreSQL 15.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cachedNormalisation } from "../../src/cache/entity-model-cache";
import { catalogState } from "../../src/cache/introspection-cache";
import type { Database } from "../../src/db/database";
import { connectPostgres } from "../../src/db/postgres";
import type { SchemaModel, TableDef } from "../../src/model/schema-model";
import { normaliseModel } from "../../src/normalise";
import { check, column, enumType, exclusion, extension, index, model, table, view } from "../support/model-builders";
import { seededRandom } from "../support/seeded-random";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

let testDb: TestDatabase;
let db: Database;
let cacheDir: string;

beforeAll(async () => {
  testDb = await createTestDatabase("norm_incr");
  db = await connectPostgres(testDb.url);
  await db.query("CREATE TABLE public.existing (id integer PRIMARY KEY, label text)");
  cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-norm-incr-"));
  fs.chmodSync(cacheDir, 0o700);
});

afterAll(async () => {
  await db?.close();
  await testDb?.drop();
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

function itemTable(i: number, variant = 0): TableDef {
  return table(
    `public.item_${i}`,
    [
      column("id", i % 2 ? "uuid" : "integer", { nullable: false }),
      column("name", `varchar(${40 + i + variant})`, { default: `'x${variant}'` }),
      column("quantity", "int", { default: `((${i + variant}))` }),
      column("price", "numeric(10,2)"),
      column("status", `"public"."item_${i % 3}_status_enum"`, { default: "'draft'" }),
      column("label", "text", { collation: '"C"' }),
      column("area", "box"),
      column("total", "numeric", { generated: variant % 2 ? "quantity * price * 2" : "quantity * price" }),
    ],
    {
      checks: [check(`CHK_item_${i}`, `CHECK ("quantity" >= ${i + variant} AND "price" < 1000)`)],
      exclusions: i === 0 ? [exclusion("EX_item_area", "EXCLUDE USING gist (area WITH &&)")] : [],
      indexes: [
        index(`IDX_item_${i}_lower`, [variant % 3 ? "upper(name)" : "lower(name)"]),
        index(`IDX_item_${i}_partial`, ['"quantity"'], { where: `"status" <> 'draft'`, include: ["price"] }),
      ],
    },
  );
}

function baseModel(tables: readonly TableDef[], labels: readonly string[] = ["draft", "active"]): SchemaModel {
  return model({
    extensions: [extension("uuid-ossp")],
    enums: [0, 1, 2].map((i) => enumType(`public.item_${i}_status_enum`, [...labels, `v${i}`])),
    tables,
    views: [view("public.existing_labels", "SELECT id, upper(label) AS label FROM public.existing")],
  });
}

it("gives what normalising the whole model gives, after each of 40 random edits, reusing the tables it can", async () => {
  const next = seededRandom(20261205);
  const variants = new Map<number, number>(Array.from({ length: 12 }, (_, i) => [i, 0]));
  let labels = ["draft", "active"];
  let reusedSteps = 0;
  let partialCalls = 0;
  for (let step = 0; step < 40; step++) {
    const roll = next();
    const i = Math.floor(next() * 14);
    if (roll < 0.6) variants.set(i % 12, (variants.get(i % 12) ?? 0) + 1); // edit one table
    else if (roll < 0.75) variants.delete(i); // drop a table (when it is there)
    else if (roll < 0.9) variants.set(i, variants.get(i) ?? 0); // add one back (or keep it)
    else labels = [...labels, `extra_${step}`]; // an enum changes: nothing can be reused
    const raw = baseModel([...variants].sort(([a], [b]) => a - b).map(([n, v]) => itemTable(n, v)), labels);
    const state = await catalogState(db);
    let given = -1;
    const incremental = await cachedNormalisation(cacheDir, db, raw, (part) => {
      given = Object.keys(part.tables).length;
      return normaliseModel(db, part);
    }, state);
    const whole = await normaliseModel(db, raw);
    expect(JSON.stringify(incremental.model)).toBe(JSON.stringify(whole));
    if (!incremental.cached && (incremental.tablesReused ?? 0) > 0) {
      reusedSteps++;
      expect(given).toBe(Object.keys(raw.tables).length - incremental.tablesReused!);
      if (given < Object.keys(raw.tables).length) partialCalls++;
    }
  }
  // Most steps changed one table, or none: the others came from the memo.
  expect(reusedSteps).toBeGreaterThan(15);
  expect(partialCalls).toBeGreaterThan(15);
});

it("reuses nothing once the database changes (its catalog state is part of the memo's key)", async () => {
  const raw = baseModel([0, 1, 2].map((i) => itemTable(i)));
  await cachedNormalisation(cacheDir, db, raw, (part) => normaliseModel(db, part));
  await db.query("CREATE DOMAIN public.price AS numeric(10, 2)");
  const edited = baseModel([itemTable(0, 1), itemTable(1), itemTable(2)]);
  let given = -1;
  const after = await cachedNormalisation(cacheDir, db, edited, (part) => {
    given = Object.keys(part.tables).length;
    return normaliseModel(db, part);
  });
  expect(given).toBe(3);
  expect(after.tablesReused).toBe(0);
  expect(JSON.stringify(after.model)).toBe(JSON.stringify(await normaliseModel(db, edited)));
});

it("reuses nothing once what surrounds the tables changes (an extension the model no longer asks for)", async () => {
  const withDefault = (extensions: readonly string[]) =>
    model({
      extensions: extensions.map((name) => extension(name)),
      tables: [table("public.keyed", [column("id", "uuid", { nullable: false, default: "uuid_generate_v4()" })]), itemTable(5)],
      enums: [enumType("public.item_2_status_enum", ["draft"])],
    });
  const first = await cachedNormalisation(cacheDir, db, withDefault(["uuid-ossp"]), (part) => normaliseModel(db, part));
  expect(first.model.tables['"public"."keyed"']!.columns[0]!.default).toBe("public.uuid_generate_v4()");
  // Without the extension, Postgres knows no uuid_generate_v4(): the table cannot come from the memo.
  await expect(cachedNormalisation(cacheDir, db, withDefault([]), (part) => normaliseModel(db, part))).rejects.toThrow(
    /uuid_generate_v4\(\) does not exist/,
  );
});
