/**
 * Entity mode keeps a legacy database's tablespaces, through the CLI on PostgreSQL 15: a TypeORM project's
 * table, its indexes and a materialized view moved by a DBA to a tablespace of their own give a clean
 * `check` (tablespaces are not compared), and an entity edit that drops and creates them again (an
 * `@Index` given another column under its name, one without a name, which TypeORM names anew after its
 * columns, a primary key widened, which TypeORM names anew too, a
 * materialized view around a retyped column, with its `@Index`) writes a migration that puts each back in
 * that tablespace; its downgrade puts the old ones back there too. That history replays where the
 * tablespace does not exist (the embedded database, a cluster of its own or PGlite: `upgrade`,
 * `check --shadow`, `autogen test`), in the default tablespace, with one warning on stderr; its `--sql` script keeps it.
 */
import fs from "node:fs";
import path from "node:path";
import { cli, migrationFiles, tempProject } from "../cli/cli-support";
import { createTablespace, tablespaceName, tablespacesIn, type TestTablespace } from "../support/tablespace";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const entities = (edited: boolean) => `
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, ViewColumn, ViewEntity } from "typeorm";

@Entity({ name: "notes" })
@Index("notes_body_idx", ${edited ? `["body", "id"]` : `["body"]`})
@Index(${edited ? `["id", "body"]` : `["id"]`})
export class Note {
  @PrimaryGeneratedColumn()
  id: number;
${edited ? `\n  @PrimaryColumn({ type: "integer", default: 1 })\n  version: number;\n` : ""}
  @Column({ type: "varchar", length: ${edited ? 200 : 100}, nullable: true })
  body: string | null;
}

@ViewEntity({ name: "note_bodies", materialized: true, expression: \`SELECT "id", "body" FROM "notes"\` })
@Index("note_bodies_id", ["id"])
export class NoteBody {
  @ViewColumn()
  id: number;

  @ViewColumn()
  body: string;
}
`;

describe("entity mode keeps the tablespaces of what it creates again", () => {
  let ts: TestTablespace;
  let db: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  const entityFile = () => path.join(dir, "entities", "note.ts");
  // The project's relations, without the runner's own tables.
  const where = async () =>
    Object.fromEntries(Object.entries(await tablespacesIn(db.url, ["public"])).filter(([name]) => !name.startsWith("public.autogen_")));

  beforeAll(async () => {
    ts = await createTablespace(tablespaceName("entity_ts"));
    db = await createTestDatabase("entity_ts");
    dir = tempProject({});
    env = { DATABASE_URL: db.url };
    expect((await cli(["init", "--entities", "entities/*.ts"], dir, env)).code).toBe(0);
    fs.mkdirSync(path.dirname(entityFile()), { recursive: true });
    fs.writeFileSync(entityFile(), entities(false));
    expect((await cli(["-m", "create notes", "--rev-id", "aaa111"], dir, env)).code).toBe(0);
    expect((await cli(["upgrade", "head"], dir, env)).code).toBe(0);
    // The DBA moves the table, every index and the materialized view to the tablespace.
    await db.query(`
      ALTER TABLE notes SET TABLESPACE ${ts.name};
      ALTER MATERIALIZED VIEW note_bodies SET TABLESPACE ${ts.name};
      DO $$ DECLARE i text; BEGIN
        FOR i IN SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ('notes', 'note_bodies') LOOP
          EXECUTE format('ALTER INDEX %I SET TABLESPACE %I', i, '${ts.name}');
        END LOOP;
      END $$;
    `);
  });

  afterAll(async () => {
    await db?.drop();
    await ts?.drop();
  });

  it("check finds nothing to do: tablespaces are not compared", async () => {
    const check = await cli(["check"], dir, env);
    expect(check.stderr).toBe("");
    expect(check.code).toBe(0);
  });

  it("puts what the migration creates again back in the tablespace, and the downgrade puts the old objects back there", async () => {
    const before = await where();
    expect(Object.values(before)).toEqual(Object.values(before).map(() => ts.name));
    expect(Object.keys(before)).toHaveLength(6); // notes, its key and two indexes, note_bodies and its index

    fs.writeFileSync(entityFile(), entities(true));
    const generated = await cli(["-m", "widen notes", "--rev-id", "bbb222"], dir, env);
    expect(generated.code).toBe(0);
    const file = fs.readFileSync(path.join(dir, "migrations", migrationFiles(dir).find((f) => f.includes("widen"))!), "utf8");
    const upgrade = file.slice(file.indexOf("export async function upgrade"), file.indexOf("export async function downgrade"));
    for (const call of ["op.addPrimaryKey(", "op.createIndex(", "op.createView("]) {
      expect(upgrade.slice(upgrade.indexOf(call)).split(");")[0]).toContain(`tablespace: "${ts.name}"`);
    }

    expect((await cli(["upgrade", "head"], dir, env)).code).toBe(0);
    const after = await where();
    // The key and the unnamed index have TypeORM's new names for their new columns.
    expect(Object.keys(after).filter((name) => !(name in before)).sort()).toEqual([
      expect.stringMatching(/^public\.IDX_/),
      expect.stringMatching(/^public\.PK_/),
    ]);
    expect(Object.values(after)).toEqual(Object.values(after).map(() => ts.name));
    expect((await cli(["check"], dir, env)).code).toBe(0);

    expect((await cli(["downgrade", "-1"], dir, env)).code).toBe(0);
    expect(await where()).toEqual(before);
  });

  it("replays where the tablespace does not exist, warning on stderr, and the --sql script keeps it", async () => {
    // No URL: the embedded database (the embedded server's cluster, or PGlite where the server cannot run,
    // as for a root user's project), which has no such tablespace.
    const noUrl = {};
    const up = await cli(["upgrade", "head"], dir, noUrl);
    expect(up.stderr).not.toContain("does not exist (SQLSTATE");
    expect(up.code).toBe(0);
    expect(up.stderr.split("\n").filter((line) => line.includes(ts.name))).toEqual([
      `Tablespace "${ts.name}" (named by migration "bbb222") does not exist in this database: what the migrations put there is created in the database's default tablespace instead.`,
    ]);
    expect(up.stdout).not.toContain(ts.name);

    expect((await cli(["check", "--shadow"], dir, noUrl)).code).toBe(0);
    const test = await cli(["test"], dir, noUrl);
    expect(test.stdout + test.stderr).not.toContain("does not exist");
    expect(test.code).toBe(0);

    const script = await cli(["upgrade", "aaa111:bbb222", "--sql"], dir, noUrl);
    expect(script.code).toBe(0);
    expect(script.stdout).toContain(`TABLESPACE "${ts.name}"`);
  });
});
