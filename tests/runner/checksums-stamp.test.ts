/**
 * Checksums of applied files (an edited migration is reported by verifyChecksums and warned about on the
 * next upgrade) and stamp (target heads without running anything; --purge).
 */
import fs from "node:fs";
import type { Database } from "../../src/db/database";
import { UnknownRevisionError } from "../../src/revision/errors";
import { verifyChecksums } from "../../src/runner/checksums";
import { migrate } from "../../src/runner/runner";
import { stamp, StampUnknownRevisionError } from "../../src/runner/stamp";
import { versionTableConfig } from "../../src/runner/version-table";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import {
  connect,
  loadMigrations,
  memoryLogger,
  migrationFile,
  migrationSource,
  tableNames,
  versionRows,
  removeMigrationDirs,
  writeMigrations,
  type MigrationSpec,
} from "./support/migrations";

const SPECS: MigrationSpec[] = [
  { id: "a1", down: null, upgrade: `await op.execute("CREATE TABLE one (id int)");` },
  { id: "b2", down: "a1", upgrade: `await op.execute("CREATE TABLE two (id int)");` },
  { id: "c3", down: "b2", upgrade: `await op.execute("CREATE TABLE three (id int)");` },
];

let testDb: TestDatabase;
let db: Database;

beforeEach(async () => {
  testDb = await createTestDatabase("runsum");
  db = await connect(testDb.url);
});

afterEach(async () => {
  await db.close();
  await testDb.drop();
});

test("an applied migration edited afterwards is reported, with its file and revision", async () => {
  const dir = writeMigrations(SPECS);
  const before = await loadMigrations(dir);
  await migrate(db, {
    graph: before.graph,
    modules: before.modules,
    direction: "up",
    target: "b2",
  });
  expect(await verifyChecksums(db, before.modules, versionTableConfig())).toEqual([]);

  const file = migrationFile(dir, "a1");
  fs.writeFileSync(
    file,
    migrationSource({ ...SPECS[0]!, upgrade: `await op.execute("CREATE TABLE uno (id int)");` }),
  );
  const after = await loadMigrations(dir);
  const mismatches = await verifyChecksums(db, after.modules, versionTableConfig());
  expect(mismatches).toEqual([
    {
      revision: "a1",
      path: file,
      recorded: before.modules.get("a1")!.checksum,
      actual: after.modules.get("a1")!.checksum,
      appliedAt: expect.any(Date),
    },
  ]);

  const logger = memoryLogger();
  const result = await migrate(db, {
    graph: after.graph,
    modules: after.modules,
    direction: "up",
    target: "head",
    logger,
  });
  expect(result.results.map((r) => r.status)).toEqual(["applied"]);
  expect(logger.warnings).toHaveLength(1);
  expect(logger.warnings[0]).toMatch(
    new RegExp(
      `^Migration "a1" \\(${file.replace(/[.]/g, "\\.")}\\) was edited after it was applied on `,
    ),
  );
});

test("stamp sets the version table without running anything; base empties it", async () => {
  const { graph } = await loadMigrations(writeMigrations(SPECS));
  expect(await stamp(db, "b2", graph)).toEqual({ before: [], heads: ["b2"] });
  expect(await versionRows(db)).toEqual(["b2"]);
  expect(await tableNames(db)).toEqual(["autogen_checksums", "autogen_version"]);
  expect(await stamp(db, "head", graph)).toEqual({ before: ["b2"], heads: ["c3"] });
  expect(await versionRows(db)).toEqual(["c3"]);
  expect(await stamp(db, "-2", graph)).toEqual({ before: ["c3"], heads: ["a1"] });
  expect(await stamp(db, "base", graph)).toEqual({ before: ["a1"], heads: [] });
  expect(await versionRows(db)).toEqual([]);
});

test("stamp keeps unrelated branches and drops the checksums of revisions no longer applied", async () => {
  const dir = writeMigrations([
    ...SPECS,
    { id: "x1", down: null, upgrade: `await op.execute("CREATE TABLE other (id int)");` },
  ]);
  const { graph, modules } = await loadMigrations(dir);
  await migrate(db, { graph, modules, direction: "up", target: "heads" });
  expect(await versionRows(db)).toEqual(["c3", "x1"]);
  await stamp(db, "a1", graph);
  expect(await versionRows(db)).toEqual(["a1", "x1"]);
  const { rows } = await db.query<{ v: string }>(
    "SELECT version_num::text AS v FROM autogen_checksums ORDER BY 1",
  );
  expect(rows.map((r) => r.v)).toEqual(["a1", "x1"]);
});

test("a version table holding an unknown revision needs --purge", async () => {
  const { graph } = await loadMigrations(writeMigrations(SPECS));
  await db.exec(
    `CREATE TABLE autogen_version (version_num varchar(32) NOT NULL PRIMARY KEY); INSERT INTO autogen_version VALUES ('zz9')`,
  );
  const error = await stamp(db, "a1", graph).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StampUnknownRevisionError);
  expect((error as Error).message).toContain(
    'holds revision "zz9", which no migration file declares',
  );
  expect(await stamp(db, "a1", graph, { purge: true })).toEqual({ before: ["zz9"], heads: ["a1"] });
  expect(await versionRows(db)).toEqual(["a1"]);
});

test("migrate refuses a version table holding an unknown revision, and releases the lock", async () => {
  const { graph, modules } = await loadMigrations(writeMigrations(SPECS));
  await db.exec(
    `CREATE TABLE autogen_version (version_num varchar(32) NOT NULL PRIMARY KEY); INSERT INTO autogen_version VALUES ('zz9')`,
  );
  const error = await migrate(db, { graph, modules, direction: "up", target: "head" }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UnknownRevisionError);
  expect((error as Error).message).toBe(
    `Revision "zz9", found in the database's version table, is not declared by any migration file. The ` +
      `database was migrated with files that are missing here: restore them before running any command ` +
      `(or, if they are gone for good, set the table with "autogen stamp --purge <revision>").`,
  );
  const { rows } = await db.query(
    "SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = current_database()",
  );
  expect(rows).toEqual([]);
});

afterAll(removeMigrationDirs);
