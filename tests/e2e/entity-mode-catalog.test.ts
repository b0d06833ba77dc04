/**
 * Entity mode keeps what entities do not describe (issue #9 item 3, issue #10 item 3), through the CLI on
 * PostgreSQL 15: a database holding a function, triggers, row-level security with a policy, grants and
 * comments beside a TypeORM project gives a clean `check`; a migration that must recreate a view brings
 * back its INSTEAD OF trigger, grants and comments in the same migration, and its downgrade too; a
 * column an unmanaged trigger names cannot be dropped silently. A view whose new query reads a column the
 * same migration adds (its columns unknown beforehand) gets its column comments and grants back only on
 * the columns it still has, online and through `--sql` applied with psql.
 */
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { clientBin } from "../support/pg-cluster";
import { pgDump } from "../support/pg-dump";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { ensureRoles } from "../catalog/catalog-round-trip";
import { cli, migrationFiles, tempProject } from "../cli/cli-support";

const entities = (bodyLength: number, withTitle = true, viewBody = true, tag = false) => `
import { Column, Entity, PrimaryGeneratedColumn, ViewColumn, ViewEntity } from "typeorm";

@Entity({ name: "notes" })
export class Note {
  @PrimaryGeneratedColumn()
  id: number;
${withTitle ? `\n  @Column({ type: "text", nullable: true })\n  title: string | null;\n` : ""}
  @Column({ type: "varchar", length: ${bodyLength}, nullable: true })
  body: string | null;
${tag ? `\n  @Column({ type: "text", nullable: true })\n  tag: string | null;\n` : ""}
}

@ViewEntity({ name: "note_bodies", expression: \`SELECT "id"${viewBody ? `, "body"` : ""}${tag ? `, "tag"` : ""} FROM "notes"\` })
export class NoteBody {
  @ViewColumn()
  id: number;
${viewBody ? `\n  @ViewColumn()\n  body: string;\n` : ""}${tag ? `\n  @ViewColumn()\n  tag: string;\n` : ""}
}
`;

/** What the entities do not describe: added by hand (or by another tool) to the database. */
const EXTRAS = `
  CREATE FUNCTION note_stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.title := coalesce(NEW.title, 'untitled'); RETURN NEW; END $$;
  CREATE FUNCTION note_bodies_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO notes (body) VALUES (NEW.body); RETURN NEW; END $$;
  CREATE TRIGGER notes_stamp BEFORE INSERT OR UPDATE OF title ON notes FOR EACH ROW EXECUTE FUNCTION note_stamp();
  CREATE TRIGGER note_bodies_insert INSTEAD OF INSERT ON note_bodies FOR EACH ROW EXECUTE FUNCTION note_bodies_insert();
  ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
  CREATE POLICY notes_readers ON notes FOR SELECT TO em_reader USING (body IS NOT NULL);
  GRANT SELECT ON notes TO em_reader;
  GRANT SELECT ON note_bodies TO em_reader;
  GRANT INSERT ON note_bodies TO em_writer;
  COMMENT ON VIEW note_bodies IS 'Bodies only';
  COMMENT ON COLUMN note_bodies.body IS 'The text';
  COMMENT ON FUNCTION note_stamp() IS 'Titles every note';
  COMMENT ON TRIGGER note_bodies_insert ON note_bodies IS 'Inserts through the view';
`;

/**
 * A project whose one entity file (`entities(100)`) was migrated into a new database (revision aaa111),
 * after which `extras` ran there as a user's own SQL.
 */
async function migratedProject(name: string, roles: readonly string[], extras: string) {
  await ensureRoles([...roles]);
  const db = await createTestDatabase(name);
  const dir = tempProject({});
  const env = { DATABASE_URL: db.url };
  const entityFile = path.join(dir, "entities", "note.ts");
  expect((await cli(["init", "--entities", "entities/*.ts"], dir, env)).code).toBe(0);
  fs.mkdirSync(path.dirname(entityFile), { recursive: true });
  fs.writeFileSync(entityFile, entities(100));
  expect((await cli(["-m", "create notes", "--rev-id", "aaa111"], dir, env)).code).toBe(0);
  expect((await cli(["upgrade", "head"], dir, env)).code).toBe(0);
  await db.query(extras);
  return { db, dir, env };
}

