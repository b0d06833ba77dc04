/**
 * The speed steps of shadow mode, each checked by what it must save (never by time):
 * - the history is replayed into the shadow database as one script in one round trip, and gives the
 *   same schema as the runner's migration-by-migration replay; histories that cannot be one
 *   transaction, and failing ones, go through the runner (a failure still names its revision);
 * - `autogen test` (runMigrationChecks) starts the embedded server once for all its checks.
 * Run on the default engine (the embedded PostgreSQL 15 server); the test kit on PGlite is in
 * shadow-replay-pglite.test.ts (one of the slow matrices).
 */
import { openProject, type Project } from "../../src/api/project";
import { loadScripts } from "../../src/api/scripts";
import { replayHistory, ShadowReplayError, startShadow } from "../../src/api/shadow";
import { runMigrationChecks } from "../../src/testkit/migration-checks";
import { introspect } from "../../src/introspect";
import { compare } from "../../src/compare/compare";
import { migrate } from "../../src/runner/runner";
import { serverStats } from "../../src/db/pg-server";
import type { Database } from "../../src/db/database";
import type { ShadowServer } from "../../src/db/embedded";
import { exampleProject } from "./example-project";

/** Counts the round trips a Database is asked for. */
function counting(db: Database): { db: Database; calls: () => number } {
  let calls = 0;
  return {
    calls: () => calls,
    db: {
      kind: db.kind,
      description: db.description,
      query: <R = Record<string, unknown>>(sql: string, params?: readonly unknown[]) => (calls++, db.query<R>(sql, params)),
      exec: (sql) => (calls++, db.exec(sql)),
      transaction: (fn) => db.transaction((tx) => fn({ query: (sql, params) => (calls++, tx.query(sql, params)) })),
      close: () => db.close(),
    },
  };
}

const THIRD = "49744b92d549";
const ADD_INDEX_CONCURRENTLY = `
import type { MigrationOps } from "pg-autogen";
export const revision = "cccc00000001";
export const downRevision = "${THIRD}";
export async function upgrade(op: MigrationOps): Promise<void> {
  op.noTransaction();
  await op.execute('CREATE INDEX CONCURRENTLY "IDX_task_logs_progress" ON "task_logs" ("progress")');
}
export async function downgrade(op: MigrationOps): Promise<void> {
  op.noTransaction();
  await op.execute('DROP INDEX CONCURRENTLY "IDX_task_logs_progress"');
}
`;
const FAILING = `
import type { MigrationOps } from "pg-autogen";
export const revision = "dddd00000001";
export const downRevision = "${THIRD}";
export async function upgrade(op: MigrationOps): Promise<void> {
  await op.execute("ALTER TABLE task_logs ADD COLUMN progress integer");
}
export async function downgrade(op: MigrationOps): Promise<void> {}
`;

/** An index created again in a tablespace, as a migration generated from a database keeping it there writes it. */
const INDEX_IN_MISSING_TABLESPACE = `
import type { MigrationOps } from "pg-autogen";
export const revision = "eeee00000001";
export const downRevision = "${THIRD}";
async function recreate(op: MigrationOps): Promise<void> {
  await op.dropIndex("memories", "IDX_189c55b706b4ecfbe80465f06b", { existing: { keys: ["project_id", "created_at"], tablespace: "ts_missing" } });
  await op.createIndex("memories", { name: "IDX_189c55b706b4ecfbe80465f06b", keys: ["project_id", "created_at"], tablespace: "ts_missing" });
}
export const upgrade = recreate;
export const downgrade = recreate;
`;

/** Leaves a schema and its table behind on downgrade; IF NOT EXISTS lets the upgrade run again over them. */
const LEAVES_A_SCHEMA = `
import type { MigrationOps } from "pg-autogen";
export const revision = "eeee00000002";
export const downRevision = "${THIRD}";
export async function upgrade(op: MigrationOps): Promise<void> {
  await op.execute("CREATE SCHEMA IF NOT EXISTS audit");
  await op.execute("CREATE TABLE IF NOT EXISTS audit.log (id int)");
}
export async function downgrade(): Promise<void> {}
`;

let shadow: ShadowServer;
let project: Project;

beforeAll(async () => {
  project = await openProject({ cwd: exampleProject(), env: {} });
  shadow = await startShadow(project);
}, 120_000);

afterAll(async () => {
  await shadow?.stop();
});

async function schemaAfterRunner(p: Project): Promise<ReturnType<typeof introspect>> {
  const scripts = await loadScripts(p.config);
  const db = await shadow.freshDatabase();
  try {
    const result = await migrate(db, { graph: scripts.graph, modules: scripts.modules, direction: "up", target: "heads", verifyChecksums: false });
    expect(result.error).toBeUndefined();
    return await introspect(db, { schemas: ["public"] });
  } finally {
    await db.close();
  }
}

