/**
 * The migration lock (waiting, timing out, naming the holder) and the version table's row changes:
 * pure for merges and branches, on the server for a custom location and for a table changed mid-run.
 */
import type { Database } from "../../src/db/database";
import { advisoryLockKey, withMigrationLock } from "../../src/runner/advisory-lock";
import { migrate } from "../../src/runner/runner";
import {
  MigrationLockTimeoutError,
  VersionTableConflictError,
} from "../../src/runner/runner-errors";
import {
  headChanges,
  headChangeStatements,
  versionTableConfig,
} from "../../src/runner/version-table";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import {
  connect,
  loadMigrations,
  versionRows,
  removeMigrationDirs,
  writeMigrations,
} from "./support/migrations";

describe("headChanges", () => {
  test("a step up or down is an UPDATE, a merge also DELETEs, a new branch INSERTs", () => {
    expect(headChanges(["a"], ["b"])).toEqual([{ kind: "update", from: "a", to: "b" }]);
    expect(headChanges([], ["a"])).toEqual([{ kind: "insert", id: "a" }]);
    expect(headChanges(["b", "c"], ["d"])).toEqual([
      { kind: "update", from: "b", to: "d" },
      { kind: "delete", id: "c" },
    ]);
    expect(headChanges(["d"], ["b", "c"])).toEqual([
      { kind: "update", from: "d", to: "b" },
      { kind: "insert", id: "c" },
    ]);
    expect(headChanges(["a", "x"], ["a", "y"])).toEqual([{ kind: "update", from: "x", to: "y" }]);
    expect(headChanges(["a"], [])).toEqual([{ kind: "delete", id: "a" }]);
  });

  test("offline statements quote the table and the values", () => {
    const config = versionTableConfig({ schema: "meta", table: "Versions" });
    expect(headChangeStatements(["b", "c"], ["it's"], config)).toEqual([
      `UPDATE "meta"."Versions" SET "version_num" = 'it''s' WHERE "version_num" = 'b'`,
      `DELETE FROM "meta"."Versions" WHERE "version_num" = 'c'`,
    ]);
  });

  test("the lock key is a stable signed 64-bit number per version table", () => {
    const key = advisoryLockKey(versionTableConfig());
    expect(key).toMatch(/^-?\d+$/);
    expect(BigInt(key) >= -(2n ** 63n) && BigInt(key) < 2n ** 63n).toBe(true);
    expect(advisoryLockKey(versionTableConfig())).toBe(key);
    expect(advisoryLockKey(versionTableConfig({ table: "other_version" }))).not.toBe(key);
  });
});

