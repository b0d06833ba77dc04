/**
 * A database whose `public` schema was dropped (some hardened setups do), in entity mode, on PostgreSQL 15.
 * The first migration creates `public` where it is missing (the catalog read for the comparison says it is)
 * and never drops it, the runner creates its version table's schema when it is missing (or says in one
 * paragraph why it cannot), and the history still replays clean on a fresh database, which has `public`.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, NOTE_ENTITY, tempProject } from "./cli-support";

const noServer = { DATABASE_URL: undefined };

describe("a project whose database has no public schema", () => {
  let db: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase("public_dropped");
    await db.query("DROP SCHEMA public");
    dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
      "entities/note.ts": NOTE_ENTITY,
    });
  });
  afterAll(async () => {
    await db.drop();
  });

  it("the first migration creates public where it is missing, before the table, and leaves it in the downgrade", async () => {
    const run = await cli(["-m", "create notes", "--rev-id", "notes0001"], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const text = fs.readFileSync(path.join(dir, "migrations", migrationFiles(dir)[0]!), "utf8");
    const [upgrade, downgrade] = text.split("export async function downgrade");
    expect(upgrade).toMatch(/op\.createSchema\("public", \{ ifMissing: true \}\);[\s\S]*op\.createTable\(/);
    expect(downgrade).not.toMatch(/op\.(create|drop)Schema/);
  });

  it("diff from the database to the entities creates public first, only where missing", async () => {
    const run = await cli(["diff", db.url, "entities"], dir, noServer);
    expect(run.stdout.split("\n")[0]).toBe(
      "DO $autogen_schema$ BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = 'public') " +
        'THEN CREATE SCHEMA "public"; END IF; END $autogen_schema$;',
    );
    expect(run.stdout).toContain('CREATE TABLE "public"."notes"');
    expect(run.code).toBe(1);
  });

  it("upgrade head creates public, the table in it and the version row", async () => {
    const up = await cli(["upgrade", "head"], dir);
    expect(up.stderr).not.toContain("Unexpected error");
    expect(up.code).toBe(0);
    expect(await db.query("SELECT count(*)::int AS n FROM public.notes")).toEqual([{ n: 0 }]);
    expect(await db.query("SELECT version_num FROM public.autogen_version")).toEqual([{ version_num: "notes0001" }]);
  });

  it("check against the database then finds nothing", async () => {
    const check = await cli(["check"], dir);
    expect(check.stderr).toBe("");
    expect(check.stdout).toBe("No changes in schema detected.\n");
    expect(check.code).toBe(0);
  });

  it("check --shadow (the history replayed on a fresh embedded database, which has public) finds nothing", async () => {
    const shadow = await cli(["check", "--shadow"], dir, noServer);
    expect(shadow.stderr).toBe("");
    expect(shadow.stdout).toBe("No changes in schema detected.\n");
    expect(shadow.code).toBe(0);
  }, 120_000);

  it("autogen test passes on the embedded database: the downgrade leaves its public as it was", async () => {
    const test = await cli(["test"], dir, noServer);
    expect(test.stdout).toContain("4 passed, 0 failed");
    expect(test.code).toBe(0);
  }, 120_000);

  it("downgrade base removes the table and keeps public, which holds the version table", async () => {
    const down = await cli(["downgrade", "base"], dir);
    expect(down.stderr).toBe("");
    expect(down.code).toBe(0);
    expect(await db.query("SELECT to_regclass('public.notes') IS NULL AS gone")).toEqual([{ gone: true }]);
    expect(await db.query("SELECT count(*)::int AS n FROM public.autogen_version")).toEqual([{ n: 0 }]);
  });
});

describe("the offline script of a project whose database has no public schema", () => {
  let db: TestDatabase;

  afterAll(async () => {
    await db.drop();
  });

  it("upgrade head --sql, run on that database, creates public, the table and the version row", async () => {
    db = await createTestDatabase("public_dropped_sql");
    await db.query("DROP SCHEMA public");
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
      "entities/note.ts": NOTE_ENTITY,
    });
    expect((await cli(["-m", "create notes", "--rev-id", "notes0001"], dir)).code).toBe(0);
    const offline = await cli(["upgrade", "head", "--sql"], dir);
    expect(offline.code).toBe(0);
    await db.query(offline.stdout);
    expect(await db.query("SELECT count(*)::int AS n FROM public.notes")).toEqual([{ n: 0 }]);
    expect(await db.query("SELECT version_num FROM public.autogen_version")).toEqual([{ version_num: "notes0001" }]);
  });
});

describe("a role that may not create the missing public schema", () => {
  let db: TestDatabase;
  let role: string;

  afterAll(async () => {
    await db.query(`DROP OWNED BY "${role}"; DROP ROLE "${role}"`);
    await db.drop();
  });

  it("upgrade head stops before running anything, in one paragraph naming the version table, its schema and what to do", async () => {
    db = await createTestDatabase("public_dropped_role");
    role = `${db.name}_migrator`;
    await db.query("DROP SCHEMA public");
    await db.query("CREATE SCHEMA app");
    await db.query(`CREATE ROLE "${role}" LOGIN; GRANT ALL ON SCHEMA app TO "${role}"`);
    const url = new URL(db.url);
    url.username = role;
    url.password = "";
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: url.toString() }),
      "entities/note.ts": NOTE_ENTITY.replace('{ name: "notes" }', '{ name: "notes", schema: "app" }'),
    });
    expect((await cli(["-m", "create notes"], dir)).code).toBe(0);
    const up = await cli(["upgrade", "head"], dir);
    expect(up.stderr).toBe(
      `ERROR: PostgreSQL refused creating the missing schema "public" of the version table "public"."autogen_version": ` +
        `permission denied for database ${db.name} (SQLSTATE 42501). The role connected lacks a privilege this needs: grant ` +
        `it (the server's message names the object), or run the command as a role that has it, such as the object's owner.\n`,
    );
    expect(up.code).toBe(1);
    expect(await db.query("SELECT to_regclass('app.notes') IS NULL AS none")).toEqual([{ none: true }]);
  });
});
