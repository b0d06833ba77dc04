/**
 * Failing migrations: the run stops, the failing migration is rolled back, and the schema and version
 * table stay exactly at the last good revision; the error names the revision, its file, the statement
 * and Postgres's message. Also: transaction opt-outs (`op.noTransaction()`, non-transactional statements).
 */
import type { Database } from "../../src/db/database";
import { introspect } from "../../src/introspect/introspect";
import { migrate, type MigrateResult } from "../../src/runner/runner";
import { MigrationFailedError } from "../../src/runner/runner-errors";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import {
  connect,
  loadMigrations,
  memoryLogger,
  migrationFile,
  tableNames,
  versionRows,
  removeMigrationDirs,
  writeMigrations,
  type MigrationSpec,
} from "./support/migrations";

const CREATE_USERS: MigrationSpec = {
  id: "a1",
  down: null,
  upgrade: `await op.createTable("users", { columns: [{ name: "id", type: "integer" }, { name: "email", type: "text" }] });`,
  downgrade: `await op.dropTable("users");`,
};

let testDb: TestDatabase;
let db: Database;

beforeEach(async () => {
  testDb = await createTestDatabase("runfail");
  db = await connect(testDb.url);
});

afterEach(async () => {
  await db.close();
  await testDb.drop();
});

async function upgrade(
  specs: readonly MigrationSpec[],
  target = "head",
  extra: { transactionPerRun?: boolean } = {},
) {
  const dir = writeMigrations(specs);
  const { graph, modules } = await loadMigrations(dir);
  const logger = memoryLogger();
  const result = await migrate(db, { graph, modules, direction: "up", target, logger, ...extra });
  return { dir, result, logger };
}

function statuses(result: MigrateResult): string[][] {
  return result.results.map((r) => [r.revision, r.status]);
}

test("a migration failing after its first statement leaves schema and version table as they were", async () => {
  const failing: MigrationSpec = {
    id: "b2",
    down: "a1",
    upgrade: `await op.execute("CREATE TABLE half_done (id int)");\nawait op.execute("INSERT INTO no_such_table VALUES (1)");`,
  };
  await upgrade([CREATE_USERS], "a1");
  const before = await introspect(db, { schemas: ["public"] });
  const { dir, result, logger } = await upgrade([
    CREATE_USERS,
    failing,
    { id: "c3", down: "b2", upgrade: "" },
  ]);

  expect(statuses(result)).toEqual([
    ["b2", "failed"],
    ["c3", "skipped"],
  ]);
  expect(result.heads).toEqual(["a1"]);
  expect(await versionRows(db)).toEqual(["a1"]);
  expect(await introspect(db, { schemas: ["public"] })).toEqual(before);
  expect(await tableNames(db)).not.toContain("half_done");

  const error = result.error!;
  expect(error).toBeInstanceOf(MigrationFailedError);
  expect(result.results[0]!.error).toBe(error);
  expect(error.revision).toEqual({ id: "b2", path: migrationFile(dir, "b2") });
  expect(error.statement).toBe("INSERT INTO no_such_table VALUES (1)");
  expect(error.failure.code).toBe("42P01");
  expect(error.message).toBe(
    `The upgrade of migration "b2" (${migrationFile(dir, "b2")}) failed while running ` +
      '`INSERT INTO no_such_table VALUES (1)`: relation "no_such_table" does not exist (SQLSTATE 42P01). ' +
      'Its transaction was rolled back: the database is still at revision(s) "a1".',
  );
  expect(logger.lines.at(-1)).toMatch(
    /^Running upgrade a1 -> b2, migration b2 \.\.\. failed after \d+ ms$/,
  );
});