describe("on the server", () => {
  let testDb: TestDatabase;
  let db: Database;
  let other: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase("runlock");
    db = await connect(testDb.url);
    other = await connect(testDb.url);
  });

  afterAll(async () => {
    await db.close();
    await other.close();
    await testDb.drop();
  });

  test("a run waits for the lock, and gives up after lockTimeoutMs naming the holder", async () => {
    const { graph, modules } = await loadMigrations(
      writeMigrations([
        { id: "a1", down: null, upgrade: `await op.execute("CREATE TABLE locked (id int)");` },
      ]),
    );
    const config = versionTableConfig();
    const { rows } = await other.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    const holder = rows[0]!.pid;
    const waits: (number | null)[] = [];
    let release: () => void = () => undefined;
    const held = withMigrationLock(
      other,
      config,
      () => new Promise<void>((resolve) => (release = resolve)),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));

    const error = await migrate(db, {
      graph,
      modules,
      direction: "up",
      target: "head",
      lockTimeoutMs: 300,
      onEvent: (e) => (e.kind === "lockWait" ? waits.push(e.holderPid) : undefined),
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MigrationLockTimeoutError);
    expect((error as Error).message).toContain(`held by the session with process id ${holder}`);
    expect(waits).toEqual([holder]);

    const waiting = migrate(db, { graph, modules, direction: "up", target: "head" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await versionRows(other).catch(() => "no table")).toBe("no table");
    release();
    await held;
    expect((await waiting).results.map((r) => r.status)).toEqual(["applied"]);
    expect(await versionRows(db)).toEqual(["a1"]);
  });

  test("the version table can live elsewhere, under another name", async () => {
    await db.exec("CREATE SCHEMA meta");
    const { graph, modules } = await loadMigrations(
      writeMigrations([
        { id: "m1", down: null, upgrade: `await op.execute("CREATE TABLE elsewhere (id int)");` },
      ]),
    );
    const versionTable = { schema: "meta", table: "versions", checksumTable: "sums" };
    const result = await migrate(db, {
      graph,
      modules,
      direction: "up",
      target: "head",
      versionTable,
    });
    expect(result.heads).toEqual(["m1"]);
    expect(await versionRows(db, '"meta"."versions"')).toEqual(["m1"]);
    const { rows } = await db.query<{ v: string }>("SELECT version_num::text AS v FROM meta.sums");
    expect(rows).toEqual([{ v: "m1" }]);
  });

  test("the version table's schema is created where missing, and only looked up where it exists (no CREATE on the database needed)", async () => {
    const { graph, modules } = await loadMigrations(
      writeMigrations([
        { id: "k1", down: null, upgrade: "" },
        { id: "k2", down: "k1", upgrade: "" },
      ]),
    );
    // As `public` is missing from a hardened database that dropped it.
    const versionTable = { schema: "kept", table: "versions", checksumTable: "sums" };
    const first = await migrate(db, { graph, modules, direction: "up", target: "k1", versionTable });
    expect(first.error).toBeUndefined();
    expect(await versionRows(db, '"kept"."versions"')).toEqual(["k1"]);

    const role = `${testDb.name}_runner`;
    await db.exec(`CREATE ROLE "${role}" LOGIN; GRANT USAGE, CREATE ON SCHEMA kept TO "${role}"; GRANT ALL ON ALL TABLES IN SCHEMA kept TO "${role}"`);
    const url = new URL(testDb.url);
    url.username = role;
    url.password = "";
    const unprivileged = await connect(url.toString());
    try {
      const next = await migrate(unprivileged, { graph, modules, direction: "up", target: "head", versionTable });
      expect(next.error).toBeUndefined();
      expect(await versionRows(db, '"kept"."versions"')).toEqual(["k2"]);
    } finally {
      await unprivileged.close();
      await db.exec(`DROP OWNED BY "${role}"; DROP ROLE "${role}"`);
    }
  });

  test("a redundant row (an ancestor of another row) gives way to the first change instead of staying", async () => {
    const { graph, modules } = await loadMigrations(
      writeMigrations([
        { id: "w1", down: null, upgrade: "" },
        { id: "w2", down: "w1", upgrade: "" },
        { id: "w3", down: "w2", upgrade: "" },
      ]),
    );
    const versionTable = { table: "wt", checksumTable: "wt_sums" };
    const run = (direction: "up" | "down", target: string) =>
      migrate(db, { graph, modules, direction, target, versionTable });
    await run("up", "w2");
    await db.exec("INSERT INTO wt VALUES ('w1')");
    expect((await run("up", "w3")).heads).toEqual(["w3"]);
    expect(await versionRows(db, '"public"."wt"')).toEqual(["w3"]);

    await db.exec("INSERT INTO wt VALUES ('w1')");
    const down = await run("down", "base");
    expect(down.error).toBeUndefined();
    expect(down.results.map((r) => r.status)).toEqual(["applied", "applied", "applied"]);
    expect(await versionRows(db, '"public"."wt"')).toEqual([]);
  });

  test("a version table changed during the run stops the run with the migration rolled back", async () => {
    const { graph, modules } = await loadMigrations(
      writeMigrations([
        { id: "v1", down: null, upgrade: `await op.execute("CREATE TABLE v_one (id int)");` },
        {
          id: "v2",
          down: "v1",
          upgrade: `await op.execute("CREATE TABLE v_two (id int)");\nawait op.execute("DELETE FROM vt");`,
        },
      ]),
    );
    const versionTable = { table: "vt", checksumTable: "vt_sums" };
    await migrate(db, { graph, modules, direction: "up", target: "v1", versionTable });
    const result = await migrate(db, {
      graph,
      modules,
      direction: "up",
      target: "head",
      versionTable,
    });
    expect(result.results.map((r) => r.status)).toEqual(["failed"]);
    expect(result.error!.cause).toBeInstanceOf(VersionTableConflictError);
    expect(result.error!.message).toContain('did not hold the row "v1"');
    expect(await versionRows(db, '"public"."vt"')).toEqual(["v1"]);
    const { rows } = await db.query("SELECT to_regclass('v_two') AS t");
    expect(rows).toEqual([{ t: null }]);
  });
});

afterAll(removeMigrationDirs);
