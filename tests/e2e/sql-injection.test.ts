/**
 * The injection of issue #9 on a real PostgreSQL 15: a database whose `standard_conforming_strings` is
 * off (set per database, as a DBA may), and entity texts that end a standard-conforming literal early
 * when backslashes are escapes. Through the CLI (autogenerate, upgrade head, check, downgrade) every text
 * must be stored exactly and the other table must keep its row.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, tempProject } from "../cli/cli-support";

const PAYLOAD = "a\\'; DROP TABLE victim; --";
const DOLLAR_PAYLOAD = "b\\'); DROP TABLE victim; -- ${x} `tick` */ \u2028 end";

const entity = (body: string) => `
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "notes", comment: ${JSON.stringify(PAYLOAD)} })
export class Note {
  @PrimaryGeneratedColumn()
  id: number;
${body}
}
`;

const COLUMNS = `
  @Column({ type: "text", nullable: true, comment: ${JSON.stringify(DOLLAR_PAYLOAD)} })
  body: string | null;

  @Column({ type: "varchar", default: ${JSON.stringify(PAYLOAD)} })
  label: string;

  @Column({ type: "enum", enum: [${JSON.stringify(PAYLOAD)}, "plain"], enumName: "note_kind", default: "plain" })
  kind: string;
`;

describe("a database with standard_conforming_strings = off", () => {
  let db: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase("inj");
    await db.query(`ALTER DATABASE "${db.name}" SET standard_conforming_strings = off`);
    await db.query(`CREATE TABLE victim (id int PRIMARY KEY, note text)`);
    await db.query(`INSERT INTO victim VALUES (1, 'keep me')`);
    dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], include: ["public.notes"] }),
    });
    env = { DATABASE_URL: db.url };
  });
  afterAll(async () => {
    await db.drop();
  });

  it("really is off for new sessions", async () => {
    expect(await db.query(`SHOW standard_conforming_strings`)).toEqual([{ standard_conforming_strings: "off" }]);
  });

  it("stores a comment that would end a literal early exactly, and drops nothing", async () => {
    const entityFile = path.join(dir, "entities", "note.ts");
    fs.mkdirSync(path.dirname(entityFile), { recursive: true });
    fs.writeFileSync(entityFile, entity(""));
    const first = await cli(["-m", "create notes", "--rev-id", "aaa111"], dir, env);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    const up = await cli(["upgrade", "head"], dir, env);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);

    expect(await db.query(`SELECT * FROM victim`)).toEqual([{ id: 1, note: "keep me" }]);
    expect(await db.query(`SELECT obj_description('public.notes'::regclass, 'pg_class') AS c`)).toEqual([{ c: PAYLOAD }]);
    expect((await cli(["check"], dir, env)).code).toBe(0);
  });

  it("stores column comments, string defaults and enum labels exactly, and undoes them", async () => {
    fs.writeFileSync(path.join(dir, "entities", "note.ts"), entity(COLUMNS));
    const second = await cli(["-m", "columns", "--rev-id", "bbb222"], dir, env);
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    expect(migrationFiles(dir)).toHaveLength(2);
    const up = await cli(["upgrade", "head"], dir, env);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);

    expect(await db.query(`SELECT * FROM victim`)).toEqual([{ id: 1, note: "keep me" }]);
    expect(await db.query(`SELECT col_description('public.notes'::regclass, 2) AS c`)).toEqual([{ c: DOLLAR_PAYLOAD }]);
    expect(await db.query(`SELECT enum_range(NULL::note_kind)::text[] AS labels`)).toEqual([{ labels: [PAYLOAD, "plain"] }]);
    await db.query(`INSERT INTO notes DEFAULT VALUES`);
    expect(await db.query(`SELECT label, kind::text FROM notes`)).toEqual([{ label: PAYLOAD, kind: "plain" }]);
    const check = await cli(["check"], dir, env);
    expect(check.stdout).not.toMatch(/Detected/);
    expect(check.code).toBe(0);

    const down = await cli(["downgrade", "-1"], dir, env);
    expect(down.stderr).toBe("");
    expect(down.code).toBe(0);
    expect(await db.query(`SELECT * FROM victim`)).toEqual([{ id: 1, note: "keep me" }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM pg_type WHERE typname = 'note_kind'`)).toEqual([{ n: 0 }]);
  });

  it("begins the --sql script by pinning the settings it relies on", async () => {
    const offline = await cli(["upgrade", "head", "--sql"], dir, {});
    expect(offline.code).toBe(0);
    const lines = offline.stdout.split("\n");
    expect(lines.slice(0, 2)).toEqual(["SET standard_conforming_strings = on;", "SET client_encoding = 'UTF8';"]);
    expect(offline.stdout).not.toMatch(/[^E]'a\\'/);
  });
});
