/**
 * A server whose search_path puts unqualified tables in another schema than `public` (`ALTER DATABASE ...
 * SET search_path`, as hardened and multi-schema setups do), on PostgreSQL 15. TypeORM places an entity
 * that names no schema in the connection's current schema; autogen compared it in `public` whatever the
 * connection said, so its migrations created the tables where the application never looks (found probing
 * server settings, 2026-12-06). TypeORM's own schema builder, on the same connection, is the judge.
 */
import "reflect-metadata";
import { DataSource, EntitySchema } from "typeorm";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, NOTE_ENTITY, tempProject } from "./cli-support";
import fs from "node:fs";
import path from "node:path";

let db: TestDatabase;

afterEach(async () => {
  await db.drop();
});

/** NOTE_ENTITY as TypeORM's schema builder sees it, written without decorators. */
const NOTE = new EntitySchema({
  name: "Note",
  tableName: "notes",
  columns: { id: { type: Number, primary: true, generated: "increment" }, title: { type: "varchar", length: 120 } },
});

/** What TypeORM's schema builder would still run on `url` for NOTE (empty: in sync where TypeORM looks). */
async function typeormPending(url: string): Promise<string[]> {
  const ds = new DataSource({ type: "postgres", url, entities: [NOTE] });
  await ds.initialize();
  try {
    return (await ds.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
  } finally {
    await ds.destroy();
  }
}

async function databaseWithSearchPath(prefix: string): Promise<TestDatabase> {
  const created = await createTestDatabase(prefix);
  await created.query("CREATE SCHEMA app");
  await created.query(`ALTER DATABASE "${created.name}" SET search_path = app`);
  return created;
}

async function where(): Promise<string[]> {
  const rows = await db.query<{ at: string }>(
    "SELECT n.nspname::text || '.' || c.relname::text AS at FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
      "WHERE c.relname = 'notes' AND c.relkind = 'r' ORDER BY 1",
  );
  return rows.map((r) => r.at);
}

it("entities without a schema go to the connection's current schema, where TypeORM looks for them", async () => {
  db = await databaseWithSearchPath("search_path_app");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/note.ts": NOTE_ENTITY,
  });
  const generated = await cli(["-m", "create notes"], dir);
  expect(generated.code).toBe(0);
  expect(generated.stderr).toContain(
    `WARNING: Entities that name no schema are compared in "app", this connection's current schema (its search_path), where TypeORM puts them.`,
  );
  expect(generated.stderr).not.toContain("WARNING: WARNING:");
  const [file] = migrationFiles(dir);
  expect(fs.readFileSync(path.join(dir, "migrations", file!), "utf8")).toContain(`{ schema: "app", name: "notes" }`);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await where()).toEqual(["app.notes"]);
  expect(await typeormPending(db.url)).toEqual([]);
  const check = await cli(["check"], dir);
  expect(check.code).toBe(0);
  expect(check.stdout).toContain("No changes in schema detected.");
});

it("the config's defaultSchema says it outright: no warning, the same placement", async () => {
  db = await databaseWithSearchPath("search_path_cfg");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url, defaultSchema: "app" }),
    "entities/note.ts": NOTE_ENTITY,
  });
  const generated = await cli(["-m", "create notes"], dir);
  expect(generated.code).toBe(0);
  expect(generated.stderr).not.toContain("WARNING");
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await where()).toEqual(["app.notes"]);
  expect(await typeormPending(db.url)).toEqual([]);
});

it("a history that put them in public keeps them there when the search_path later points elsewhere, and says so", async () => {
  db = await createTestDatabase("search_path_later");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/note.ts": NOTE_ENTITY,
  });
  expect((await cli(["-m", "create notes"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  await db.query("CREATE SCHEMA app");
  await db.query(`ALTER DATABASE "${db.name}" SET search_path = app, public`);
  const check = await cli(["check"], dir);
  expect(check.code).toBe(0);
  expect(check.stdout).toContain("No changes in schema detected.");
  expect(check.stderr).toContain(
    `WARNING: Entities that name no schema are compared in public, where this project's migrations put them, though this connection's current schema (its search_path) is "app"`,
  );
  expect(await where()).toEqual(["public.notes"]);
});

it("a search_path naming no existing schema first still gives public", async () => {
  db = await createTestDatabase("search_path_missing");
  await db.query(`ALTER DATABASE "${db.name}" SET search_path = nowhere, public`);
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/note.ts": NOTE_ENTITY,
  });
  const generated = await cli(["-m", "create notes"], dir);
  expect(generated.code).toBe(0);
  expect(generated.stderr).not.toContain("WARNING");
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await where()).toEqual(["public.notes"]);
  expect(await typeormPending(db.url)).toEqual([]);
});

