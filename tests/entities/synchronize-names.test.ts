/**
 * The proof that the entity model matches reality: typeorm's own `synchronize()` builds the fixture
 * entities on a fresh PostgreSQL 15 database, and the catalog then holds exactly the tables, columns
 * (type, nullability, identity/serial, generated, collation, comment), constraint and index names, and
 * enum labels that `entitiesToModel` produced without connecting.
 */
import path from "node:path";
import type { Client } from "pg";
import { DataSource, type DataSourceOptions } from "typeorm";
import { loadEntitySet, type EntitySource } from "../../src/entities/load-entities";
import { buildEntityMetadata } from "../../src/entities/build-metadata";
import { entitiesToModel } from "../../src/entities/entities-to-model";
import type { SchemaModel } from "../../src/model/schema-model";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { catalogClient, enumsIn, shapeOfModel, shapeOfTable, tablesIn } from "./support/catalog-snapshot";

const FIXTURES = path.join(__dirname, "fixtures");

interface Synchronised {
  readonly db: TestDatabase;
  readonly client: Client;
  readonly model: SchemaModel;
}

/** Builds the model offline, then lets typeorm create the same entities on a fresh database. */
async function synchronise(source: EntitySource, schemas: readonly string[]): Promise<Synchronised> {
  const set = await loadEntitySet(source, FIXTURES);
  const model = entitiesToModel(await buildEntityMetadata(set), { defaultSchema: "public" });
  const db = await createTestDatabase("ent");
  for (const schema of schemas) await db.query(`CREATE SCHEMA "${schema}"`);
  const options = { ...set.options, type: "postgres", url: db.url, entities: [...set.entities], synchronize: false };
  const dataSource = new DataSource(options as DataSourceOptions);
  await dataSource.initialize();
  try {
    await dataSource.synchronize();
  } finally {
    await dataSource.destroy();
  }
  return { db, client: await catalogClient(db.url), model };
}

async function expectCatalogToMatch({ client, model }: Synchronised): Promise<void> {
  // typeorm's own bookkeeping table (views, generated columns) is not part of the user's schema.
  const tables = (await tablesIn(client, model.schemas)).filter((key) => !key.endsWith('."typeorm_metadata"'));
  expect(tables).toEqual(Object.keys(model.tables).sort());
  for (const table of Object.values(model.tables)) {
    const actual = await shapeOfTable(client, table.schema, table.name);
    expect({ table: `${table.schema}.${table.name}`, ...actual }).toEqual({
      table: `${table.schema}.${table.name}`,
      ...shapeOfModel(table),
    });
  }
  expect(await enumsIn(client, model.schemas)).toEqual(model.enums);
  const installed = await client.query<{ extname: string }>("SELECT extname FROM pg_extension");
  expect(installed.rows.map((row) => row.extname)).toEqual(expect.arrayContaining(Object.keys(model.extensions)));
}

describe("the entity model against typeorm's synchronize()", () => {
  const created: Synchronised[] = [];
  afterAll(async () => {
    for (const { client, db } of created) {
      await client.end();
      await db.drop();
    }
  });

  it("matches for the blog fixtures (hashed default names, junction, STI, enums, two schemas)", async () => {
    const synced = await synchronise({ entities: ["blog/*.ts"] }, ["app"]);
    created.push(synced);
    await expectCatalogToMatch(synced);
  });

  it("matches for quoted names, rowid, identity BY DEFAULT, embedded columns and a deferrable unique", async () => {
    const synced = await synchronise({ entities: ["quirks/user-account.ts", "quirks/generated.ts"] }, []);
    created.push(synced);
    await expectCatalogToMatch(synced);
  });

  it("matches for a DataSource module with a custom naming strategy, schema and pgcrypto", async () => {
    const synced = await synchronise({ dataSource: "shop/data-source.ts" }, ["shop"]);
    created.push(synced);
    expect(Object.keys(synced.model.tables)).toEqual(['"shop"."order"', '"shop"."customer"']);
    await expectCatalogToMatch(synced);
  });
});
