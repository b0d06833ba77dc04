/**
 * Databases set up to refuse writes, on PostgreSQL 15: a database with `default_transaction_read_only =
 * on`, a role without CREATE on `public`, a role that may not read the version table. The runner's own
 * statements (the version table, its reads) ended in "Unexpected error (please report it)" with a stack
 * (found probing server settings, 2026-12-06): now one paragraph naming what was refused and what to
 * change, exit 1, and nothing written.
 */
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, NOTE_ENTITY, tempProject } from "./cli-support";

let db: TestDatabase;

afterEach(async () => {
  await db.drop();
});

function project(url: string): string {
  return tempProject({
    "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: url }),
    "entities/note.ts": NOTE_ENTITY,
  });
}

async function tables(): Promise<string[]> {
  const rows = await db.query<{ t: string }>(
    "SELECT relname::text AS t FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1",
  );
  return rows.map((r) => r.t);
}

it("a database with default_transaction_read_only = on: autogenerate and check work, upgrade is refused until the session may write", async () => {
  db = await createTestDatabase("read_only_db");
  await db.query(`ALTER DATABASE "${db.name}" SET default_transaction_read_only = on`);
  const dir = project(db.url);
  expect((await cli(["-m", "create notes"], dir)).code).toBe(0);

  const up = await cli(["upgrade", "head"], dir);
  expect(up.code).toBe(1);
  expect(up.stderr).not.toContain("Unexpected error");
  expect(up.stderr).toMatch(
    /^ERROR: PostgreSQL refused creating the version table "public"\."autogen_version": cannot execute CREATE TABLE in a read-only transaction \(SQLSTATE 25006\)\. The transaction is read-only: default_transaction_read_only is on/,
  );
  expect(up.stderr.trim().split("\n")).toHaveLength(1);
  expect(await tables()).toEqual([]);

  // The advice works: PGOPTIONS (read by the PostgreSQL client from the environment) lifts it for one run.
  const saved = process.env.PGOPTIONS;
  process.env.PGOPTIONS = "-c default_transaction_read_only=off";
  try {
    expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
  } finally {
    if (saved === undefined) delete process.env.PGOPTIONS;
    else process.env.PGOPTIONS = saved;
  }
  expect(await tables()).toEqual(["autogen_checksums", "autogen_version", "notes"]);
  const check = await cli(["check"], dir);
  expect(check.stderr).toBe("");
  expect(check.code).toBe(0);
});

it("a role without CREATE on public: upgrade is refused naming the version table and the privilege", async () => {
  db = await createTestDatabase("no_create_role");
  const role = `${db.name}_app`;
  await db.query(`CREATE ROLE "${role}" LOGIN`);
  try {
    await db.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    const dir = project(db.url.replace(/\/\/[^@]*@/, `//${role}@`));
    expect((await cli(["-m", "create notes"], dir)).code).toBe(0);
    const up = await cli(["upgrade", "head"], dir);
    expect(up.code).toBe(1);
    expect(up.stderr).toMatch(
      /^ERROR: PostgreSQL refused creating the version table "public"\."autogen_version": permission denied for schema public \(SQLSTATE 42501\)\. The role connected lacks a privilege/,
    );
    expect(await tables()).toEqual([]);
  } finally {
    await db.query(`DROP ROLE "${role}"`);
  }
});

it("a role that may not read the version table: current says the server refused, not that autogen broke", async () => {
  db = await createTestDatabase("no_select_role");
  const role = `${db.name}_ro`;
  await db.query(`CREATE ROLE "${role}" LOGIN`);
  try {
    const owner = project(db.url);
    expect((await cli(["-m", "create notes"], owner)).code).toBe(0);
    expect((await cli(["upgrade", "head"], owner)).code).toBe(0);
    const current = await cli(["current", "--url", db.url.replace(/\/\/[^@]*@/, `//${role}@`)], owner);
    expect(current.code).toBe(1);
    expect(current.stderr).toMatch(
      /^ERROR: PostgreSQL refused a statement of autogen's own: permission denied for table autogen_version \(SQLSTATE 42501\)\./,
    );
    expect(current.stderr).not.toContain("Unexpected error");
  } finally {
    await db.query(`DROP ROLE "${role}"`);
  }
});
