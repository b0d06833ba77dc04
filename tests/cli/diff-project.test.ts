/**
 * `autogen diff` with the project's own sides: `migrations` (the history replayed into a throwaway
 * embedded database, `migrations@REV` for a revision) and `entities`, against PostgreSQL 15 databases and
 * against each other; and `--ts`, which writes the difference as the next migration of the history.
 */
import fs from "node:fs";
import path from "node:path";
import { cli, migrationFiles, NOTE_ENTITY, NOTE_ENTITY_WITH_BODY, tempProject } from "./cli-support";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

// Every test replays a history into the embedded database at least once (about 1.5 s each on an idle machine).
jest.setTimeout(180_000);

const noServer = { DATABASE_URL: undefined };
// The project's filters apply to a diff that involves the project: "legacy" is never compared.
const config = JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", exclude: ["public.legacy"] });
const made: TestDatabase[] = [];

async function database(sql: string): Promise<TestDatabase> {
  const db = await createTestDatabase("diffp");
  made.push(db);
  if (sql !== "") await db.query(sql);
  return db;
}

let base: string;

/** A copy of a project whose history creates `notes` (id, title) in revision aaa111. */
async function projectWithHistory(): Promise<string> {
  const dir = tempProject({});
  fs.cpSync(base, dir, { recursive: true });
  return dir;
}

beforeAll(async () => {
  base = tempProject({ "autogen.config.json": config, "entities/note.ts": NOTE_ENTITY });
  const made = await cli(["-m", "create notes", "--shadow", "--rev-id", "aaa111"], base, noServer);
  expect(made.code).toBe(0);
});

/** Revision bbb222, after aaa111: adds notes.body. */
const ADD_BODY = `
import type { MigrationOps } from "pg-autogen";
export const revision = "bbb222";
export const downRevision = "aaa111";
export async function upgrade(op: MigrationOps): Promise<void> {
  await op.addColumn("notes", { name: "body", type: "text" });
}
export async function downgrade(op: MigrationOps): Promise<void> {
  await op.dropColumn("notes", "body");
}
`;

const NOTES = `CREATE TABLE notes (id SERIAL NOT NULL, title character varying(120) NOT NULL, CONSTRAINT "PK_af6206538ea96c4e77e9f400c3d" PRIMARY KEY (id))`;

afterAll(async () => {
  await Promise.all(made.map((db) => db.drop()));
});

