/**
 * An entity moved to another schema (`@Entity({ schema })`): the table is the same, with its rows. On
 * PostgreSQL 15.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, NOTE_ENTITY, tempProject } from "./cli-support";

let db: TestDatabase;

afterEach(async () => {
  await db.drop();
});

// The entity keeps its name in another schema: the same table, moved (`ALTER TABLE ... SET SCHEMA`) without a
// question, its rows kept.
it("moving an entity to another schema moves the table and keeps its rows", async () => {
  db = await createTestDatabase("move_schema");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/note.ts": NOTE_ENTITY,
  });
  expect((await cli(["-m", "create notes"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  await db.query("INSERT INTO notes (title) VALUES ('first'), ('second')");

  fs.writeFileSync(
    path.join(dir, "entities/note.ts"),
    NOTE_ENTITY.replace('@Entity({ name: "notes" })', '@Entity({ name: "notes", schema: "archive" })'),
  );
  const r = await cli(["-m", "move notes"], dir);
  expect(r.code).toBe(0);
  const file = fs.readFileSync(path.join(dir, "migrations", migrationFiles(dir).find((f) => f.includes("move_notes"))!), "utf8");
  expect(file).not.toContain("dropTable");
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await db.query("SELECT title FROM archive.notes ORDER BY id")).toEqual([{ title: "first" }, { title: "second" }]);
});
