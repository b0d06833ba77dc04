/**
 * Introspection of tablespaces on PostgreSQL 15: a table's, a partitioned table's, an index's (a
 * partitioned one's too), a primary key's, unique and exclusion constraint's index's, a materialized view's
 * and its index's; absent for the database's default tablespace, named or not, and for a foreign key
 * (whose index is the referenced table's), but for a partition in the default under a parent elsewhere.
 */
import { introspect } from "../../src/introspect";
import type { SchemaModel } from "../../src/model/schema-model";
import { createTablespace, tablespaceName, type TestTablespace } from "../support/tablespace";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { column, exclusion, foreignKey, index, primaryKey, table, unique, view } from "../support/model-builders";
import { connectPg } from "./helpers";

let ts: TestTablespace;
let db: TestDatabase;
let model: SchemaModel;

beforeAll(async () => {
  ts = await createTablespace(tablespaceName("introspect_ts"));
  db = await createTestDatabase("introspect_ts");
  await db.query(`
    CREATE TABLE slots (
      id int, a int, r int4range,
      CONSTRAINT slots_pkey PRIMARY KEY (id) USING INDEX TABLESPACE ${ts.name},
      CONSTRAINT slots_a_key UNIQUE (a) USING INDEX TABLESPACE ${ts.name} DEFERRABLE,
      CONSTRAINT slots_r_excl EXCLUDE USING gist (r WITH &&) USING INDEX TABLESPACE ${ts.name} WHERE (a > 0)
    ) TABLESPACE ${ts.name};
    CREATE INDEX slots_a_idx ON slots (a) TABLESPACE ${ts.name} WHERE a > 1;
    CREATE INDEX slots_r_idx ON slots (r) TABLESPACE pg_default;
    CREATE TABLE refs (slot int CONSTRAINT refs_slot REFERENCES slots (id)) TABLESPACE pg_default;
    CREATE TABLE logs (a int NOT NULL, b int NOT NULL, PRIMARY KEY (a, b) USING INDEX TABLESPACE ${ts.name})
      PARTITION BY RANGE (a) TABLESPACE ${ts.name};
    CREATE INDEX logs_b_idx ON logs (b) TABLESPACE ${ts.name};
    -- A partition made without a tablespace takes its parent's.
    CREATE TABLE logs_1 PARTITION OF logs FOR VALUES FROM (0) TO (10);
    CREATE TABLE logs_2 PARTITION OF logs FOR VALUES FROM (10) TO (20) TABLESPACE pg_default;
    CREATE MATERIALIZED VIEW slot_ids TABLESPACE ${ts.name} AS SELECT id FROM slots;
    CREATE INDEX slot_ids_id ON slot_ids (id) TABLESPACE ${ts.name};
    CREATE VIEW plain_ids AS SELECT id FROM slots;
  `);
  const conn = await connectPg(db.url);
  try {
    model = await introspect(conn, { schemas: ["public"] });
  } finally {
    await conn.end();
  }
});

afterAll(async () => {
  await db?.drop();
  await ts?.drop();
});

describe("introspect: tablespaces", () => {
  it("reads the tablespace of tables, keys' and exclusions' indexes and indexes, none for the default", () => {
    const columns = [column("id", "integer", { nullable: false }), column("a", "integer"), column("r", "int4range")];
    expect(model.tables['"public"."slots"']).toEqual(
      table("slots", columns, {
        primaryKey: primaryKey("slots_pkey", ["id"], { tablespace: ts.name }),
        uniques: [unique("slots_a_key", ["a"], { tablespace: ts.name, deferrable: true })],
        exclusions: [exclusion("slots_r_excl", "EXCLUDE USING gist (r WITH &&) WHERE ((a > 0))", { tablespace: ts.name })],
        indexes: [index("slots_a_idx", ["a"], { where: "a > 1", tablespace: ts.name }), index("slots_r_idx", ["r"])],
        tablespace: ts.name,
      }),
    );
    expect(model.tables['"public"."refs"']).toEqual(
      table("refs", [column("slot", "integer")], { foreignKeys: [foreignKey("refs_slot", ["slot"], "slots", ["id"])] }),
    );
  });

  it("reads a partitioned table's, its key's and index's, and its partitions', naming the default for one there", () => {
    const logs = model.tables['"public"."logs"']!;
    expect([logs.tablespace, logs.primaryKey?.tablespace, logs.indexes.map((i) => i.tablespace)]).toEqual([ts.name, ts.name, [ts.name]]);
    expect(model.tables['"public"."logs_1"']?.tablespace).toBe(ts.name);
    // Created again without a tablespace, it would go to its parent's.
    expect(model.tables['"public"."logs_2"']?.tablespace).toBe("pg_default");
  });

  it("reads a materialized view's and its index's, and none for a plain view", () => {
    // Its query as the server prints it (PostgreSQL 16 and later print it without the table's name).
    const { dependsOn: _, columns: __, options: ___, readsColumns: ____, ...slotIds } = model.views['"public"."slot_ids"']!;
    expect(slotIds).toEqual(
      view("slot_ids", slotIds.definition, { materialized: true, indexes: [index("slot_ids_id", ["id"], { tablespace: ts.name })], tablespace: ts.name }),
    );
    expect(slotIds.definition).toMatch(/^SELECT (slots\.)?id\n   FROM public\.slots$/);
    expect(model.views['"public"."plain_ids"']).not.toHaveProperty("tablespace");
  });
});
