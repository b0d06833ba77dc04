/**
 * Without a terminal (CI, scripts), autogenerate never asks about renames and never guesses: a possible
 * rename must be answered with `--rename` (keeps the data) or `--no-rename` (drop + add), or `-m` fails
 * with exit 1, listing each candidate and the flags that answer it, and writes nothing. `check` lists the
 * candidates and never asks. On PostgreSQL 15, with rows.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, NOTE_ENTITY, tempProject } from "./cli-support";

const HEADING_ENTITY = NOTE_ENTITY.replace("  title: string;", "  heading: string;").replace(
  '@Column({ type: "varchar", length: 120 })',
  '@Column({ name: "heading", type: "varchar", length: 120 })',
);
const MEMOS_ENTITY = NOTE_ENTITY.replace('@Entity({ name: "notes" })', '@Entity({ name: "memos" })');

let db: TestDatabase;
let dir: string;

beforeEach(async () => {
  db = await createTestDatabase("ren");
  dir = tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
    "entities/note.ts": NOTE_ENTITY,
  });
  expect((await cli(["-m", "create notes"], dir)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  await db.query("INSERT INTO notes (title) VALUES ('first'), ('second')");
});

afterEach(async () => {
  await db.drop();
});

function fileText(slug: string): string {
  const file = migrationFiles(dir).find((f) => f.includes(slug))!;
  return fs.readFileSync(path.join(dir, "migrations", file), "utf8");
}

describe("possible renames without a terminal", () => {
  it("a column rename unanswered: exit 1, each candidate listed with its flags, nothing written", async () => {
    fs.writeFileSync(path.join(dir, "entities/note.ts"), HEADING_ENTITY);
    const r = await cli(["-m", "rename title"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Autogenerate found 1 possible rename and cannot ask about it");
    expect(r.stderr).toContain(
      "column public.notes.title -> heading: --rename notes.title=heading (rename, keeps the data) or " +
        "--no-rename notes.title (drop + add)",
    );
    expect(r.stderr).toContain("nothing was written");
    expect(migrationFiles(dir)).toHaveLength(1);
  });

  it("--rename table.column=new keeps the rows", async () => {
    fs.writeFileSync(path.join(dir, "entities/note.ts"), HEADING_ENTITY);
    const r = await cli(["-m", "rename title", "--rename", "notes.title=heading"], dir);
    expect(r.code).toBe(0);
    expect(fileText("rename_title")).toContain('await op.renameColumn("notes", "title", "heading");');
    expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
    expect(await db.query("SELECT heading FROM notes ORDER BY id")).toEqual([{ heading: "first" }, { heading: "second" }]);
    expect((await cli(["check"], dir)).code).toBe(0);
  });

  it("--rename table.column=new also answers a column added beside it: it is new, not the renamed one", async () => {
    // "author" is asked about before "heading": the --rename of title answers it too.
    const withAuthor = HEADING_ENTITY.replace(
      "  heading: string;\n",
      '  heading: string;\n\n  @Column({ type: "varchar", length: 60, nullable: true })\n  author: string | null;\n',
    );
    fs.writeFileSync(path.join(dir, "entities/note.ts"), withAuthor);
    const r = await cli(["-m", "rename title", "--rename", "notes.title=heading"], dir);
    expect(r.stderr).not.toContain("possible rename");
    expect(r.code).toBe(0);
    const text = fileText("rename_title");
    expect(text).toContain('await op.renameColumn("notes", "title", "heading");');
    expect(text).toContain('name: "author"');
    expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
    expect(await db.query("SELECT heading, author FROM notes ORDER BY id")).toEqual([
      { heading: "first", author: null },
      { heading: "second", author: null },
    ]);
    expect((await cli(["check"], dir)).code).toBe(0);
  });

  it("--rename old_table=new_table keeps the rows; public.old_table=new_table too", async () => {
    fs.writeFileSync(path.join(dir, "entities/note.ts"), MEMOS_ENTITY);
    expect((await cli(["-m", "to memos"], dir)).code).toBe(1);
    const r = await cli(["-m", "to memos", "--rename", "public.notes=memos"], dir);
    expect(r.code).toBe(0);
    expect(fileText("to_memos")).toContain('await op.renameTable("notes", "memos");');
    expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
    expect(await db.query("SELECT title FROM memos ORDER BY id")).toEqual([{ title: "first" }, { title: "second" }]);
  });

  it("--no-rename confirms drop + add, marked destructive in the file and on the terminal", async () => {
    fs.writeFileSync(path.join(dir, "entities/note.ts"), HEADING_ENTITY);
    const r = await cli(["-m", "rename title", "--no-rename", "notes.title"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("WARNING: destructive change: drops column notes.title");
    const text = fileText("rename_title");
    expect(text).toContain("// DESTRUCTIVE: drops column notes.title and its data");
    expect(text).toContain('await op.dropColumn("notes", "title");');
    expect(text).toContain('name: "heading"');
  });

  it("an answer that matches no possible rename is named in the error", async () => {
    fs.writeFileSync(path.join(dir, "entities/note.ts"), HEADING_ENTITY);
    const r = await cli(["-m", "rename title", "--rename", "notes.titel=heading"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("These answers matched no possible rename: --rename notes.titel=heading.");
  });

  it("a malformed answer is a usage error", async () => {
    const r = await cli(["-m", "x", "--rename", "notes.title"], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--rename notes.title: expected OLD=NEW');
  });

  it("check never asks: it lists each candidate with the flags that answer it", async () => {
    fs.writeFileSync(path.join(dir, "entities/note.ts"), HEADING_ENTITY);
    const r = await cli(["check"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "Possible rename: column public.notes.title -> heading (compared as drop + add; when generating, " +
        "answer --rename notes.title=heading or --no-rename notes.title)",
    );
  });
});
