/**
 * An entity mapped over a foreign table (postgres_fdw), which the model does not describe: the comparison
 * sees no table, so the migration would CREATE TABLE a name the foreign table holds and fail on upgrade.
 * `autogen check` says so, naming the foreign table and its server, and with `synchronize: false` on the
 * entity, as the warning advises, the project is in sync. On PostgreSQL 15.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, NOTE_ENTITY, tempProject } from "./cli-support";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase("foreign_entity");
  await db.query(`
    CREATE EXTENSION postgres_fdw;
    CREATE SERVER remote_notes FOREIGN DATA WRAPPER postgres_fdw OPTIONS (dbname 'elsewhere');
    CREATE FOREIGN TABLE notes (id int NOT NULL, title varchar(120) NOT NULL) SERVER remote_notes;`);
});

afterAll(async () => {
  await db.drop();
});

it("warns that the table an entity maps is a foreign table, and is in sync once the entity says synchronize: false", async () => {
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/note.ts": NOTE_ENTITY,
    "migrations/.keep": "",
  });
  const run = await cli(["check"], dir);
  expect(run.code).toBe(1);
  expect(run.stderr).toContain(
    "WARNING: Table public.notes is created, but the database has a foreign table of that name (server remote_notes), " +
      "which autogen does not manage: the CREATE TABLE cannot apply. If the entity maps the foreign table, give it " +
      'synchronize: false, or leave it out with the config\'s "exclude".',
  );
  // The foreign table is one of a compared schema: the other-schema warning does not name it too.
  expect(run.stderr).not.toContain("in a schema this comparison does not cover");

  fs.writeFileSync(
    path.join(dir, "entities/note.ts"),
    NOTE_ENTITY.replace('@Entity({ name: "notes" })', '@Entity({ name: "notes", synchronize: false })'),
  );
  const synced = await cli(["check"], dir);
  expect(synced.stderr).not.toContain("foreign table");
  expect(synced.stdout).toContain("No changes in schema detected.");
  expect(synced.code).toBe(0);
});
