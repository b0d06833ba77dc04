/**
 * A long migration is announced while it runs (which revision, for how long), not only when it ends.
 */
import type { Database } from "../../src/db/database";
import { migrate } from "../../src/runner/runner";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { connect, loadMigrations, memoryLogger, removeMigrationDirs, writeMigrations } from "./support/migrations";

let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDb = await createTestDatabase("progress");
  db = await connect(testDb.url);
});

afterAll(async () => {
  await db.close();
  await testDb.drop();
  removeMigrationDirs();
});

it("logs 'still running' for a migration slower than the notice interval, then its done line", async () => {
  const dir = writeMigrations([
    { id: "s1", down: null, message: "slow backfill", upgrade: `await op.execute("SELECT pg_sleep(0.35)");`, downgrade: "" },
  ]);
  const scripts = await loadMigrations(dir);
  const logger = memoryLogger();
  const result = await migrate(db, { ...scripts, direction: "up", target: "head", logger, slowNoticeMs: 100 });
  expect(result.error).toBeUndefined();
  const still = logger.lines.filter((l) => l.startsWith("Running upgrade base -> s1, slow backfill ... still running after"));
  expect(still.length).toBeGreaterThanOrEqual(2);
  expect(logger.lines[logger.lines.length - 1]).toMatch(/^Running upgrade base -> s1, slow backfill \.\.\. done in \d+ ms$/);
  // Nothing more is logged once the run has ended.
  const count = logger.lines.length;
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(logger.lines.length).toBe(count);
});
