/**
 * A history that puts objects in a tablespace (as one generated from a database keeping them there does)
 * run by migrate() on a database without that tablespace, on PostgreSQL 15 and on PGlite: each migration
 * applies, what it would put there lands in the database's default tablespace, the run warns once per
 * missing name (through the logger and a `tablespaceMissing` event), and the downgrade works the same way.
 * Where the tablespace exists, everything lands in it and nothing is said. Placement is read back from
 * pg_class.
 */
import { CountingQueryable } from "../../src/introspect/counting-queryable";
import type { Database } from "../../src/db/database";
import { openEphemeral } from "../../src/db/pglite";
import type { Operation } from "../../src/ops/operation";
import type { RunnerEvent } from "../../src/runner/run-events";
import { missingTablespaceFilter } from "../../src/runner/missing-tablespaces";
import { migrate } from "../../src/runner/runner";
import type { ScriptDirectory } from "../../src/revision/script-directory";
import { index, ref } from "../support/model-builders";
import { createTablespace, tablespaceName, tablespacesIn, type TestTablespace } from "../support/tablespace";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { connect, loadMigrations, memoryLogger, removeMigrationDirs, writeMigrations, type MigrationSpec } from "./support/migrations";

/** A table with its key and an index in `ts`; then the index created again, a unique key (in a batch) and a materialized view there. */
function history(ts: string): MigrationSpec[] {
  return [
    {
      id: "a1",
      down: null,
      message: "events on the old disk",
      upgrade: `
        await op.createTable("events", {
          columns: [{ name: "id", type: "integer", nullable: false }, { name: "a", type: "integer" }],
          primaryKey: { name: "events_pkey", columns: ["id"], tablespace: "${ts}" },
          tablespace: "${ts}",
        });
        await op.createIndex("events", { name: "events_a_idx", keys: ["a"], tablespace: "${ts}" });`,
      downgrade: `await op.dropTable("events");`,
    },
    {
      id: "b2",
      down: "a1",
      message: "more on the old disk",
      upgrade: `
        await op.dropIndex("events", "events_a_idx");
        await op.createIndex("events", { name: "events_a_idx", keys: ["a", "id"], tablespace: "${ts}" });
        await op.batchAlterTable("events", (batch) => {
          batch.addColumn({ name: "b", type: "integer" });
          batch.addUnique({ name: "events_b_key", columns: ["b"], tablespace: "${ts}" });
        });
        await op.createView("event_ids", { definition: "SELECT id FROM events", materialized: true, tablespace: "${ts}" });`,
      downgrade: `
        await op.dropView("event_ids", { materialized: true });
        await op.batchAlterTable("events", (batch) => {
          batch.dropConstraint("events_b_key");
          batch.dropColumn("b");
        });
        await op.dropIndex("events", "events_a_idx");
        await op.createIndex("events", { name: "events_a_idx", keys: ["a"], tablespace: "${ts}" });`,
    },
  ];
}

/** The relations of the history, each in `tablespace` ("-": the database's default). */
function placed(tablespace: string, upgraded: boolean): Record<string, string> {
  const names = ["events", "events_pkey", "events_a_idx", ...(upgraded ? ["events_b_key", "event_ids"] : [])];
  return Object.fromEntries(names.map((name) => [`public.${name}`, tablespace]));
}

/** Where each relation of `db` is, by pg_class, but the runner's own tables. */
async function placement(db: Database): Promise<Record<string, string>> {
  const { rows } = await db.query<{ relation: string; tablespace: string }>(
    `SELECT 'public.' || c.relname::text AS relation, COALESCE(t.spcname::text, '-') AS tablespace
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_tablespace t ON t.oid = c.reltablespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'i', 'I', 'm') AND c.relname NOT LIKE 'autogen\\_%'`,
  );
  return Object.fromEntries(rows.map((row) => [row.relation, row.tablespace]));
}

interface Run {
  readonly error: string | undefined;
  readonly warnings: readonly string[];
  readonly missing: readonly string[];
  readonly statements: readonly string[];
}

async function run(db: Database, scripts: ScriptDirectory, direction: "up" | "down", target: string): Promise<Run> {
  const logger = memoryLogger();
  const events: RunnerEvent[] = [];
  const result = await migrate(db, { graph: scripts.graph, modules: scripts.modules, direction, target, logger, onEvent: (e) => events.push(e) });
  return {
    error: result.error?.message,
    warnings: logger.warnings,
    missing: events.flatMap((e) => (e.kind === "tablespaceMissing" ? [`${e.revision.id} ${e.tablespace}`] : [])),
    statements: events.flatMap((e) => (e.kind === "statement" ? [e.sql] : [])),
  };
}

