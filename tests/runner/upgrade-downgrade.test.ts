/**
 * migrate() on the real server: up to a revision, +1, head, nothing left to do, -1, down to a revision,
 * base; the version table, the checksum table, the schema and the log lines after each step.
 */
import type { Database } from "../../src/db/database";
import type { ScriptDirectory } from "../../src/revision/script-directory";
import { migrate, type MigrateOptions } from "../../src/runner/runner";
import { readHeads, versionTableConfig } from "../../src/runner/version-table";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import {
  connect,
  loadMigrations,
  memoryLogger,
  tableNames,
  versionRows,
  removeMigrationDirs,
  writeMigrations,
} from "./support/migrations";

let testDb: TestDatabase;
let db: Database;
let scripts: ScriptDirectory;
const logger = memoryLogger();

beforeAll(async () => {
  testDb = await createTestDatabase("runner");
  db = await connect(testDb.url);
  const dir = writeMigrations([
    {
      id: "a1",
      down: null,
      message: "create users",
      upgrade: `await op.createTable("users", { columns: [{ name: "id", type: "integer", nullable: false }], primaryKey: { name: "users_pkey", columns: ["id"] } });`,
      downgrade: `await op.dropTable("users");`,
    },
    {
      id: "b2",
      down: "a1",
      message: "add email",
      upgrade: `await op.addColumn("users", { name: "email", type: "text" });`,
      downgrade: `await op.dropColumn("users", "email");`,
    },
    {
      id: "c3",
      down: "b2",
      message: "create posts",
      upgrade: `await op.createTable("posts", { columns: [{ name: "id", type: "integer" }] });`,
      downgrade: `await op.dropTable("posts");`,
    },
    {
      id: "d4",
      down: "c3",
      message: "create audit",
      upgrade: `await op.execute("CREATE TABLE audit (id int)");`,
      downgrade: `await op.execute("DROP TABLE audit");`,
    },
  ]);
  scripts = await loadMigrations(dir);
});

afterAll(async () => {
  await db.close();
  await testDb.drop();
});

function run(direction: "up" | "down", target: string): ReturnType<typeof migrate> {
  const options: MigrateOptions = {
    graph: scripts.graph,
    modules: scripts.modules,
    direction,
    target,
    logger,
  };
  return migrate(db, options);
}

async function checksumRows(): Promise<string[]> {
  const { rows } = await db.query<{ v: string }>(
    "SELECT version_num::text AS v FROM autogen_checksums ORDER BY 1",
  );
  return rows.map((r) => r.v);
}

test("before the first run there is no version table, and readHeads gives no rows", async () => {
  expect(await tableNames(db)).toEqual([]);
  expect(await readHeads(db, versionTableConfig())).toEqual([]);
});

test("upgrade to a revision applies it and its ancestors, each recorded", async () => {
  const result = await run("up", "b2");
  expect(result.results.map((r) => [r.revision, r.direction, r.status])).toEqual([
    ["a1", "up", "applied"],
    ["b2", "up", "applied"],
  ]);
  expect(result.error).toBeUndefined();
  expect(result.heads).toEqual(["b2"]);
  expect(await versionRows(db)).toEqual(["b2"]);
  expect(await checksumRows()).toEqual(["a1", "b2"]);
  expect(await tableNames(db)).toEqual(["autogen_checksums", "autogen_version", "users"]);
  const { rows } = await db.query<{ c: string }>(
    "SELECT column_name::text AS c FROM information_schema.columns WHERE table_name = 'users' ORDER BY ordinal_position",
  );
  expect(rows.map((r) => r.c)).toEqual(["id", "email"]);
  expect(result.results[0]!.path).toMatch(/01_a1\.js$/);
});

test("+1 applies exactly one more migration", async () => {
  const result = await run("up", "+1");
  expect(result.results.map((r) => r.revision)).toEqual(["c3"]);
  expect(await versionRows(db)).toEqual(["c3"]);
  expect(await tableNames(db)).toContain("posts");
});

test("head applies the rest and logs one line per migration", async () => {
  logger.lines.length = 0;
  const result = await run("up", "head");
  expect(result.results.map((r) => [r.revision, r.status])).toEqual([["d4", "applied"]]);
  expect(await versionRows(db)).toEqual(["d4"]);
  expect(logger.lines).toHaveLength(1);
  expect(logger.lines[0]).toMatch(/^Running upgrade c3 -> d4, create audit \.\.\. done in \d+ ms$/);
});

test("upgrading to head again finds nothing to do", async () => {
  const result = await run("up", "head");
  expect(result.results).toEqual([]);
  expect(result.heads).toEqual(["d4"]);
  expect(result.plan.steps).toEqual([]);
});

test("-1 downgrades exactly one migration", async () => {
  logger.lines.length = 0;
  const result = await run("down", "-1");
  expect(result.results.map((r) => [r.revision, r.direction, r.status])).toEqual([
    ["d4", "down", "applied"],
  ]);
  expect(await versionRows(db)).toEqual(["c3"]);
  expect(await checksumRows()).toEqual(["a1", "b2", "c3"]);
  expect(await tableNames(db)).not.toContain("audit");
  expect(logger.lines[0]).toMatch(
    /^Running downgrade d4 -> c3, create audit \.\.\. done in \d+ ms$/,
  );
});

test("downgrade to a revision removes its descendants, children first", async () => {
  const result = await run("down", "a1");
  expect(result.results.map((r) => r.revision)).toEqual(["c3", "b2"]);
  expect(await versionRows(db)).toEqual(["a1"]);
  expect(await tableNames(db)).toEqual(["autogen_checksums", "autogen_version", "users"]);
});

test("downgrade to base empties the version table and the schema", async () => {
  const result = await run("down", "base");
  expect(result.results.map((r) => r.revision)).toEqual(["a1"]);
  expect(result.heads).toEqual([]);
  expect(await versionRows(db)).toEqual([]);
  expect(await checksumRows()).toEqual([]);
  expect(await tableNames(db)).toEqual(["autogen_checksums", "autogen_version"]);
});

test("with transactionPerRun every migration of the run commits together", async () => {
  const statements: string[] = [];
  const result = await migrate(db, {
    graph: scripts.graph,
    modules: scripts.modules,
    direction: "up",
    target: "head",
    transactionPerRun: true,
    onEvent: (e) => {
      if (e.kind === "statement") statements.push(e.sql);
    },
  });
  expect(result.results.map((r) => r.status)).toEqual(["applied", "applied", "applied", "applied"]);
  expect(await versionRows(db)).toEqual(["d4"]);
  expect(statements).toContain("CREATE TABLE audit (id int)");
});

afterAll(removeMigrationDirs);
