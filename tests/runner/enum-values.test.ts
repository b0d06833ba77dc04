/**
 * Enum labels added by a migration (`ALTER TYPE ... ADD VALUE`) are part of its transaction on PostgreSQL
 * 12 and later: a migration that adds a label and then fails leaves neither the label nor the revision,
 * and a successful run says nothing about transactions. A migration that uses a label it added itself is
 * refused by PostgreSQL ("unsafe use of new value"); it is rolled back whole and the error says how to
 * split it.
 */
import type { Database } from "../../src/db/database";
import { migrate } from "../../src/runner/runner";
import { renderOfflineSql, planOffline } from "../../src/runner/offline-sql";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import {
  connect,
  loadMigrations,
  memoryLogger,
  removeMigrationDirs,
  versionRows,
  writeMigrations,
  type MigrationSpec,
} from "./support/migrations";

const CREATE_STATUS: MigrationSpec = {
  id: "a1",
  down: null,
  upgrade:
    `await op.createEnum("status", ["new", "done"]);\n` +
    `await op.createTable("tasks", { columns: [{ name: "id", type: "integer" }, { name: "state", type: "public.status" }] });\n` +
    `await op.execute("INSERT INTO tasks VALUES (1, 'new')");`,
  downgrade: `await op.dropTable("tasks");\nawait op.dropEnum("status");`,
};

const ADD_LABEL = `await op.alterEnum("status", { from: ["new", "done"], to: ["new", "review", "done"] });`;

let testDb: TestDatabase;
let db: Database;

beforeEach(async () => {
  testDb = await createTestDatabase("runenum");
  db = await connect(testDb.url);
});

afterEach(async () => {
  await db.close();
  await testDb.drop();
});

async function run(specs: readonly MigrationSpec[], options: { transactionPerRun?: boolean } = {}) {
  const dir = writeMigrations(specs);
  const { graph, modules } = await loadMigrations(dir);
  const logger = memoryLogger();
  const result = await migrate(db, { graph, modules, direction: "up", target: "head", logger, ...options });
  return { result, logger, graph, modules };
}

async function labels(): Promise<string[]> {
  const { rows } = await db.query<{ label: string }>(
    "SELECT enumlabel AS label FROM pg_enum WHERE enumtypid = 'public.status'::regtype ORDER BY enumsortorder",
  );
  return rows.map((row) => row.label);
}

test("a migration that adds a label and fails later leaves neither the label nor the revision", async () => {
  await run([CREATE_STATUS]);
  const { result, logger } = await run([
    CREATE_STATUS,
    { id: "b2", down: "a1", upgrade: `${ADD_LABEL}\nawait op.execute("SELECT * FROM no_such_table");` },
  ]);
  expect(result.results.map((r) => [r.revision, r.status])).toEqual([["b2", "failed"]]);
  expect(await labels()).toEqual(["new", "done"]);
  expect(await versionRows(db)).toEqual(["a1"]);
  expect(result.error!.aftermath).toBe("rolledBack");
  expect(result.error!.message).toContain('Its transaction was rolled back: the database is still at revision(s) "a1".');
  expect(logger.warnings).toEqual([]);
});

test("adding a label succeeds inside the migration's transaction, with no notice", async () => {
  const events: { sql: string; autocommit: boolean }[] = [];
  const dir = writeMigrations([CREATE_STATUS, { id: "b2", down: "a1", upgrade: ADD_LABEL }]);
  const { graph, modules } = await loadMigrations(dir);
  const logger = memoryLogger();
  const result = await migrate(db, {
    graph,
    modules,
    direction: "up",
    target: "head",
    logger,
    onEvent: (e) => (e.kind === "statement" ? events.push({ sql: e.sql, autocommit: e.autocommit }) : undefined),
  });
  expect(result.error).toBeUndefined();
  expect(await labels()).toEqual(["new", "review", "done"]);
  expect(await versionRows(db)).toEqual(["b2"]);
  expect(logger.warnings).toEqual([]);
  expect(events.filter((e) => e.sql.includes("ADD VALUE"))).toEqual([
    { sql: `ALTER TYPE "public"."status" ADD VALUE IF NOT EXISTS 'review' AFTER 'new'`, autocommit: false },
  ]);
});

test("a migration using a label it added is rolled back whole and told how to split it", async () => {
  await run([CREATE_STATUS]);
  const { result } = await run([
    CREATE_STATUS,
    {
      id: "b2",
      down: "a1",
      upgrade: `${ADD_LABEL}\nawait op.execute("UPDATE tasks SET state = 'review'");`,
    },
  ]);
  const error = result.error!;
  expect(error.failure.code).toBe("55P04");
  expect(error.aftermath).toBe("rolledBack");
  expect(error.message).toContain("unsafe use of new value");
  expect(error.message).toContain(
    "PostgreSQL refuses to use an enum label in the transaction that adds it: move the op.alterEnum() that adds it into a migration of its own",
  );
  expect(error.message).toContain('the database is still at revision(s) "a1"');
  expect(await labels()).toEqual(["new", "done"]);
  expect(await versionRows(db)).toEqual(["a1"]);
});

test("with transactionPerRun, a label used by a later migration of the same run: rolled back, with advice", async () => {
  const { result } = await run(
    [
      CREATE_STATUS,
      { id: "b2", down: "a1", upgrade: ADD_LABEL },
      { id: "c3", down: "b2", upgrade: `await op.execute("UPDATE tasks SET state = 'review'");` },
    ],
    { transactionPerRun: true },
  );
  expect(result.error!.failure.code).toBe("55P04");
  expect(result.error!.message).toContain("transactionPerRun");
  expect(await versionRows(db)).toEqual([]);
});

test("the --sql script adds labels inside the migration's transaction", async () => {
  const dir = writeMigrations([CREATE_STATUS, { id: "b2", down: "a1", upgrade: ADD_LABEL }]);
  const { graph, modules } = await loadMigrations(dir);
  const sql = await renderOfflineSql(planOffline(graph, "up", "a1:head"), modules);
  expect(sql).toContain(
    `BEGIN;\n\nALTER TYPE "public"."status" ADD VALUE IF NOT EXISTS 'review' AFTER 'new';\n\nUPDATE "public"."autogen_version"`,
  );
});

afterAll(removeMigrationDirs);
