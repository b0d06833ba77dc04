/** Views through the normaliser: Postgres prints what it can create, and names what it refuses. */
import { connectPostgres } from "../../src/db/postgres";
import type { Database } from "../../src/db/database";
import type { IndexDef } from "../../src/model/schema-model";
import { DefinitionRejectedError, normaliseModel } from "../../src/normalise";
import { introspect } from "../../src/introspect";
import { column, index, model, table, view } from "../support/model-builders";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDb = await createTestDatabase("norm_views");
  db = await connectPostgres(testDb.url);
  await db.query(`CREATE TABLE public.users (id int PRIMARY KEY, name varchar(40), active boolean)`);
});

afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

describe("normaliseModel: views", () => {
  it("replaces a view's query by Postgres's printing, materialized or not, and creates nothing", async () => {
    const raw = model({
      tables: [table("users", [column("id", "int", { nullable: false })])],
      views: [
        view("active_names", `SELECT "name" FROM "users" WHERE "active" = true`),
        view("name_count", `SELECT count(*) AS "n" FROM "users"`, { materialized: true }),
      ],
    });
    const normalised = await normaliseModel(db, raw);
    expect(normalised.views).toStrictEqual({
      '"public"."active_names"': {
        schema: "public",
        name: "active_names",
        materialized: false,
        definition: "SELECT users.name\n   FROM public.users\n  WHERE (users.active = true)",
        indexes: [],
        columns: ["name"],
      },
      '"public"."name_count"': {
        schema: "public",
        name: "name_count",
        materialized: true,
        definition: "SELECT count(*) AS n\n   FROM public.users",
        indexes: [],
        columns: ["n"],
      },
    });
    const { rows } = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema')",
    );
    expect(rows[0]!.n).toBe(0);
  });

  it("keeps the entity's query for a view that reads what the database does not have yet", async () => {
    const raw = model({
      views: [
        view("new_things", `SELECT "id" FROM "things"`),
        view("new_column", `SELECT "email" FROM "users"`),
      ],
    });
    const normalised = await normaliseModel(db, raw);
    expect(normalised.views['"public"."new_things"']!.definition).toBe(`SELECT "id" FROM "things"`);
    expect(normalised.views['"public"."new_column"']!.definition).toBe(`SELECT "email" FROM "users"`);
  });

  it("names a view whose query Postgres refuses for any other reason", async () => {
    const raw = model({ views: [view("broken", `SELEC "id" FROM "users"`), view("fine", `SELECT 1 AS one`)] });
    const error = await normaliseModel(db, raw).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DefinitionRejectedError);
    expect((error as Error).message).toMatch(/^PostgreSQL rejected a definition in the entities: view public\.broken: syntax error at or near "SELEC"/);
  });

  it("prints a materialized view's indexes as Postgres prints those of the same view made for real", async () => {
    const query = `SELECT "id", "name" AS "userName", "active" FROM "users"`;
    const indexes = [
      index("names_partial", ['"userName"'], { where: `"active" = true` }),
      index("names_lower", [{ expression: `lower("userName")`, descending: true, nullsFirst: true, opclass: null, collation: null }]),
      index("names_unique", ["id"], { unique: true, include: ["userName"] }),
    ];
    const normalised = await normaliseModel(db, model({ views: [view("names", query, { materialized: true, indexes })] }));
    // The same view and indexes, made by their SQL in a schema of their own, then read back.
    await db.exec(`CREATE SCHEMA real_views; CREATE MATERIALIZED VIEW real_views.names AS ${query};
      CREATE INDEX names_partial ON real_views.names ("userName") WHERE "active" = true;
      CREATE INDEX names_lower ON real_views.names (lower("userName") DESC);
      CREATE UNIQUE INDEX names_unique ON real_views.names (id) INCLUDE ("userName")`);
    try {
      const real = await introspect(db, { schemas: ["real_views"] });
      const byName = (list: readonly IndexDef[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));
      expect(byName(normalised.views['"public"."names"']!.indexes)).toEqual(byName(real.views['"real_views"."names"']!.indexes));
      expect(real.views['"real_views"."names"']!.indexes.map((i) => i.where)).toContain("active = true");
    } finally {
      await db.exec("DROP SCHEMA real_views CASCADE");
    }
  });

  it("names a materialized view's index Postgres refuses", async () => {
    const bad = index("bad", ['"missing"']);
    const raw = model({ views: [view("names2", `SELECT "id" FROM "users"`, { materialized: true, indexes: [bad] })] });
    const error = await normaliseModel(db, raw).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DefinitionRejectedError);
    expect((error as Error).message).toContain('index "bad" on public.names2: column "missing" does not exist');
  });

  it("keeps a materialized view's index as the entity gives it when it calls a function the database does not have yet", async () => {
    const pending = index("by_slug", [{ expression: `slugify("name")`, descending: false, nullsFirst: false, opclass: null, collation: null }]);
    const raw = model({ views: [view("slugs", `SELECT "name" FROM "users"`, { materialized: true, indexes: [pending] })] });
    const normalised = await normaliseModel(db, raw);
    expect(normalised.views['"public"."slugs"']!.indexes).toEqual([pending]);
  });
});
