/**
 * The pre-check of dropped tables read a name raw SQL gives without a schema as public's, whatever the
 * session's search_path: it refused a run that drops an unheld table of the first schema on the path
 * (mistaking it for a held one in public), and let through runs whose DROP TABLE PostgreSQL then refused
 * halfway. Names are now looked up as PostgreSQL does in the run's session, on PostgreSQL 15: a DROP or
 * ALTER finds the first schema of the path holding the name at that point, a CREATE makes its table in
 * the first schema of the path; a search_path the run sets itself ends the reading.
 */
import type { Database } from "../../src/db/database";
import { migrate } from "../../src/runner/runner";
import { DroppedTableHeldError } from "../../src/runner/runner-errors";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { connect, loadMigrations, removeMigrationDirs, versionRows, writeMigrations, type MigrationSpec } from "./support/migrations";

const BASE: MigrationSpec = { id: "a1", down: null, upgrade: `await op.execute("CREATE SCHEMA app; CREATE SCHEMA other");` };

let testDb: TestDatabase;
let db: Database;

beforeEach(async () => {
  testDb = await createTestDatabase("rundroppath");
  db = await connect(testDb.url);
  await run([BASE]);
  await db.query("SET search_path TO app, public");
});

afterEach(async () => {
  await db.close();
  await testDb.drop();
  removeMigrationDirs();
});

async function run(specs: readonly MigrationSpec[]) {
  const { graph, modules } = await loadMigrations(writeMigrations(specs));
  return migrate(db, { graph, modules, direction: "up", target: "head" });
}

/** `accounts` in `schema`, with a foreign key into it from `notes` there when `held`. */
async function accounts(schema: string, held: boolean): Promise<void> {
  await db.query(`CREATE TABLE ${schema}.accounts (id int PRIMARY KEY)`);
  if (held) await db.query(`CREATE TABLE ${schema}.notes (id int, account_id int REFERENCES ${schema}.accounts (id))`);
}

async function exists(name: string): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>("SELECT to_regclass($1) IS NOT NULL AS found", [name]);
  return rows[0]!.found;
}

/** a1, then a migration that creates a table, then one running `upgrade`. */
const afterExtra = (upgrade: string): MigrationSpec[] => [
  BASE,
  { id: "b2", down: "a1", upgrade: `await op.createTable("extra", { columns: [{ name: "id", type: "integer" }] });` },
  { id: "c3", down: "b2", upgrade },
];

async function refusal(work: Promise<unknown>): Promise<DroppedTableHeldError> {
  const error = await work.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DroppedTableHeldError);
  return error as DroppedTableHeldError;
}

it("refuses a raw DROP TABLE of a held table in the first schema of the search_path, before anything runs", async () => {
  await accounts("app", true);
  const refused = await refusal(run(afterExtra(`await op.execute("DROP TABLE accounts");`)));
  expect(refused.message).toContain('foreign key notes_account_id_fkey of app.notes references app.accounts, which migration "c3" (');
  expect(await versionRows(db)).toEqual(["a1"]);
  expect(await exists("public.extra")).toBe(false);
});

it("runs a raw DROP TABLE of an unheld table in the first schema of the path when a later schema's table of that name is held", async () => {
  await accounts("public", true);
  await accounts("app", false);
  const result = await run(afterExtra(`await op.execute("DROP TABLE accounts");`));
  expect(result.error).toBeUndefined();
  expect(await versionRows(db)).toEqual(["c3"]);
  expect(await exists("app.accounts")).toBe(false);
  expect(await exists("public.accounts")).toBe(true);
});

it("finds the table of a raw ALTER TABLE through the path: the key it drops no longer holds the table dropped after", async () => {
  await accounts("app", true);
  await db.query("CREATE TABLE public.notes (id int)");
  const drops = `await op.execute("ALTER TABLE notes DROP CONSTRAINT notes_account_id_fkey");\nawait op.dropTable({ schema: "app", name: "accounts" });`;
  expect((await run(afterExtra(drops))).error).toBeUndefined();
  expect(await exists("app.accounts")).toBe(false);
});

it("takes an unqualified CREATE TABLE to the first schema of the path, not for the held table of that name in public", async () => {
  await accounts("public", true);
  const refused = await refusal(run(afterExtra(`await op.execute("CREATE TABLE accounts (id int)");\nawait op.dropTable("accounts");`)));
  expect(refused.message).toContain('foreign key notes_account_id_fkey of public.notes references public.accounts, which migration "c3" (');
  expect(await versionRows(db)).toEqual(["a1"]);
  expect(await exists("app.accounts")).toBe(false);
});

it("follows a raw DROP TABLE to the table of that name the run created earlier on the path", async () => {
  await accounts("public", true);
  const upgrade = `await op.execute("CREATE TABLE app.accounts (id int)");\nawait op.execute("DROP TABLE accounts");`;
  expect((await run(afterExtra(upgrade))).error).toBeUndefined();
  expect(await exists("app.accounts")).toBe(false);
  expect(await exists("public.accounts")).toBe(true);
});

// Which schema the names after a SET take is not followed: left to PostgreSQL rather than guessed.
it("leaves the names after the run sets its own search_path to PostgreSQL", async () => {
  await accounts("public", true);
  await accounts("app", true);
  await accounts("other", false);
  const upgrade = `await op.execute("SET search_path TO other");\nawait op.execute("DROP TABLE accounts");`;
  expect((await run(afterExtra(upgrade))).error).toBeUndefined();
  expect(await exists("other.accounts")).toBe(false);
  expect(await exists("app.accounts")).toBe(true);
});