test("a JavaScript error in a migration rolls it back too, with no statement named", async () => {
  const { result } = await upgrade([
    CREATE_USERS,
    {
      id: "b2",
      down: "a1",
      upgrade: `await op.addColumn("users", { name: "age", type: "integer" });\nthrow new Error("boom");`,
    },
  ]);
  expect(statuses(result)).toEqual([
    ["a1", "applied"],
    ["b2", "failed"],
  ]);
  expect(result.error!.statement).toBeNull();
  expect(result.error!.message).toContain("failed: boom.");
  const { rows } = await db.query(
    "SELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'age'",
  );
  expect(rows).toEqual([]);
  expect(await versionRows(db)).toEqual(["a1"]);
});

test("with transactionPerRun a failure rolls back every migration of the run", async () => {
  const { result } = await upgrade(
    [
      CREATE_USERS,
      { id: "b2", down: "a1", upgrade: `await op.execute("SELECT 1/0");` },
      { id: "c3", down: "b2", upgrade: "" },
    ],
    "head",
    { transactionPerRun: true },
  );
  expect(statuses(result)).toEqual([
    ["a1", "rolledBack"],
    ["b2", "failed"],
    ["c3", "skipped"],
  ]);
  expect(result.heads).toEqual([]);
  expect(result.error!.message).toContain("division by zero (SQLSTATE 22012)");
  expect(result.error!.message).toContain(
    'Its transaction was rolled back, and with it the migration "a1" run before it in the same transaction ' +
      "(transactionPerRun): the database is still at base (no revision applied).",
  );
  expect(await versionRows(db)).toEqual([]);
  expect(await tableNames(db)).not.toContain("users");
});

test("with transactionPerRun a deferred constraint broken in one migration and failing at the run's COMMIT blames none of them", async () => {
  const { dir, result } = await upgrade(
    [
      {
        id: "a1",
        down: null,
        upgrade:
          `await op.execute("CREATE TABLE parent (id int PRIMARY KEY)");\n` +
          `await op.execute("CREATE TABLE child (pid int REFERENCES parent DEFERRABLE INITIALLY DEFERRED)");`,
      },
      { id: "d1", down: "a1", upgrade: `await op.execute("INSERT INTO child VALUES (42)");` },
      { id: "d2", down: "d1", upgrade: "" },
    ],
    "head",
    { transactionPerRun: true },
  );
  expect(result.error!.failure.code).toBe("23503");
  expect(result.error!.message).toBe(
    'The upgrade run failed at the COMMIT of its transaction: insert or update on table "child" violates foreign key ' +
      'constraint "child_pid_fkey" (SQLSTATE 23503). Detail: Key (pid)=(42) is not present in table "parent". ' +
      'With transactionPerRun the run is one transaction, which held the migrations "a1", "d1", "d2": PostgreSQL ' +
      "checks deferred constraints (DEFERRABLE INITIALLY DEFERRED) at COMMIT, so any of them may have caused this; " +
      "run them with transactionPerRun off to see which. The transaction was rolled back: the database is still at " +
      "base (no revision applied).",
  );
  expect(result.error!.message).not.toContain(migrationFile(dir, "d2"));
  expect(statuses(result)).toEqual([
    ["a1", "rolledBack"],
    ["d1", "rolledBack"],
    ["d2", "failed"],
  ]);
  expect(await versionRows(db)).toEqual([]);
  expect(await tableNames(db)).not.toContain("child");

  // A transaction per migration checks it at d1's own COMMIT, which names d1.
  const perMigration = await upgrade([
    { id: "a1", down: null, upgrade: `await op.execute("CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (pid int REFERENCES parent DEFERRABLE INITIALLY DEFERRED)");` },
    { id: "d1", down: "a1", upgrade: `await op.execute("INSERT INTO child VALUES (42)");` },
    { id: "d2", down: "d1", upgrade: "" },
  ]);
  expect(perMigration.result.error!.message).toMatch(/^The upgrade of migration "d1" \(.*\) failed while running `COMMIT`: insert or update on table "child"/);
  expect(await versionRows(db)).toEqual(["a1"]);
});

