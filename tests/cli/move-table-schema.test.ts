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

/** The config of these projects: both schemas compared, since the moved entity is the only one of `public`. */
const BOTH_SCHEMAS = { schemas: ["public", "archive"] };

/** Moves the notes entity to `archive` in a project whose config is `config`, and checks the rows moved. */
async function movesNotes(config: Record<string, unknown>): Promise<void> {
  db = await createTestDatabase("move_schema");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url, ...config }),
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
}

// The entity keeps its name in another schema: the same table, moved (`ALTER TABLE ... SET SCHEMA`) without a
// question, its rows kept.
it("moving an entity to another schema moves the table and keeps its rows (both schemas compared)", () => movesNotes(BOTH_SCHEMAS));

// [known failure] Without `schemas` in the config, the schemas compared are those the entities use: once
// the only entity of `public` moves, `public` is not compared, so its table is not seen, and an empty
// `archive.notes` is created beside it (nothing is dropped). Comparing every schema that holds a table of
// the entity's name was tried and undone: it took unrelated tables of other schemas for moved ones (see
// the next test). Finding the schema an entity left needs what the entities were before (the migration
// history's last model, say), not the database alone.
it.failing("[known failure] moving the only entity of a schema moves its table without `schemas` configured", () => movesNotes({}));

// Safety: a table of another schema that happens to have a new entity's name is not the entity's: never
// moved, never dropped, nor is anything else in that schema.
it("a table of an uncompared schema named like a new entity is left alone", async () => {
  db = await createTestDatabase("move_schema");
  await db.query("CREATE SCHEMA legacy; CREATE TABLE legacy.notes (x int); CREATE TABLE legacy.other (y int); INSERT INTO legacy.notes VALUES (1);");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/note.ts": NOTE_ENTITY,
  });
  const r = await cli(["-m", "create notes"], dir);
  expect(r.code).toBe(0);
  const file = migrationText(dir, "create_notes");
  const upgrade = file.slice(0, file.indexOf("export async function downgrade"));
  expect(upgrade).toContain("createTable");
  expect(upgrade).not.toContain("dropTable");
  expect(file).not.toMatch(/moveTable|legacy/);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await db.query("SELECT x FROM legacy.notes")).toEqual([{ x: 1 }]);
  expect(await db.query("SELECT count(*)::int AS n FROM legacy.other")).toEqual([{ n: 0 }]);
});

const ARCHIVED_NOTE_ENTITY = NOTE_ENTITY.replace('@Entity({ name: "notes" })', '@Entity({ name: "notes", schema: "archive" })');
const MEMOS_ENTITY = NOTE_ENTITY.replace('@Entity({ name: "notes" })', '@Entity({ name: "memos" })').replace("class Note", "class Memo");

