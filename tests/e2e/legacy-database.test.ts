/**
 * Entity mode on a database with years of hand-made history around the entities' tables, through the CLI
 * on PostgreSQL 15: what the entities do not describe is kept, and an entity change around it generates,
 * upgrades and downgrades without PostgreSQL stopping the script halfway, the round trip giving back the
 * dump it started from. Each case here is one the legacy audit found failing mid-script.
 */
import fs from "node:fs";
import path from "node:path";
import { pgDump } from "../support/pg-dump";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { ensureRoles } from "../catalog/catalog-round-trip";
import { cli, migrationFiles, tempProject } from "../cli/cli-support";

interface Shape {
  /** The labels of the enum `accounts.status`. */
  readonly labels: readonly string[];
  /** Whether the entity still has the column `legacy_flag`. */
  readonly legacyFlag: boolean;
}

const V1: Shape = { labels: ["active", "closed"], legacyFlag: true };

const entities = (shape: Shape) => `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "accounts" })
export class Account {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "enum", enum: ${JSON.stringify(shape.labels)}, enumName: "account_status", default: "active" })
  status: string;
${shape.legacyFlag ? `\n  @Column({ type: "text", nullable: true })\n  legacy_flag: string | null;\n` : ""}}
`;

/**
 * The history: an event trigger logging DDL into a table it names without its schema (as most hand-written
 * ones do), default privileges on types, a sequence OWNED BY an entity column, and a table the entities do
 * not map (left out with `exclude`) with an index whose predicate holds a constant of the entities' enum,
 * and another with a foreign key into an entity table.
 */
const HISTORY = `
  CREATE TABLE ddl_log (id serial PRIMARY KEY, tag text);
  CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO ddl_log (tag) VALUES (tg_tag); END $$;
  CREATE EVENT TRIGGER ddl_logger ON ddl_command_end EXECUTE FUNCTION log_ddl();
  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON TYPES TO legacy_app;
  CREATE SEQUENCE accounts_flag_seq OWNED BY accounts.legacy_flag;
  SELECT setval('accounts_flag_seq', 41);
  CREATE TABLE account_flags (account_id int, st account_status);
  CREATE INDEX account_flags_active ON account_flags (account_id) WHERE st = 'active';
  COMMENT ON INDEX account_flags_active IS 'hot rows';
  INSERT INTO accounts (status, legacy_flag) VALUES ('active', 'f');
  INSERT INTO account_flags VALUES (1, 'active');
  CREATE TABLE account_notes (account_id int REFERENCES accounts (id), note text);
`;