test("with transactionPerRun a deferred constraint holds at the run's COMMIT: a later migration of the run may satisfy it", async () => {
  const { result } = await upgrade(
    [
      { id: "a1", down: null, upgrade: `await op.execute("CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (pid int REFERENCES parent DEFERRABLE INITIALLY DEFERRED)");` },
      { id: "d1", down: "a1", upgrade: `await op.execute("INSERT INTO child VALUES (42)");` },
      { id: "d2", down: "d1", upgrade: `await op.execute("INSERT INTO parent VALUES (42)");` },
    ],
    "head",
    { transactionPerRun: true },
  );
  expect(result.error).toBeUndefined();
  expect(await versionRows(db)).toEqual(["d2"]);
});

test("a migration that catches its own SQL error fails naming that error, not the aborted transaction", async () => {
  const { dir, result } = await upgrade([
    CREATE_USERS,
    {
      id: "b2",
      down: "a1",
      upgrade: `try {\n  await op.execute("select 1/0");\n} catch {\n  // ignored\n}`,
    },
  ]);
  expect(statuses(result)).toEqual([
    ["a1", "applied"],
    ["b2", "failed"],
  ]);
  const error = result.error!;
  expect(error.statement).toBe("select 1/0");
  expect(error.failure.code).toBe("22012");
  expect(error.message).toBe(
    `The upgrade of migration "b2" (${migrationFile(dir, "b2")}) failed while running \`select 1/0\`: division by ` +
      "zero (SQLSTATE 22012). The migration caught this error and went on, but PostgreSQL refuses every later " +
      "statement of a transaction after its first error (current transaction is aborted, SQLSTATE 25P02): let the " +
      "error end the migration, or run the statement that may fail inside a savepoint (SAVEPOINT, then ROLLBACK TO " +
      'SAVEPOINT when it fails). Its transaction was rolled back: the database is still at revision(s) "a1".',
  );
  expect(await versionRows(db)).toEqual(["a1"]);
});

test("a migration that catches its own SQL error and runs another op names the first error too", async () => {
  const { result } = await upgrade([
    CREATE_USERS,
    {
      id: "b2",
      down: "a1",
      upgrade: `await op.execute("select 1/0").catch(() => undefined);\nawait op.addColumn("users", { name: "age", type: "integer" });`,
    },
  ]);
  expect(result.error!.statement).toBe("select 1/0");
  expect(result.error!.message).toContain("failed while running `select 1/0`: division by zero (SQLSTATE 22012). The migration caught this error");
  expect(await versionRows(db)).toEqual(["a1"]);
});

// Before a statement that cannot run in a transaction the runner commits what the migration did so far. A
// transaction an error aborted cannot commit: PostgreSQL answers COMMIT with ROLLBACK, and no error, so the
// table created first was lost while the migration went on and was recorded as applied.
test("a migration that catches its own SQL error, then runs a statement outside the transaction, fails naming the error", async () => {
  const { result } = await upgrade([
    CREATE_USERS,
    {
      id: "b2",
      down: "a1",
      upgrade:
        `await op.execute("CREATE TABLE early (id int)");\n` +
        `await op.execute("select 1/0").catch(() => undefined);\n` +
        `await op.createIndex("users", { name: "users_email_idx", keys: ["email"] }, { concurrently: true });`,
    },
  ]);
  expect(statuses(result)).toEqual([
    ["a1", "applied"],
    ["b2", "failed"],
  ]);
  expect(result.error!.statement).toBe("select 1/0");
  expect(result.error!.message).toContain("division by zero (SQLSTATE 22012). The migration caught this error");
  expect(await versionRows(db)).toEqual(["a1"]);
  expect(await tableNames(db)).not.toContain("early");
});