/** A project with `files`, its first migration applied, and two rows in `public.notes`. */
async function notesProject(files: Record<string, string> = {}): Promise<string> {
  db = await createTestDatabase("move_schema");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url, ...BOTH_SCHEMAS }),
    "entities/note.ts": NOTE_ENTITY,
    ...files,
  });
  expect((await cli(["-m", "create notes"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  await db.query("INSERT INTO notes (title) VALUES ('first'), ('second')");
  return dir;
}

function migrationText(dir: string, slug: string): string {
  return fs.readFileSync(path.join(dir, "migrations", migrationFiles(dir).find((f) => f.includes(slug))!), "utf8");
}

it("the downgrade of a move moves the table back with its rows", async () => {
  const dir = await notesProject();
  fs.writeFileSync(path.join(dir, "entities/note.ts"), ARCHIVED_NOTE_ENTITY);
  expect((await cli(["-m", "move notes"], dir)).code).toBe(0);
  const file = migrationText(dir, "move_notes");
  expect(file).toContain('await op.moveTable("notes", "archive");');
  expect(file).toContain('await op.moveTable({ schema: "archive", name: "notes" }, "public");');
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect((await cli(["downgrade", "-1"], dir)).code).toBe(0);
  expect(await db.query("SELECT title FROM public.notes ORDER BY id")).toEqual([{ title: "first" }, { title: "second" }]);
  expect(await db.query("SELECT to_regclass('archive.notes') AS moved")).toEqual([{ moved: null }]);
});

it("--rename public.notes=archive.notes answers the move without a terminal, and says it was used", async () => {
  const dir = await notesProject();
  fs.writeFileSync(path.join(dir, "entities/note.ts"), ARCHIVED_NOTE_ENTITY);
  const r = await cli(["-m", "move notes", "--rename", "public.notes=archive.notes", "--no-interactive"], dir);
  expect(r.code).toBe(0);
  expect(r.stderr).not.toContain("was not used");
  expect(migrationText(dir, "move_notes")).toContain('await op.moveTable("notes", "archive");');
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await db.query("SELECT title FROM archive.notes ORDER BY id")).toEqual([{ title: "first" }, { title: "second" }]);
});

it("a move that renames too is asked about, answered with --rename public.notes=archive.old_notes, and undone by the downgrade", async () => {
  // Another entity stays in public, so public is still compared.
  const dir = await notesProject({ "entities/memo.ts": MEMOS_ENTITY });
  fs.writeFileSync(
    path.join(dir, "entities/note.ts"),
    NOTE_ENTITY.replace('@Entity({ name: "notes" })', '@Entity({ name: "old_notes", schema: "archive" })'),
  );
  const unanswered = await cli(["-m", "archive notes"], dir);
  expect(unanswered.code).toBe(1);
  expect(unanswered.stderr).toContain(
    "table public.notes -> archive.old_notes: --rename public.notes=archive.old_notes (rename, keeps the data) or " +
      "--no-rename public.notes (drop + add)",
  );
  const r = await cli(["-m", "archive notes", "--rename", "public.notes=archive.old_notes"], dir);
  expect(r.code).toBe(0);
  const file = migrationText(dir, "archive_notes");
  expect(file).not.toContain("dropTable");
  expect(file).toContain('await op.moveTable("notes", "archive", "old_notes");');
  expect(file).toContain('await op.moveTable({ schema: "archive", name: "old_notes" }, "public", "notes");');
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await db.query("SELECT title FROM archive.old_notes ORDER BY id")).toEqual([{ title: "first" }, { title: "second" }]);
  expect((await cli(["check"], dir)).code).toBe(0);
  expect((await cli(["downgrade", "-1"], dir)).code).toBe(0);
  expect(await db.query("SELECT title FROM public.notes ORDER BY id")).toEqual([{ title: "first" }, { title: "second" }]);
});

it("a serial column's sequence, an identity column and an index move with the table; check finds nothing left", async () => {
  const events = (schema: string) => `
import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "events"${schema} })
@Index("IDX_events_title", ["title"])
export class Event {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "bigint", generated: "identity" })
  seq: string;

  @Column({ type: "varchar", length: 120 })
  title: string;
}
`;
  db = await createTestDatabase("move_schema");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url, ...BOTH_SCHEMAS }),
    "entities/event.ts": events(""),
  });
  expect((await cli(["-m", "create events"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  await db.query("INSERT INTO events (title) VALUES ('first'), ('second')");

  fs.writeFileSync(path.join(dir, "entities/event.ts"), events(', schema: "archive"'));
  expect((await cli(["-m", "move events"], dir)).code).toBe(0);
  expect(migrationText(dir, "move_events")).toContain('await op.moveTable("events", "archive");');
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  const check = await cli(["check"], dir);
  expect(check.stdout + check.stderr).toContain("No changes in schema detected.");
  expect(check.code).toBe(0);

  await db.query("INSERT INTO archive.events (title) VALUES ('third')");
  expect(await db.query("SELECT id, seq, title FROM archive.events ORDER BY id")).toEqual([
    { id: 1, seq: "1", title: "first" },
    { id: 2, seq: "2", title: "second" },
    { id: 3, seq: "3", title: "third" },
  ]);
  expect(
    await db.query(
      "SELECT pg_get_serial_sequence('archive.events', 'id') AS serial, pg_get_serial_sequence('archive.events', 'seq') AS identity",
    ),
  ).toEqual([{ serial: "archive.events_id_seq", identity: "archive.events_seq_seq" }]);
  expect(await db.query("SELECT schemaname FROM pg_indexes WHERE indexname = 'IDX_events_title'")).toEqual([{ schemaname: "archive" }]);
});

/** The notes entity with an enum column `kind`, in `options` (`name` and `schema`). */
const kindsEntity = (options: string) => `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ ${options} })
export class Note {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "enum", enum: ["draft", "final"] })
  kind: string;
}
`;

/** A project with the kinds entity as `public.notes`, migrated to head, with rows 'draft' and 'final'. */
async function kindsProject(): Promise<string> {
  db = await createTestDatabase("move_schema");
  const dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url, ...BOTH_SCHEMAS }),
    "entities/note.ts": kindsEntity('name: "notes"'),
  });
  expect((await cli(["-m", "create notes"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  await db.query("INSERT INTO notes (kind) VALUES ('draft'), ('final')");
  return dir;
}

/** The enum types of the database with their schemas and labels. */
async function enumTypes(): Promise<unknown> {
  return db.query(
    `SELECT n.nspname AS schema, t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text AS labels
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
      GROUP BY n.nspname, t.typname ORDER BY 1, 2`,
  );
}

// SET SCHEMA moves the table but not the enum types of its columns, and TypeORM names an enum in its
// table's schema (archive.notes_kind_enum): the type is moved with `ALTER TYPE ... SET SCHEMA` (moveEnum),
// not created in the new schema with the column re-cast to it (a rewrite) and the old one dropped.
it("a moved table's enum type moves with it instead of being re-created and cast; the downgrade moves it back", async () => {
  const dir = await kindsProject();
  fs.writeFileSync(path.join(dir, "entities/note.ts"), kindsEntity('name: "notes", schema: "archive"'));
  expect((await cli(["-m", "move notes"], dir)).code).toBe(0);
  const file = migrationText(dir, "move_notes");
  expect(file).not.toContain("DESTRUCTIVE");
  expect(file).not.toContain("createEnum");
  expect(file).not.toContain("alterColumn");
  expect(file).toContain('await op.moveEnum("notes_kind_enum", "archive");');
  expect(file).toContain('await op.moveEnum({ schema: "archive", name: "notes_kind_enum" }, "public");');
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await db.query("SELECT kind::text FROM archive.notes ORDER BY id")).toEqual([{ kind: "draft" }, { kind: "final" }]);
  expect(await enumTypes()).toEqual([{ schema: "archive", name: "notes_kind_enum", labels: "{draft,final}" }]);
  const check = await cli(["check"], dir);
  expect(check.stdout + check.stderr).toContain("No changes in schema detected.");

  expect((await cli(["downgrade", "-1"], dir)).code).toBe(0);
  expect(await db.query("SELECT kind::text FROM public.notes ORDER BY id")).toEqual([{ kind: "draft" }, { kind: "final" }]);
  expect(await enumTypes()).toEqual([{ schema: "public", name: "notes_kind_enum", labels: "{draft,final}" }]);
});

// TypeORM's enum name is `<table>_<column>_enum`: a table moved and renamed takes its type along under its
// new name (SET SCHEMA, then RENAME TO).
it("a table moved and renamed moves and renames its enum type; the downgrade undoes both", async () => {
  const dir = await kindsProject();
  fs.writeFileSync(path.join(dir, "entities/note.ts"), kindsEntity('name: "old_notes", schema: "archive"'));
  expect((await cli(["-m", "archive notes", "--rename", "public.notes=archive.old_notes"], dir)).code).toBe(0);
  const file = migrationText(dir, "archive_notes");
  expect(file).not.toContain("DESTRUCTIVE");
  expect(file).toContain('await op.moveEnum("notes_kind_enum", "archive", "old_notes_kind_enum");');
  expect(file).toContain(
    'await op.moveEnum(\n    { schema: "archive", name: "old_notes_kind_enum" },\n    "public",\n    "notes_kind_enum",\n  );',
  );
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  expect(await db.query("SELECT kind::text FROM archive.old_notes ORDER BY id")).toEqual([{ kind: "draft" }, { kind: "final" }]);
  expect(await enumTypes()).toEqual([{ schema: "archive", name: "old_notes_kind_enum", labels: "{draft,final}" }]);
  expect((await cli(["check"], dir)).code).toBe(0);

  expect((await cli(["downgrade", "-1"], dir)).code).toBe(0);
  expect(await db.query("SELECT kind::text FROM public.notes ORDER BY id")).toEqual([{ kind: "draft" }, { kind: "final" }]);
  expect(await enumTypes()).toEqual([{ schema: "public", name: "notes_kind_enum", labels: "{draft,final}" }]);
});
