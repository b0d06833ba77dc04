/**
 * The CLI's autogenerate workflow on a real PostgreSQL 15: `autogen -m`, `revision`, `init`, the
 * "No changes" case, and the exit codes and messages for the errors a user can make.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, NOTE_ENTITY, NOTE_ENTITY_WITH_BODY, tempProject } from "./cli-support";

const config = (url: string) => JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", databaseUrl: url });

describe("autogen -m / revision --autogenerate", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("cli");
  });
  afterAll(async () => {
    await db.drop();
  });

  it("writes the initial migration, applies it, then finds no changes, then picks up a new column", async () => {
    const dir = tempProject({ "autogen.config.json": config(db.url), "entities/note.ts": NOTE_ENTITY });
    const first = await cli(["-m", "create notes"], dir);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("Detected added table 'public.notes'");
    const [file] = migrationFiles(dir);
    expect(file).toMatch(/^\d{8}_\d{4}_create_notes\.ts$/);
    const text = fs.readFileSync(path.join(dir, "migrations", file!), "utf8");
    expect(text).toContain(" * create notes\n");
    expect(text).toContain('await op.createTable("notes", {');
    expect(text).toContain('{ name: "title", type: "character varying(120)", nullable: false }');
    expect(text).toContain('await op.dropTable("notes");');
    expect(text).toContain("export const downRevision: string | readonly string[] | null = null;");

    // Not applied yet: autogenerate refuses to compare against an out-of-date database.
    const stale = await cli(["-m", "again"], dir);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^ERROR: Target database is not up to date/);

    expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
    const rows = await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'notes' ORDER BY ordinal_position`);
    expect(rows.map((r: any) => r.column_name)).toEqual(["id", "title"]);

    const none = await cli(["revision", "--autogenerate", "-m", "nothing"], dir);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain("No changes in schema detected.");
    expect(migrationFiles(dir)).toHaveLength(1);

    fs.writeFileSync(path.join(dir, "entities/note.ts"), NOTE_ENTITY_WITH_BODY);
    const check = await cli(["check"], dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("Detected added column 'public.notes.body'");
    expect(check.stdout).toContain('op.addColumn("notes", { name: "body", type: "text" })');

    const second = await cli(["-m", "add body"], dir);
    expect(second.code).toBe(0);
    const files = migrationFiles(dir);
    expect(files).toHaveLength(2);
    const secondText = fs.readFileSync(path.join(dir, "migrations", files.find((f) => f.includes("add_body"))!), "utf8");
    const firstRevision = /export const revision = "([0-9a-f]+)"/.exec(text)![1];
    expect(secondText).toContain(`export const downRevision: string | readonly string[] | null = "${firstRevision}";`);
    expect(secondText).toContain('await op.addColumn("notes", { name: "body", type: "text" });');
    expect(secondText).toContain('await op.dropColumn("notes", "body");');
    expect((await cli(["upgrade"], dir)).code).toBe(0);
    expect((await cli(["check"], dir)).code).toBe(0);
  });

  it("revision without --autogenerate writes an empty migration", async () => {
    const dir = tempProject({ "autogen.config.json": config(db.url), "entities/note.ts": NOTE_ENTITY });
    const result = await cli(["revision", "-m", "data fix", "--rev-id", "abc123def456"], dir);
    expect(result.code).toBe(0);
    const [file] = migrationFiles(dir);
    const text = fs.readFileSync(path.join(dir, "migrations", file!), "utf8");
    expect(text).toContain('export const revision = "abc123def456";');
    expect(text).toContain("// No changes.");
  });
});

describe("errors a user can make", () => {
  it("a broken config: exit 2, names the file and the key, writes nothing", async () => {
    const dir = tempProject({ "autogen.config.json": JSON.stringify({ entities: 42 }) });
    const result = await cli(["-m", "x"], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`ERROR: Invalid configuration in ${path.join(dir, "autogen.config.json")} (key "entities"): expected a string or a list of strings, got a number.\n`);
    expect(migrationFiles(dir)).toEqual([]);
  });

  it("a config that is not JSON: exit 2 with the parser's reason", async () => {
    const dir = tempProject({ "autogen.config.json": "{ entities: [" });
    const result = await cli(["check"], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Invalid configuration in ${path.join(dir, "autogen.config.json")}: it is not valid JSON`);
  });

  it("an unknown config key: exit 2, lists the known keys", async () => {
    const dir = tempProject({ "autogen.config.json": JSON.stringify({ entites: ["x"] }) });
    const result = await cli(["check"], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('(key "entites"): unknown key; the known keys are entities, dataSource');
  });

  it("an unreachable database: exit 1, names host and port, never the password, writes nothing", async () => {
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: "postgresql://app:s3cret@127.0.0.1:1/app" }),
      "entities/note.ts": NOTE_ENTITY,
    });
    const result = await cli(["-m", "x"], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ERROR: .*127\.0\.0\.1.*1/);
    expect(result.stderr).not.toContain("s3cret");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(migrationFiles(dir)).toEqual([]);
  });

  it("an entity file that fails to load: exit 1, names the file", async () => {
    const db = await createTestDatabase("cli");
    try {
      const dir = tempProject({
        "autogen.config.json": config(db.url),
        "entities/broken.ts": `import "./does-not-exist";\nexport class X {}\n`,
      });
      const result = await cli(["-m", "x"], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(path.join(dir, "entities", "broken.ts"));
      expect(migrationFiles(dir)).toEqual([]);
    } finally {
      await db.drop();
    }
  });

  it("an entity edit under a view the config excludes: exit 1, names the view and what the edit does, writes nothing", async () => {
    const db = await createTestDatabase("cli");
    try {
      const dir = tempProject({
        "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", databaseUrl: db.url, exclude: ["legacy_*"] }),
        "entities/note.ts": NOTE_ENTITY,
      });
      expect((await cli(["-m", "create notes"], dir)).code).toBe(0);
      expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
      await db.query("CREATE VIEW legacy_titles AS SELECT id, title FROM notes");
      fs.writeFileSync(path.join(dir, "entities/note.ts"), NOTE_ENTITY.replace("length: 120", "length: 200"));
      const result = await cli(["-m", "longer titles"], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^ERROR: The migration cannot run as generated: view public\.legacy_titles reads column public\.notes\.title, which the migration retypes to character varying\(200\)\. /,
      );
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(migrationFiles(dir)).toHaveLength(1);
    } finally {
      await db.drop();
    }
  });

  it("an entity's enum losing a label that a table of a schema the entities leave out uses: exit 1, names it, writes nothing", async () => {
    const db = await createTestDatabase("cli");
    try {
      const kinds = (labels: string) => NOTE_ENTITY.replace("  title: string;\n", `  title: string;\n\n  @Column({ type: "enum", enum: [${labels}] })\n  kind: string;\n`);
      const dir = tempProject({ "autogen.config.json": config(db.url), "entities/note.ts": kinds('"a", "b"') });
      expect((await cli(["-m", "create notes"], dir)).code).toBe(0);
      expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
      await db.query("CREATE SCHEMA legacy; CREATE TABLE legacy.old_notes (kind public.notes_kind_enum)");
      fs.writeFileSync(path.join(dir, "entities/note.ts"), kinds('"a"'));
      const result = await cli(["-m", "no b"], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^ERROR: The migration cannot run as generated: it removes the label 'b' from enum public\.notes_kind_enum, .* but column legacy\.old_notes\.kind uses it\. /,
      );
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(migrationFiles(dir)).toHaveLength(1);
    } finally {
      await db.drop();
    }
  });

  // The upgrade only appends the label; its downgrade rebuilds the enum, re-casting the column the view reads,
  // which PostgreSQL refuses under the view: the downgrade failed, rolled back, with no word at generation.
  it("an entity's enum gaining a label whose column a view left out (exclude) reads: written, warning that its downgrade cannot run", async () => {
    const db = await createTestDatabase("cli");
    try {
      const kinds = (labels: string) => NOTE_ENTITY.replace("  title: string;\n", `  title: string;\n\n  @Column({ type: "enum", enum: [${labels}] })\n  kind: string;\n`);
      const excluding = JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", databaseUrl: db.url, exclude: ["public.note_kinds"] });
      const dir = tempProject({ "autogen.config.json": excluding, "entities/note.ts": kinds('"a"') });
      expect((await cli(["-m", "create notes"], dir)).code).toBe(0);
      expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
      await db.query("CREATE VIEW note_kinds AS SELECT kind, count(*) FROM notes GROUP BY kind");
      fs.writeFileSync(path.join(dir, "entities/note.ts"), kinds('"a", "b"'));
      const result = await cli(["-m", "add b"], dir);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain(
        "WARNING: The downgrade cannot run as generated: view public.note_kinds reads column public.notes.kind, which the downgrade re-casts to the enum public.notes_kind_enum created again. PostgreSQL refuses",
      );
      expect(migrationFiles(dir)).toHaveLength(2);
      // As it says: the upgrade runs, the downgrade is refused by PostgreSQL and rolled back.
      expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
      const down = await cli(["downgrade", "-1"], dir);
      expect(down.code).not.toBe(0);
      expect(down.stderr).toContain("cannot alter type of a column used by a view or rule");
    } finally {
      await db.drop();
    }
  });

  it("an entity's enum gaining a label that a table of a schema the entities leave out uses: written, warning that its downgrade cannot run", async () => {
    const db = await createTestDatabase("cli");
    try {
      const kinds = (labels: string) => NOTE_ENTITY.replace("  title: string;\n", `  title: string;\n\n  @Column({ type: "enum", enum: [${labels}] })\n  kind: string;\n`);
      const dir = tempProject({ "autogen.config.json": config(db.url), "entities/note.ts": kinds('"a"') });
      expect((await cli(["-m", "create notes"], dir)).code).toBe(0);
      expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
      await db.query("CREATE SCHEMA legacy; CREATE TABLE legacy.old_notes (kind public.notes_kind_enum)");
      fs.writeFileSync(path.join(dir, "entities/note.ts"), kinds('"a", "b"'));
      const result = await cli(["-m", "add b"], dir);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(
        /WARNING: The downgrade cannot run as generated: it removes the label 'b' from enum public\.notes_kind_enum, .* but column legacy\.old_notes\.kind uses it, in schema legacy, which this comparison does not compare\./,
      );
      expect(result.stderr).not.toContain("WARNING: WARNING:");
      expect(migrationFiles(dir)).toHaveLength(2);
    } finally {
      await db.drop();
    }
  });

  it("an unknown command or option: exit 2", async () => {
    const dir = tempProject({});
    expect((await cli(["frobnicate"], dir)).code).toBe(2);
    expect((await cli(["upgrade", "--bogus"], dir)).code).toBe(2);
  });

  it("init scaffolds a project and refuses to run twice", async () => {
    const dir = tempProject({});
    const first = await cli(["init"], dir);
    expect(first.code).toBe(0);
    expect(fs.existsSync(path.join(dir, "autogen.config.ts"))).toBe(true);
    expect(fs.existsSync(path.join(dir, "migrations"))).toBe(true);
    expect(fs.readFileSync(path.join(dir, "templates", "migration.ts.hbs"), "utf8")).toContain("{{upgrades}}");
    const second = await cli(["init"], dir);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain("already exists");
  });
});