test("a migration that recovers from its own SQL error with a savepoint goes on and commits", async () => {
  const { result } = await upgrade([
    CREATE_USERS,
    {
      id: "b2",
      down: "a1",
      upgrade:
        `await op.execute("CREATE TABLE kept_too (id int)");\n` +
        `await op.execute("SAVEPOINT s");\n` +
        `await op.execute("select 1/0").catch(() => op.execute("ROLLBACK TO SAVEPOINT s"));\n` +
        `await op.createIndex("users", { name: "users_email_idx", keys: ["email"] }, { concurrently: true });`,
    },
  ]);
  expect(result.error).toBeUndefined();
  expect(await versionRows(db)).toEqual(["b2"]);
  expect(await tableNames(db)).toContain("kept_too");
});

test("noTransaction(): CREATE INDEX CONCURRENTLY runs in autocommit and the version update follows", async () => {
  const events: { sql: string; autocommit: boolean }[] = [];
  const dir = writeMigrations([
    CREATE_USERS,
    {
      id: "b2",
      down: "a1",
      upgrade: `op.noTransaction();\nawait op.createIndex("users", { name: "users_email_idx", keys: ["email"] }, { concurrently: true });`,
    },
  ]);
  const { graph, modules } = await loadMigrations(dir);
  const result = await migrate(db, {
    graph,
    modules,
    direction: "up",
    target: "head",
    onEvent: (e) =>
      e.kind === "statement" ? events.push({ sql: e.sql, autocommit: e.autocommit }) : undefined,
  });
  expect(statuses(result)).toEqual([
    ["a1", "applied"],
    ["b2", "applied"],
  ]);
  expect(events.at(-1)).toEqual({
    sql: 'CREATE INDEX CONCURRENTLY "users_email_idx" ON "public"."users" USING btree (email)',
    autocommit: true,
  });
  const { rows } = await db.query<{ valid: boolean }>(
    "SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'users_email_idx'::regclass",
  );
  expect(rows).toEqual([{ valid: true }]);
  expect(await versionRows(db)).toEqual(["b2"]);
});

test("a non-transactional statement inside a transactional migration commits what ran before it", async () => {
  const { result, logger } = await upgrade([
    {
      id: "a1",
      down: null,
      upgrade:
        `await op.createTable("users", { columns: [{ name: "email", type: "text" }] });\n` +
        `await op.createIndex("users", { name: "users_email_idx", keys: ["email"] }, { concurrently: true });\n` +
        `await op.addColumn("users", { name: "age", type: "integer" });`,
    },
  ]);
  expect(statuses(result)).toEqual([["a1", "applied"]]);
  expect(logger.warnings).toEqual([
    'Migration "a1" committed what it had done so far to run a statement that cannot run inside a ' +
      'transaction: CREATE INDEX CONCURRENTLY "users_email_idx" ON "public"."users" USING btree (email). ' +
      "Call op.noTransaction() first in migrations that need such statements.",
  ]);
  expect(await versionRows(db)).toEqual(["a1"]);
});

test("noTransaction() after another op fails the migration and rolls it back", async () => {
  const { result } = await upgrade([
    {
      id: "a1",
      down: null,
      upgrade: `await op.execute("CREATE TABLE early (id int)");\nop.noTransaction();`,
    },
  ]);
  expect(statuses(result)).toEqual([["a1", "failed"]]);
  expect(result.error!.message).toContain(
    "called op.noTransaction() after running other operations",
  );
  expect(await tableNames(db)).not.toContain("early");
});

test("a failing autocommit migration says that its earlier statements stay applied", async () => {
  const { result } = await upgrade([
    {
      id: "a1",
      down: null,
      upgrade: `op.noTransaction();\nawait op.execute("CREATE TABLE kept (id int)");\nawait op.execute("SELECT * FROM missing");`,
    },
  ]);
  expect(statuses(result)).toEqual([["a1", "failed"]]);
  expect(result.error!.aftermath).toBe("partial");
  expect(result.error!.message).toContain("ran outside a transaction");
  expect(await tableNames(db)).toContain("kept");
  expect(await versionRows(db)).toEqual([]);
});

afterAll(removeMigrationDirs);