describe("entity mode on a legacy database", () => {
  let db: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  const write = (shape: Shape) => fs.writeFileSync(path.join(dir, "entities", "account.ts"), entities(shape));
  const dump = () => pgDump(db.url, { ignoreColumnOrder: true, privileges: true });

  /** Generates a revision for `shape`, upgrades, then downgrades and removes it, expecting each step to succeed. */
  async function roundTrip(shape: Shape, revision: string): Promise<{ before: string; upgraded: string; after: string }> {
    const before = dump();
    write(shape);
    const generated = await cli(["-m", revision, "--rev-id", revision], dir, env);
    expect(generated.code).toBe(0);
    const up = await cli(["upgrade", "head"], dir, env);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    const upgraded = dump();
    const down = await cli(["downgrade", "-1"], dir, env);
    expect(down.stderr).toBe("");
    expect(down.code).toBe(0);
    write(V1);
    // The next case starts from aaa111 again, as if this revision had never been written.
    for (const file of migrationFiles(dir).filter((f) => f.includes(revision))) fs.rmSync(path.join(dir, "migrations", file));
    return { before, upgraded, after: dump() };
  }

  beforeAll(async () => {
    await ensureRoles(["legacy_app"]);
    db = await createTestDatabase("legacyaudit");
    dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", exclude: ["public.ddl_log", "public.account_flags", "public.account_notes"] }),
    });
    env = { DATABASE_URL: db.url };
    fs.mkdirSync(path.join(dir, "entities"));
    fs.mkdirSync(path.join(dir, "migrations"));
    write(V1);
    expect((await cli(["-m", "accounts", "--rev-id", "aaa111"], dir, env)).code).toBe(0);
    expect((await cli(["upgrade", "head"], dir, env)).code).toBe(0);
    await db.query(HISTORY);
    expect((await cli(["check"], dir, env)).code).toBe(0);
  });

  afterAll(async () => {
    await db.drop();
  });

  // PostgreSQL drops the sequence with its column: a DROP SEQUENCE after the column failed the upgrade.
  it("drops a sequence OWNED BY a dropped column before the column, and the downgrade creates it after the column", async () => {
    const { before, upgraded, after } = await roundTrip({ ...V1, legacyFlag: false }, "bbb222");
    expect(upgraded).not.toContain("accounts_flag_seq");
    expect(after).toContain("ALTER SEQUENCE public.accounts_flag_seq OWNED BY public.accounts.legacy_flag;");
    expect(after.replace(/legacy_flag text,?\n/, "")).toEqual(before.replace(/legacy_flag text,?\n/, ""));
  });

  // The enum rebuilt without a label is created anew: the default privileges give it a USAGE the reset's
  // DO block revokes, and the rebuild's set-aside drops the excluded table's index, each firing the event
  // trigger, which found no ddl_log while the block had search_path at pg_catalog. The comparison itself
  // dropped that index before the rebuild and, the target lacking the excluded table, never created it again.
  it("rebuilds an enum under an event trigger naming its table without a schema, keeping an excluded table's index", async () => {
    const { before, upgraded, after } = await roundTrip({ ...V1, labels: ["active"] }, "ccc333");
    expect(upgraded).toContain("CREATE TYPE public.account_status AS ENUM (\n    'active'\n);");
    expect(upgraded).toContain("CREATE INDEX account_flags_active ON public.account_flags USING btree (account_id) WHERE (st = 'active'::public.account_status);");
    expect(after).toEqual(before);
    const logged = await db.query<{ tag: string }>("SELECT DISTINCT tag FROM ddl_log ORDER BY tag");
    expect(logged.map((r) => r.tag)).toEqual(expect.arrayContaining(["DROP INDEX", "REVOKE"]));
  });

  // Created again over the rebuilt type, each failed half-way: "invalid input value for enum".
  it("refuses an enum rebuild while a trigger it keeps, or a check of a table it leaves out, holds a label it removes", async () => {
    const held = `
      CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TRIGGER acc_closed AFTER UPDATE ON accounts FOR EACH ROW WHEN (NEW.status = 'closed') EXECUTE FUNCTION noop();
      ALTER TABLE account_flags ADD CONSTRAINT flags_not_closed CHECK (st <> 'closed');`;
    await db.query(held);
    write({ ...V1, labels: ["active"] });
    const generated = await cli(["-m", "ddd444", "--rev-id", "ddd444"], dir, env);
    write(V1);
    await db.query("DROP TRIGGER acc_closed ON accounts; DROP FUNCTION noop(); ALTER TABLE account_flags DROP CONSTRAINT flags_not_closed");
    expect(generated.code).toBe(1);
    expect(generated.stderr).toContain("constraint flags_not_closed on public.account_flags holds the label 'closed', which the rebuilt type no longer has");
    expect(generated.stderr).toContain("trigger acc_closed on public.accounts holds the label 'closed'");
    expect(migrationFiles(dir).filter((f) => f.includes("ddd444"))).toEqual([]);
  });

  // The first revision, written before the history, drops the table it created, into which the unmapped
  // account_notes has come to hold a foreign key. PostgreSQL refused the DROP TABLE halfway (the
  // transaction rolled back, nothing lost, but a raw error mid-run): the runner now reads, before any
  // statement, what the database hangs on the tables the run drops, and refuses naming it.
  it("refuses downgrade base before it runs, naming the unmapped table's foreign key into the table it drops", async () => {
    const before = dump();
    const down = await cli(["downgrade", "base"], dir, env);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('foreign key account_notes_account_id_fkey of public.account_notes references public.accounts, which migration "aaa111"');
    expect(down.stderr).not.toContain("failed while running");
    expect(dump()).toEqual(before);
    expect(await db.query("SELECT version_num FROM autogen_version")).toEqual([{ version_num: "aaa111" }]);
  });
});

/** A table and a view over it, the view's query naming `body` as the table calls it. */
const withView = (body: string, length: number) => `
import { Column, Entity, PrimaryGeneratedColumn, ViewColumn, ViewEntity } from "typeorm";

@Entity({ name: "notes" })
export class Note {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar", length: ${length}, nullable: true })
  ${body}: string | null;

  @Column({ type: "int", default: 0 })
  score: number;
}

@ViewEntity({ name: "note_view", expression: \`SELECT id, ${body === "body" ? "body" : `${body} AS body`}, score FROM notes\` })
export class NoteView {
  @ViewColumn() id: number;
  @ViewColumn() body: string;
  @ViewColumn() score: number;
}
`;