// The first migration creates "app"."notes" but not the schema `app`, which the server already had; the shadow
// database has `public` only, and the replay stopped at "schema "app" does not exist" (a named known failure
// for a while): the schemas a history uses before creating any are now created there first.
it("check --shadow and autogen test replay a history whose default schema the server already had", async () => {
  db = await databaseWithSearchPath("search_path_shadow");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url, defaultSchema: "app" }),
    "entities/note.ts": NOTE_ENTITY,
  });
  expect((await cli(["-m", "create notes"], dir)).code).toBe(0);
  const shadow = await cli(["check", "--shadow"], dir);
  expect(shadow.stderr).toBe("");
  expect(shadow.stdout).toContain("No changes in schema detected.");
  expect(shadow.code).toBe(0);
  const test = await cli(["test"], dir);
  expect(test.stderr).toBe("");
  expect(test.code).toBe(0);
  // The migration itself still assumes the schema, as the server has it: it does not create `app`.
  const [file] = migrationFiles(dir);
  expect(fs.readFileSync(path.join(dir, "migrations", file!), "utf8")).not.toContain("createSchema");
});

// The caches of the entity side (the normalised model, the remembered "no changes") were keyed by the catalog
// only: after `ALTER DATABASE ... SET search_path` the entities' `f()` meant another function, but check
// kept answering from what it had printed under the old path (found probing server settings, 2026-12-06).
// A run without the caches is the judge.
it("check follows a search_path change that makes an entity's default call another function", async () => {
  db = await createTestDatabase("search_path_cache");
  await db.query("CREATE SCHEMA app");
  await db.query("CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1'");
  await db.query("CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'SELECT 2'");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/counter.ts": `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "counters", schema: "public" })
export class Counter {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "int", default: () => "f()" })
  start: number;
}
`,
  });
  expect((await cli(["-m", "create counters"], dir)).code).toBe(0);
  expect(fs.readFileSync(path.join(dir, "migrations", migrationFiles(dir)[0]!), "utf8")).toContain(`default: "public.f()"`);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect((await cli(["check"], dir)).code).toBe(0);
  expect((await cli(["check"], dir)).code).toBe(0);

  await db.query(`ALTER DATABASE "${db.name}" SET search_path = app, public`);
  // The caches read the process's environment, not the one `cli()` passes on.
  process.env.AUTOGEN_NO_CACHE = "1";
  const uncached = await cli(["check"], dir).finally(() => delete process.env.AUTOGEN_NO_CACHE);
  expect(uncached.stdout).toContain(`await op.alterColumn("counters", "start", { default: "app.f()" }`);
  expect(uncached.code).toBe(1);
  const cached = await cli(["check"], dir);
  expect(cached.stdout).toBe(uncached.stdout);
  expect(cached.code).toBe(1);
});

// TypeORM would create the tables in pg_catalog, which PostgreSQL refuses; the error named a "schemas" setting
// the project never wrote (found probing server settings, 2026-12-06). It now names the search_path and what
// to change; defaultSchema still decides.
it("a search_path whose first schema is pg_catalog is named as such, and defaultSchema still works", async () => {
  db = await createTestDatabase("search_path_catalog");
  await db.query(`ALTER DATABASE "${db.name}" SET search_path = pg_catalog, public`);
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/note.ts": NOTE_ENTITY,
  });
  const refused = await cli(["-m", "create notes"], dir);
  expect(refused.stderr).toContain(`Entities that name no schema go to this connection's current schema, "pg_catalog"`);
  expect(refused.stderr).toContain("or set defaultSchema in the config.");
  expect(refused.stderr).not.toContain(`"schemas" setting`);
  expect(refused.code).toBe(2);
  expect(migrationFiles(dir)).toEqual([]);

  fs.writeFileSync(
    path.join(dir, "autogen.config.json"),
    JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url, defaultSchema: "public" }),
  );
  expect((await cli(["-m", "create notes"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await where()).toEqual(["public.notes"]);
  expect((await cli(["check"], dir)).code).toBe(0);

  // Once the history has put them in public, they stay there, as for any other search_path, with the warning.
  fs.writeFileSync(path.join(dir, "autogen.config.json"), JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }));
  const kept = await cli(["check"], dir);
  expect(kept.stderr).toContain("Entities that name no schema are compared in public, where this project's migrations put them");
  expect(kept.stdout).toContain("No changes in schema detected.");
  expect(kept.code).toBe(0);
});