describe("replaying the history into the shadow database", () => {
  it("sends the whole history in one round trip, and gives the runner's schema and version", async () => {
    const scripts = await loadScripts(project.config);
    const fresh = await shadow.freshDatabase();
    const { db, calls } = counting(fresh);
    try {
      await replayHistory(db, scripts, ["heads"], ["public"]);
      // Reading the (missing) version table, then the script: 3 statements in the history make ~40.
      expect(calls()).toBeLessThanOrEqual(3);
      expect((await fresh.query("SELECT version_num FROM autogen_version")).rows).toEqual([{ version_num: THIRD }]);
      const replayed = await introspect(fresh, { schemas: ["public"] });
      expect(compare(await schemaAfterRunner(project), replayed).operations).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it("replays a history with an autocommit migration through the runner, to the same end", async () => {
    const p = await openProject({ cwd: exampleProject({ "migrations/cccc_index.ts": ADD_INDEX_CONCURRENTLY }), env: {} });
    const scripts = await loadScripts(p.config);
    const fresh = await shadow.freshDatabase();
    const { db, calls } = counting(fresh);
    try {
      await replayHistory(db, scripts, ["heads"], ["public"]);
      expect(calls()).toBeGreaterThan(3);
      expect((await fresh.query("SELECT version_num FROM autogen_version")).rows).toEqual([{ version_num: "cccc00000001" }]);
      expect((await fresh.query("SELECT to_regclass('\"IDX_task_logs_progress\"') IS NOT NULL AS present")).rows).toEqual([{ present: true }]);
    } finally {
      await fresh.close();
    }
  });

  it("replays a migration naming a tablespace the shadow database lacks through the runner, in the default tablespace", async () => {
    const p = await openProject({ cwd: exampleProject({ "migrations/eeee_tablespace.ts": INDEX_IN_MISSING_TABLESPACE }), env: {} });
    const scripts = await loadScripts(p.config);
    const db = await shadow.freshDatabase();
    try {
      await replayHistory(db, scripts, ["heads"], ["public"]);
      expect((await db.query("SELECT version_num FROM autogen_version")).rows).toEqual([{ version_num: "eeee00000001" }]);
      const { rows } = await db.query("SELECT reltablespace::int AS ts FROM pg_class WHERE relname = 'IDX_189c55b706b4ecfbe80465f06b'");
      expect(rows).toEqual([{ ts: 0 }]);
    } finally {
      await db.close();
    }
  });

  it("a failing history is reported by the runner, naming the revision and the statement", async () => {
    const p = await openProject({ cwd: exampleProject({ "migrations/dddd_fails.ts": FAILING }), env: {} });
    const scripts = await loadScripts(p.config);
    const db = await shadow.freshDatabase();
    try {
      const error = await replayHistory(db, scripts, ["heads"], ["public"]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ShadowReplayError);
      expect((error as Error).message).toContain("dddd00000001");
      expect((error as Error).message).toContain('column "progress" of relation "task_logs" already exists');
      // The runner applied what precedes the failing migration, as `upgrade` would.
      expect((await db.query("SELECT version_num FROM autogen_version")).rows).toEqual([{ version_num: THIRD }]);
    } finally {
      await db.close();
    }
  });
});

describe("autogen test (runMigrationChecks)", () => {
  it("starts the embedded server once for all its checks", async () => {
    const before = serverStats.starts;
    const results = await runMigrationChecks(project);
    expect(results.map((r) => [r.name, r.ok, r.message])).toEqual([
      ["has exactly one head", true, null],
      ["upgrades from base to head", true, null],
      ["entities match the schema at head", true, null],
      ["every downgrade undoes its upgrade (up/down consistency, no trace left)", true, null],
    ]);
    expect(serverStats.starts).toBe(before + 1);
  }, 120_000);

  it("passes with a migration naming a tablespace the throwaway database lacks", async () => {
    const p = await openProject({ cwd: exampleProject({ "migrations/eeee_tablespace.ts": INDEX_IN_MISSING_TABLESPACE }), env: {} });
    const results = await runMigrationChecks(p);
    expect(results.filter((r) => !r.ok)).toEqual([]);
  }, 120_000);

  it("fails a downgrade that leaves behind a schema no entity or revision compares", async () => {
    const p = await openProject({ cwd: exampleProject({ "migrations/eeee_audit.ts": LEAVES_A_SCHEMA }), env: {} });
    const failed = (await runMigrationChecks(p)).filter((r) => !r.ok);
    expect(failed.map((r) => r.name)).toEqual(["every downgrade undoes its upgrade (up/down consistency, no trace left)"]);
    expect(failed[0]!.message).toContain("at revision eeee00000002");
    expect(failed[0]!.message).toContain('await op.createSchema("audit");');
    expect(failed[0]!.message).toContain('await op.createTable({ schema: "audit", name: "log" }');
  }, 120_000);
});
