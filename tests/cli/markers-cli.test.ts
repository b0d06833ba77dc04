/**
 * Honest markers, end to end on PostgreSQL 15 with rows: `// DESTRUCTIVE:` only where data can be lost,
 * `// WARNING:` where a statement can fail on existing rows, in the file (upgrade and downgrade) and on
 * the terminal; and what is marked does what the marker says.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, NOTE_ENTITY, tempProject } from "./cli-support";

const withColumn = (decorator: string, field: string) =>
  NOTE_ENTITY.replace("  title: string;\n", `  title: string;\n\n  ${decorator}\n  ${field};\n`);

let db: TestDatabase;
let dir: string;

beforeEach(async () => {
  db = await createTestDatabase("marks");
});

afterEach(async () => {
  await db.drop();
});

async function project(entity: string): Promise<void> {
  dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/note.ts": entity,
  });
  expect((await cli(["-m", "create notes"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  await db.query("INSERT INTO notes (title) VALUES ('first'), ('second')");
}

function fileText(slug: string): { upgrade: string; downgrade: string } {
  const file = migrationFiles(dir).find((f) => f.includes(slug))!;
  const text = fs.readFileSync(path.join(dir, "migrations", file), "utf8");
  return {
    upgrade: text.slice(text.indexOf("async function upgrade"), text.indexOf("async function downgrade")),
    downgrade: text.slice(text.indexOf("async function downgrade")),
  };
}

it("ADD COLUMN NOT NULL with no default on a table with rows: a WARNING in the file and on the terminal, and it does fail", async () => {
  await project(NOTE_ENTITY);
  fs.writeFileSync(path.join(dir, "entities/note.ts"), withColumn('@Column({ type: "integer" })', "priority: number"));
  const r = await cli(["-m", "add priority"], dir);
  expect(r.code).toBe(0);
  const reason = "adds column notes.priority NOT NULL with no default, which fails if table notes has rows";
  expect(r.stderr).toContain(`WARNING: ${reason}. Review the migration before applying it.`);
  const { upgrade } = fileText("add_priority");
  expect(upgrade).toContain(`// WARNING: ${reason}\n`);
  expect(upgrade).not.toContain("DESTRUCTIVE");
  const up = await cli(["upgrade", "head"], dir);
  expect(up.code).toBe(1);
  expect(up.stderr).toContain('column "priority" of relation "notes" contains null values');
});

it("integer -> text and NOT NULL with a backfilling default: no marker, the rows kept; the downgrade's narrowing is marked", async () => {
  await project(withColumn('@Column({ type: "integer", nullable: true })', "rank: number | null"));
  await db.query("UPDATE notes SET rank = 7 WHERE title = 'first'");
  fs.writeFileSync(path.join(dir, "entities/note.ts"), withColumn('@Column({ type: "text", default: "none" })', "rank: string"));
  const r = await cli(["-m", "rank as text"], dir);
  expect(r.code).toBe(0);
  const { upgrade, downgrade } = fileText("rank_as_text");
  expect(upgrade).not.toMatch(/DESTRUCTIVE|WARNING/);
  expect(r.stderr).not.toContain("Review the migration");
  const back = "changes the type of column notes.rank from text to integer, which can fail or lose data";
  expect(downgrade).toContain(`// DESTRUCTIVE: ${back}`);
  expect(r.stderr).toContain(`WARNING: in the downgrade: destructive change: ${back}.`);

  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await db.query("SELECT title, rank FROM notes ORDER BY id")).toEqual([
    { title: "first", rank: "7" },
    { title: "second", rank: "none" },
  ]);
});