/** The whole history up, one back, up again and down to base on `db`, where `ts` is missing. */
async function expectDefaultPlacement(db: Database, ts: string): Promise<void> {
  const scripts = await loadMigrations(writeMigrations(history(ts)));
  const warning = `Tablespace "${ts}" (named by migration "a1") does not exist in this database: what the migrations put there is created in the database's default tablespace instead.`;

  const up = await run(db, scripts, "up", "head");
  expect(up.error).toBeUndefined();
  expect(await placement(db)).toEqual(placed("-", true));
  expect(up.warnings).toEqual([warning]);
  expect(up.missing).toEqual([`a1 ${ts}`]);
  expect(up.statements.filter((sql) => sql.includes("TABLESPACE"))).toEqual([]);

  const back = await run(db, scripts, "down", "-1");
  expect(back.error).toBeUndefined();
  expect(await placement(db)).toEqual(placed("-", false));
  expect(back.missing).toEqual([`b2 ${ts}`]);

  const again = await run(db, scripts, "up", "head");
  expect(again.error).toBeUndefined();
  expect(again.missing).toEqual([`b2 ${ts}`]);
  const base = await run(db, scripts, "down", "base");
  expect(base.error).toBeUndefined();
  expect(base.missing).toEqual([`b2 ${ts}`]); // its downgrade creates the old index again
  expect(await placement(db)).toEqual({});
}

afterAll(removeMigrationDirs);

describe("on PostgreSQL 15", () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase("runner_tablespaces");
    db = await connect(testDb.url);
  });

  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it("a migration naming a tablespace the database lacks puts its objects in the default one, warns once, and downgrades", async () => {
    await expectDefaultPlacement(db, tablespaceName("ts_missing"));
  });

  describe("where the tablespace exists", () => {
    let ts: TestTablespace;

    beforeAll(async () => {
      ts = await createTablespace(tablespaceName("runner_ts"));
    });

    afterAll(async () => {
      await ts?.drop();
    });

    it("puts the objects in it, the downgrade's too, and says nothing", async () => {
      const scripts = await loadMigrations(writeMigrations(history(ts.name)));
      const up = await run(db, scripts, "up", "head");
      expect(up.error).toBeUndefined();
      expect(up.warnings).toEqual([]);
      expect(up.missing).toEqual([]);
      expect(await tablespacesIn(testDb.url, ["public"])).toMatchObject(placed(ts.name, true));

      const back = await run(db, scripts, "down", "-1");
      expect(back.error).toBeUndefined();
      expect(back.warnings).toEqual([]);
      expect(await placement(db)).toEqual(placed(ts.name, false));
      expect((await run(db, scripts, "down", "base")).error).toBeUndefined();
    });

    it("a tablespace created by raw SQL after the filter found it missing is found, so later ops keep it", async () => {
      const later = tablespaceName("later_ts");
      const filter = missingTablespaceFilter(db);
      const createIndex: Operation = { kind: "createIndex", table: ref("t"), index: index("t_a", ["a"], { tablespace: later }) };
      const missing: string[] = [];
      expect(await filter(createIndex, (name) => missing.push(name))).not.toHaveProperty("index.tablespace");
      // The test creates it itself (CREATE TABLESPACE needs a directory); the run learns of it from raw SQL.
      const created = await createTablespace(later);
      try {
        expect(await filter({ kind: "execute", sql: "SELECT 1" }, () => undefined)).toEqual({ kind: "execute", sql: "SELECT 1" });
        expect(await filter(createIndex, (name) => missing.push(name))).toBe(createIndex);
        expect(missing).toEqual([later]);
      } finally {
        await created.drop();
      }
    });

    it("reads pg_tablespace once for many ops naming a missing tablespace, and again only after raw SQL", async () => {
      const counting = new CountingQueryable(db);
      const filter = missingTablespaceFilter(counting);
      const ops = [...Array(50).keys()].map((i): Operation => ({
        kind: "createIndex",
        table: ref("t"),
        index: index(`t_a${i}`, ["a"], { tablespace: "ts_nowhere" }),
      }));
      for (const op of ops) await filter(op, () => undefined);
      expect(counting.count).toBe(1);
      await filter({ kind: "execute", sql: "SELECT 1" }, () => undefined);
      await filter(ops[0]!, () => undefined);
      expect(counting.count).toBe(2);
    });
  });
});

describe("on PGlite", () => {
  let db: Database;

  beforeAll(async () => {
    db = await openEphemeral();
  }, 60_000);

  afterAll(async () => {
    await db?.close();
  });

  it("a migration naming a tablespace PGlite lacks puts its objects in the default one, warns once, and downgrades", async () => {
    await expectDefaultPlacement(db, "ts_missing");
  }, 60_000);
});