describe("autogen diff with migrations and entities", () => {
  it("migrations@REV replays up to that revision; an unknown revision is a usage error", async () => {
    const dir = await projectWithHistory();
    fs.writeFileSync(path.join(dir, "migrations", "20261201_0000_add_body.ts"), ADD_BODY);
    const db = await database(NOTES);
    const run = await cli(["diff", db.url, "migrations"], dir, noServer);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('ALTER TABLE "public"."notes" ADD COLUMN "body" text;\n');
    expect(await cli(["diff", "migrations@aaa111", db.url], dir, noServer)).toEqual({ code: 0, stdout: "", stderr: "" });
    const unknown = await cli(["diff", "migrations@zzz999", db.url], dir, noServer);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("zzz999");
  });

  it("entities URL and URL entities: the entities normalised by that database; the kinds the config manages", async () => {
    const dir = tempProject({ "autogen.config.json": config, "entities/note.ts": NOTE_ENTITY_WITH_BODY });
    const db = await database(`${NOTES}; CREATE FUNCTION one() RETURNS integer LANGUAGE sql AS 'SELECT 1'`);
    // Entities describe no function: left alone, as autogenerate leaves it.
    const toEntities = await cli(["diff", db.url, "entities"], dir, noServer);
    expect(toEntities.code).toBe(1);
    expect(toEntities.stdout).toBe('ALTER TABLE "public"."notes" ADD COLUMN "body" text;\n');
    // Unless the config manages functions: then, as for autogenerate, the function is dropped.
    const managing = tempProject({
      "autogen.config.json": JSON.stringify({ ...JSON.parse(config), manage: ["functions"] }),
      "entities/note.ts": NOTE_ENTITY_WITH_BODY,
    });
    const managed = await cli(["diff", db.url, "entities"], managing, noServer);
    expect(managed.stdout).toContain('DROP FUNCTION "public"."one"()');
    const fromEntities = await cli(["diff", "entities", db.url], dir, noServer);
    expect(fromEntities.code).toBe(1);
    expect(fromEntities.stdout).toContain('ALTER TABLE "public"."notes" DROP COLUMN "body";');
    expect(fromEntities.stderr).toMatch(/WARNING: destructive change: drops column/);
  });

  // Found by the entity-edit hunt: autogenerate left these alone, `diff ... entities` dropped them.
  it("entities URL and URL entities leave alone a synchronize: false entity's table and the index a synchronize: false @Index names", async () => {
    const entity = `
import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "notes" })
@Index("notes_title_lower", { synchronize: false })
export class Note {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar", length: 120 })
  title: string;
}

@Entity({ name: "archive", synchronize: false })
export class Archive {
  @PrimaryGeneratedColumn()
  id: number;
}
`;
    const dir = tempProject({ "autogen.config.json": config, "entities/note.ts": entity });
    const db = await database(
      `${NOTES}; CREATE INDEX notes_title_lower ON notes (lower(title)); CREATE TABLE archive (id int, body text); INSERT INTO archive VALUES (1, 'kept')`,
    );
    expect(await cli(["diff", db.url, "entities"], dir, noServer)).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(await cli(["diff", "entities", db.url], dir, noServer)).toEqual({ code: 0, stdout: "", stderr: "" });
    // What else differs is still found.
    await db.query("ALTER TABLE notes ADD COLUMN extra int");
    const other = await cli(["diff", db.url, "entities"], dir, noServer);
    expect(other.stdout).toBe('-- DESTRUCTIVE: drops column notes.extra and its data\nALTER TABLE "public"."notes" DROP COLUMN "extra";\n');
  });

  it("migrations entities: no server at all, what check --shadow compares", async () => {
    const dir = await projectWithHistory();
    expect(await cli(["diff", "migrations", "entities"], dir, noServer)).toEqual({ code: 0, stdout: "", stderr: "" });
    fs.writeFileSync(path.join(dir, "entities/note.ts"), NOTE_ENTITY_WITH_BODY);
    const run = await cli(["diff", "migrations", "entities"], dir, noServer);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('ALTER TABLE "public"."notes" ADD COLUMN "body" text;\n');
    expect((await cli(["diff", "--with-privileges", "migrations", "entities"], dir, noServer)).code).toBe(2);
  });

  it("migrations URL, then --ts writes the difference as the next migration: after it, the history matches the database", async () => {
    const dir = await projectWithHistory();
    const prod = await database(
      `${NOTES}; ALTER TABLE notes ADD COLUMN body text; CREATE INDEX notes_title ON notes (title); CREATE TABLE legacy (x int)`,
    );
    const drift = await cli(["diff", "migrations", prod.url], dir, noServer);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toBe('ALTER TABLE "public"."notes" ADD COLUMN "body" text;\n\nCREATE INDEX "notes_title" ON "public"."notes" USING btree (title);\n');
    const run = await cli(["diff", "migrations", prod.url, "--ts", "-m", "sync with prod", "--rev-id", "ccc333"], dir, noServer);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("The new revision follows aaa111");
    expect(run.stdout).toMatch(/Generating migrations\/.*sync_with_prod\.ts \.\.\. done/);
    const files = migrationFiles(dir);
    expect(files).toHaveLength(2);
    const text = fs.readFileSync(path.join(dir, "migrations", files.find((f) => f.includes("sync_with_prod"))!), "utf8");
    expect(text).toContain('export const revision = "ccc333";');
    expect(text).toContain('export const downRevision: string | readonly string[] | null = "aaa111";');
    expect(text).toContain('await op.dropColumn("notes", "body")');

    // In sync now; "legacy", which the config excludes, is not compared.
    expect(await cli(["diff", "migrations", prod.url], dir, noServer)).toEqual({ code: 0, stdout: "", stderr: "" });
    // The derived downgrade takes the history back to aaa111's schema.
    const fresh = await database("");
    expect((await cli(["upgrade", "head", "--url", fresh.url], dir, noServer)).code).toBe(0);
    expect((await cli(["downgrade", "aaa111", "--url", fresh.url], dir, noServer)).code).toBe(0);
    expect((await cli(["diff", "migrations@aaa111", fresh.url], dir, noServer)).code).toBe(0);
  });

  it("--ts from a database at a revision follows that revision; nothing is written when nothing differs", async () => {
    const dir = await projectWithHistory();
    const atRevision = await database("");
    expect((await cli(["upgrade", "head", "--url", atRevision.url], dir, noServer)).code).toBe(0);
    const target = await database(`${NOTES}; ALTER TABLE notes ADD COLUMN body text`);
    const run = await cli(["diff", atRevision.url, target.url, "--ts", "--rev-id", "ddd444"], dir, noServer);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("The new revision follows aaa111");
    const same = await cli(["diff", target.url, target.url, "--ts"], dir, noServer);
    expect(same).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(migrationFiles(dir)).toHaveLength(2);
  });
});
