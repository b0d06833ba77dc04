/** Views and materialized views: the SQL of their ops, run on PostgreSQL 15, and undone by their inverses. */
import { Client } from "pg";
import { compileOperation } from "../../src/sql/compile";
import { invert } from "../../src/ops/invert";
import { operationBuilders as op } from "../../src/ops/builders";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { roundTrip, run } from "./schema-signature";

let db: TestDatabase;
let client: Client;

beforeAll(async () => {
  db = await createTestDatabase("sql_views");
  client = new Client({ connectionString: db.url });
  await client.connect();
  await client.query(`CREATE SCHEMA "Rep ""R"""`);
  await client.query(`CREATE TABLE public.users (id int PRIMARY KEY, name text, active boolean)`);
  await client.query(`INSERT INTO public.users VALUES (1, 'Ada', true), (2, 'Bob', false)`);
});

afterAll(async () => {
  await client.end();
  await db.drop();
});

describe("views", () => {
  it("creates a view from its query and drops it", async () => {
    await roundTrip(
      client,
      op.createView("active_users", { definition: "SELECT id, name FROM public.users WHERE active;" }),
      [`CREATE VIEW "public"."active_users" AS SELECT id, name FROM public.users WHERE active`],
      async (after) => {
        expect(after.views).toEqual([
          "active_users AS  SELECT users.id,\n    users.name\n   FROM users\n  WHERE users.active;",
        ]);
        expect((await client.query("SELECT name FROM active_users")).rows).toEqual([{ name: "Ada" }]);
      },
    );
  });

  it("creates a materialized view in a schema whose name needs quoting, with its rows, and drops it", async () => {
    await roundTrip(
      client,
      op.createView({ schema: 'Rep "R"', name: "Counts" }, { definition: "SELECT count(*) AS n FROM public.users", materialized: true }),
      [`CREATE MATERIALIZED VIEW "Rep ""R"""."Counts" AS SELECT count(*) AS n FROM public.users`],
      async (after) => {
        expect(after.views).toEqual([`"Rep ""R"""."Counts" MATERIALIZED AS  SELECT count(*) AS n\n   FROM users;`]);
        expect((await client.query(`SELECT n FROM "Rep ""R"""."Counts"`)).rows).toEqual([{ n: "2" }]);
      },
    );
  });

  it("drops a view (materialized or not) as its kind asks, and creates it again from what it carries", async () => {
    const create = op.createView("names", { definition: "SELECT name FROM public.users", materialized: true });
    await run(client, compileOperation(create));
    const drop = invert(create);
    expect(drop).toEqual({
      kind: "dropView",
      view: { schema: "public", name: "names" },
      materialized: true,
      existing: create.view,
    });
    expect(compileOperation(drop).map((s) => s.sql)).toEqual([`DROP MATERIALIZED VIEW "public"."names"`]);
    await roundTrip(client, drop, [`DROP MATERIALIZED VIEW "public"."names"`]);
    await run(client, compileOperation(drop));
  });

  it("creates a materialized view's indexes with it, and a drop that carries them creates them again", async () => {
    const create = op.createView("name_index", {
      definition: "SELECT id, name FROM public.users",
      materialized: true,
      indexes: [{ name: "name_index_id", keys: ['"id"'], unique: true }, { name: "name_index_lower", keys: ["lower(name)"] }],
    });
    await roundTrip(
      client,
      create,
      [
        `CREATE MATERIALIZED VIEW "public"."name_index" AS SELECT id, name FROM public.users`,
        `CREATE UNIQUE INDEX "name_index_id" ON "public"."name_index" USING btree ("id")`,
        `CREATE INDEX "name_index_lower" ON "public"."name_index" USING btree ((lower(name)))`,
      ],
      (after) => {
        expect(after.indexes.filter((i) => i.includes("name_index"))).toEqual([
          "CREATE INDEX name_index_lower ON public.name_index USING btree (lower(name))",
          "CREATE UNIQUE INDEX name_index_id ON public.name_index USING btree (id)",
        ]);
      },
    );
    expect(invert(create)).toMatchObject({ kind: "dropView", existing: { indexes: create.view.indexes } });
  });

  it("refuses indexes on a view that is not materialized", () => {
    expect(() => op.createView("v", { definition: "SELECT 1", indexes: [{ name: "i", keys: ["x"] }] })).toThrow(
      /only a materialized view can have indexes/,
    );
  });

  it("sets a materialized view's CLUSTER index once its indexes are created, and refuses one naming none of them", async () => {
    const create = op.createView("clustered", {
      definition: "SELECT id, name FROM public.users",
      materialized: true,
      indexes: [{ name: "clustered_id", keys: ['"id"'] }],
      clusterOn: "clustered_id",
    });
    expect(compileOperation(create).map((s) => s.sql)).toEqual([
      `CREATE MATERIALIZED VIEW "public"."clustered" AS SELECT id, name FROM public.users`,
      `CREATE INDEX "clustered_id" ON "public"."clustered" USING btree ("id")`,
      `ALTER TABLE "public"."clustered" CLUSTER ON "clustered_id"`,
    ]);
    await run(client, compileOperation(create));
    const marked = await client.query(`SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = 'public.clustered'::regclass AND indisclustered`);
    expect(marked.rows).toEqual([{ name: "clustered_id" }]);
    await run(client, compileOperation(invert(create)));
    expect(() => op.createView("v", { definition: "SELECT 1 AS one", materialized: true, clusterOn: "nope" })).toThrow(
      /clusterOn names "nope", which is none of the view's indexes/,
    );
  });

  it("refuses a tablespace on a view that is not materialized (it stores nothing)", () => {
    expect(() => op.createView("v", { definition: "SELECT 1", tablespace: "fast" })).toThrow(/only a materialized view has a tablespace/);
  });

  it("refuses to invert a drop that does not carry the view's query", () => {
    expect(() => invert(op.dropView("names"))).toThrow(/view's query/);
  });
});