describe("entity mode leaves catalog objects alone and brings them back", () => {
  let db: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  const entityFile = () => path.join(dir, "entities", "note.ts");
  const dump = () => pgDump(db.url, { ignoreColumnOrder: true, privileges: true });

  beforeAll(async () => {
    ({ db, dir, env } = await migratedProject("entitymode", ["em_reader", "em_writer"], EXTRAS));
  });

  afterAll(async () => {
    await db.drop();
  });

  it("check finds nothing: the function, triggers, policy, grants and comments are not the entities' business", async () => {
    const check = await cli(["check"], dir, env);
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
  });

  it("recreates the view around a retyped column with its INSTEAD OF trigger, grants and comments, both ways", async () => {
    const before = dump();
    fs.writeFileSync(entityFile(), entities(200));
    const generated = await cli(["-m", "widen body", "--rev-id", "bbb222"], dir, env);
    expect(generated.code).toBe(0);
    const file = fs.readFileSync(path.join(dir, "migrations", migrationFiles(dir).find((f) => f.includes("widen"))!), "utf8");
    const upgrade = file.slice(file.indexOf("export async function upgrade"), file.indexOf("export async function downgrade"));
    for (const call of ["op.dropTrigger(", "op.dropView(", "op.alterColumn(", "op.createView(", "op.createTrigger(", "op.setPrivileges(", "op.setComment("]) {
      expect(upgrade).toContain(call);
    }
    // The table's own trigger names title, not body: it stays.
    expect(upgrade).not.toContain("notes_stamp");

    expect((await cli(["upgrade", "head"], dir, env)).code).toBe(0);
    const after = dump();
    expect(after).toContain("CREATE TRIGGER note_bodies_insert INSTEAD OF INSERT ON public.note_bodies");
    expect(after).toContain("GRANT SELECT ON TABLE public.note_bodies TO em_reader;");
    expect(after).toContain("GRANT INSERT ON TABLE public.note_bodies TO em_writer;");
    expect(after).toContain("COMMENT ON VIEW public.note_bodies IS 'Bodies only';");
    expect(after).toContain("COMMENT ON COLUMN public.note_bodies.body IS 'The text';");
    expect(after).toContain("COMMENT ON TRIGGER note_bodies_insert ON public.note_bodies IS 'Inserts through the view';");
    expect(after).toContain("character varying(200)");
    expect((await cli(["check"], dir, env)).code).toBe(0);

    expect((await cli(["downgrade", "-1"], dir, env)).code).toBe(0);
    expect(dump()).toEqual(before);
    expect((await cli(["upgrade", "head"], dir, env)).code).toBe(0);
    expect(dump()).toEqual(after);
  });

  it("refuses to drop a column that a trigger it does not manage names, naming both", async () => {
    fs.writeFileSync(entityFile(), entities(200, false));
    const generated = await cli(["-m", "drop title", "--rev-id", "ccc333"], dir, env);
    expect(generated.code).toBe(1);
    expect(generated.stderr).toContain(
      "The migration drops column public.notes.title, but trigger 'notes_stamp' on 'public.notes' depends on it, " +
        "and this comparison does not manage triggers",
    );
    expect(migrationFiles(dir).some((f) => f.includes("drop_title"))).toBe(false);
  });

  it("does not bring back a comment or column grant on a view column the view's new query drops; the downgrade does", async () => {
    await db.query("GRANT UPDATE (body) ON note_bodies TO em_writer; COMMENT ON COLUMN note_bodies.id IS 'The key'");
    const before = dump();
    fs.writeFileSync(entityFile(), entities(200, true, false));
    const generated = await cli(["-m", "narrow view", "--rev-id", "ddd444"], dir, env);
    expect(generated.stderr).toBe("");
    expect(generated.code).toBe(0);
    const up = await cli(["upgrade", "head"], dir, env);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    const after = dump();
    expect(after).not.toContain("note_bodies.body");
    expect(after).not.toMatch(/GRANT UPDATE\(body\)/);
    expect(after).toContain("COMMENT ON COLUMN public.note_bodies.id IS 'The key';");
    expect(after).toContain("CREATE TRIGGER note_bodies_insert INSTEAD OF INSERT ON public.note_bodies");
    expect((await cli(["check"], dir, env)).code).toBe(0);
    expect((await cli(["downgrade", "-1"], dir, env)).code).toBe(0);
    expect(dump()).toEqual(before);
  });
});

describe("entity mode: a view whose new query reads a column the same migration adds", () => {
  let db: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  const entityFile = () => path.join(dir, "entities", "note.ts");
  const dump = () => pgDump(db.url, { ignoreColumnOrder: true, privileges: true });

  beforeAll(async () => {
    ({ db, dir, env } = await migratedProject(
      "entityviewcols",
      ["em_reader"],
      "COMMENT ON COLUMN note_bodies.id IS 'The key'; COMMENT ON COLUMN note_bodies.body IS 'The text'; " +
        "GRANT SELECT (id, body) ON note_bodies TO em_reader",
    ));
  });

  afterAll(async () => {
    await db.drop();
  });

  // Postgres cannot print the new query before tag exists: which columns the view keeps is unknown.
  it("sets comments and column grants again only on the columns the view still has, online and with --sql, and the downgrade brings all back", async () => {
    const before = dump();
    fs.writeFileSync(entityFile(), entities(100, true, false, true));
    const generated = await cli(["-m", "tag instead of body", "--rev-id", "bbb222"], dir, env);
    expect(generated.stderr).toBe("");
    expect(generated.code).toBe(0);
    const file = fs.readFileSync(path.join(dir, "migrations", migrationFiles(dir).find((f) => f.includes("tag_instead"))!), "utf8");
    expect(file.match(/ifColumnExists: true/g)).toHaveLength(8);

    const offline = await cli(["upgrade", "aaa111:bbb222", "--sql"], dir, env);
    expect(offline.code).toBe(0);
    const printed = execFileSync(clientBin("psql"), ["-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-d", db.url], {
      input: offline.stdout,
      stdio: ["pipe", "pipe", "pipe"],
      encoding: "utf8",
    });
    // Nothing but the changes: no result rows (the owners kept around the recreated view are read quietly).
    expect(printed).toBe("");
    const after = dump();
    expect(after).toContain("COMMENT ON COLUMN public.note_bodies.id IS 'The key';");
    expect(after).toContain("GRANT SELECT(id) ON TABLE public.note_bodies TO em_reader;");
    expect(after).not.toContain("note_bodies.body");
    expect(after).not.toContain("SELECT(body)");
    expect((await cli(["check"], dir, env)).code).toBe(0);

    expect((await cli(["downgrade", "-1"], dir, env)).code).toBe(0);
    expect(dump()).toEqual(before);
    const up = await cli(["upgrade", "head"], dir, env);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    expect(dump()).toEqual(after);
  });
});