describe("entity mode on a legacy database: a view's column defaults", () => {
  let db: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  const write = (body: string, length: number) => fs.writeFileSync(path.join(dir, "entities", "note.ts"), withView(body, length));
  const dump = () => pgDump(db.url, { ignoreColumnOrder: true, privileges: true });
  const DEFAULT = "ALTER TABLE ONLY public.note_view ALTER COLUMN score SET DEFAULT public.default_score();";

  beforeAll(async () => {
    db = await createTestDatabase("legacyviewdefaults");
    dir = tempProject({ "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations" }) });
    env = { DATABASE_URL: db.url };
    fs.mkdirSync(path.join(dir, "entities"));
    fs.mkdirSync(path.join(dir, "migrations"));
    write("body", 100);
    expect((await cli(["-m", "notes", "--rev-id", "aaa111"], dir, env)).code).toBe(0);
    expect((await cli(["upgrade", "head"], dir, env)).code).toBe(0);
    await db.query(`
      CREATE FUNCTION default_score() RETURNS int LANGUAGE sql STABLE AS 'SELECT 42';
      ALTER VIEW note_view ALTER COLUMN score SET DEFAULT default_score();`);
    expect((await cli(["check"], dir, env)).code).toBe(0);
  });

  afterAll(async () => {
    await db.drop();
  });

  // The view is dropped and created again around the change of a column it reads; PostgreSQL forgets its
  // column defaults with it, and @ViewEntity cannot say them.
  it.each([
    ["a column it reads retyped", "body", 200, "bbb222", []],
    ["a column it reads renamed (its new query's columns unknown beforehand)", "text", 100, "ccc333", ["--rename", "notes.body=text"]],
  ])("keeps them on a view created again for %s, both ways", async (_, body, length, revision, flags) => {
    const before = dump();
    expect(before).toContain(DEFAULT);
    write(body, length);
    expect((await cli(["-m", revision, "--rev-id", revision, ...flags], dir, env)).code).toBe(0);
    expect((await cli(["upgrade", "head"], dir, env)).code).toBe(0);
    expect(dump()).toContain(DEFAULT);
    expect((await cli(["downgrade", "-1"], dir, env)).code).toBe(0);
    expect(dump()).toEqual(before);
    write("body", 100);
    for (const file of migrationFiles(dir).filter((f) => f.includes(revision))) fs.rmSync(path.join(dir, "migrations", file));
  });

  // PostgreSQL retypes the children's inherited column with the parent's, and refused it halfway ("cannot
  // alter type of a column used in a policy definition"): only the parent's own were dropped around it.
  // Their publication entries (the child's, added with its parent's) are taken out and put back each with ONLY.
  it("retypes a column whose inheritance child has a policy and a trigger naming it, both ways", async () => {
    await db.query(`
      CREATE TABLE notes_archive (archived_at date) INHERITS (notes);
      CREATE POLICY archive_bodies ON notes_archive USING (body IS NOT NULL);
      CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
      CREATE TRIGGER archive_body BEFORE UPDATE ON notes_archive FOR EACH ROW WHEN (NEW.body IS DISTINCT FROM OLD.body) EXECUTE FUNCTION noop();
      INSERT INTO notes_archive (body, archived_at) VALUES ('old', '2020-01-01');
      CREATE PUBLICATION notes_feed FOR TABLE notes (id, body) WHERE (body <> '') WITH (publish = 'insert');`);
    const before = dump();
    write("body", 300);
    expect((await cli(["-m", "ddd444", "--rev-id", "ddd444"], dir, env)).code).toBe(0);
    const up = await cli(["upgrade", "head"], dir, env);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    const upgraded = dump();
    expect(upgraded).toContain("CREATE POLICY archive_bodies ON public.notes_archive USING ((body IS NOT NULL));");
    expect(upgraded).toContain("CREATE TRIGGER archive_body BEFORE UPDATE ON public.notes_archive");
    expect((await cli(["downgrade", "-1"], dir, env)).code).toBe(0);
    expect(dump()).toEqual(before);
  });
});
