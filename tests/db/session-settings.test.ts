/**
 * Every session pg-autogen opens pins what its SQL relies on, whatever the database's or role's defaults:
 * `standard_conforming_strings = on`, `client_encoding = UTF8`, `array_nulls = on`, `lc_monetary = C` and
 * `extra_float_digits = 3` (a float's text reads back as the same value: rebuilds move values through text)
 * (PostgreSQL 15 and PGlite; a database with array_nulls off turned the migration's `'{NULL,a}'::text[]`
 * into an array holding the string "NULL", found probing server settings, 2026-12-06; lc_monetary:
 * tests/cli/money-locale.test.ts), and the
 * configured `lock_timeout` / `statement_timeout` (a server). A migration blocked on a lock gives up after
 * `lockTimeout` and rolls back; waiting for another instance's migration lock is exempt.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { loadConfig } from "../../src/config/load-config";
import { ConfigError } from "../../src/config/load-config";
import { connectPostgres } from "../../src/db/postgres";
import { sessionSetupSql } from "../../src/db/session-settings";
import { advisoryLockKey } from "../../src/runner/advisory-lock";
import { versionTableConfig } from "../../src/runner/version-table";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, tempProject } from "../cli/cli-support";

const settingsOf = async (db: { query: (sql: string) => Promise<{ rows: any[] }> }) =>
  (
    await db.query(
      "SELECT current_setting('standard_conforming_strings') AS scs, current_setting('client_encoding') AS enc, " +
        "current_setting('array_nulls') AS nulls, current_setting('lc_monetary') AS money, " +
        "current_setting('extra_float_digits') AS floats, " +
        "current_setting('lock_timeout') AS lock, current_setting('statement_timeout') AS stmt",
    )
  ).rows[0];

describe("sessions on a server whose defaults differ", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase("sess");
    await testDb.query(`ALTER DATABASE "${testDb.name}" SET standard_conforming_strings = off`);
    await testDb.query(`ALTER DATABASE "${testDb.name}" SET array_nulls = off`);
    await testDb.query(`ALTER DATABASE "${testDb.name}" SET extra_float_digits = 0`);
  });
  afterAll(async () => {
    await testDb.drop();
  });

  // (The pg driver always sends client_encoding = UTF8 in its start-up packet, so a database's
  // client_encoding never reaches a raw pg connection; the pin matters for PGlite and later SETs.)
  it("a raw connection really gets the database's default", async () => {
    const raw = new Client({ connectionString: testDb.url });
    await raw.connect();
    try {
      expect(await settingsOf(raw)).toMatchObject({ scs: "off", nulls: "off", floats: "0" });
      // What a rebuild's `col::text::type` does to a float under that setting.
      const { rows } = await raw.query("SELECT (0.1::float8 + 0.2::float8)::text::float8 = 0.1::float8 + 0.2::float8 AS same");
      expect(rows).toEqual([{ same: false }]);
    } finally {
      await raw.end();
    }
  });

  it("connectPostgres pins standard_conforming_strings, UTF8 and array_nulls, and sets the timeouts it is given", async () => {
    const plain = await connectPostgres(testDb.url);
    try {
      expect(await settingsOf(plain)).toEqual({ scs: "on", enc: "UTF8", nulls: "on", money: "C", floats: "3", lock: "0", stmt: "0" });
      const floats = await plain.query<{ same: boolean }>("SELECT (0.1::float8 + 0.2::float8)::text::float8 = 0.1::float8 + 0.2::float8 AS same");
      expect(floats.rows).toEqual([{ same: true }]);
      const { rows } = await plain.query<{ t: string }>("SELECT $1::text AS t", ["日本 ✓ a\\'b"]);
      expect(rows).toEqual([{ t: "日本 ✓ a\\'b" }]);
      const nulls = await plain.query<{ n: number }>("SELECT array_position('{NULL,a}'::text[], NULL) AS n");
      expect(nulls.rows).toEqual([{ n: 1 }]);
    } finally {
      await plain.close();
    }
    const timed = await connectPostgres(testDb.url, { settings: { lockTimeout: "250ms", statementTimeout: "1min" } });
    try {
      expect(await settingsOf(timed)).toEqual({ scs: "on", enc: "UTF8", nulls: "on", money: "C", floats: "3", lock: "250ms", stmt: "1min" });
    } finally {
      await timed.close();
    }
  });

  it("the offline header sets the same", () => {
    expect(sessionSetupSql({ lockTimeout: "5s" })).toBe(
      "SET standard_conforming_strings = on;\nSET client_encoding = 'UTF8';\nSET array_nulls = on;\nSET lc_monetary = 'C';\n" +
        "SET extra_float_digits = '3';\nSET lock_timeout = '5s';",
    );
  });
});

describe("lockTimeout and statementTimeout in the configuration", () => {
  it("accepts milliseconds and PostgreSQL durations, and refuses anything else with the key's name", async () => {
    const load = (config: object) =>
      loadConfig({ cwd: tempProject({ "autogen.config.json": JSON.stringify(config) }), env: {} });
    expect(await load({ lockTimeout: 5000, statementTimeout: "2 min" })).toMatchObject({
      lockTimeout: "5000ms",
      statementTimeout: "2 min",
    });
    expect(await load({})).toMatchObject({ lockTimeout: null, statementTimeout: null });
    for (const [config, key] of [
      [{ lockTimeout: -1 }, "lockTimeout"],
      [{ lockTimeout: 1.5 }, "lockTimeout"],
      [{ lockTimeout: "soon" }, "lockTimeout"],
      [{ statementTimeout: "5s'; DROP TABLE x; --" }, "statementTimeout"],
      [{ statementTimeout: true }, "statementTimeout"],
    ] as const) {
      const error = await load(config).catch((e) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toContain(`(key "${key}")`);
      expect(error.message).toContain('a duration such as "5s"');
    }
  });

  describe("on a server", () => {
    let testDb: TestDatabase;
    let dir: string;
    beforeAll(async () => {
      testDb = await createTestDatabase("sess_lock");
      await testDb.query("CREATE TABLE busy (id int)");
      dir = tempProject({
        // lockRetry: the default number of attempts (5), without the default waits between them (1, 2, 4 and
        // 8 s, 15 s in all; tests/runner/lock-retry.test.ts checks that schedule).
        "autogen.config.json": JSON.stringify({ lockTimeout: "300ms", statementTimeout: "1s", lockRetry: { delayMs: 1, maxDelayMs: 1 } }),
        "migrations/01_aaa.js": [
          'exports.revision = "aaa";',
          "exports.downRevision = null;",
          'exports.upgrade = async (op) => { await op.addColumn("busy", { name: "extra", type: "integer" }); };',
          'exports.downgrade = async (op) => { await op.dropColumn("busy", "extra"); };',
        ].join("\n"),
      });
    });
    afterAll(async () => {
      await testDb.drop();
    });

    it("a migration blocked on a table lock gives up after lockTimeout and leaves nothing applied", async () => {
      const holder = new Client({ connectionString: testDb.url });
      await holder.connect();
      try {
        await holder.query("BEGIN");
        await holder.query("LOCK TABLE busy IN ACCESS SHARE MODE");
        const started = Date.now();
        const up = await cli(["upgrade", "head"], dir, { DATABASE_URL: testDb.url });
        expect(up.code).toBe(1);
        expect(up.stderr).toMatch(/lock timeout/);
        expect(up.stderr).toContain("after 5 attempts");
        expect(Date.now() - started).toBeLessThan(20_000);
        await holder.query("ROLLBACK");
      } finally {
        await holder.end();
      }
      expect(await testDb.query("SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'busy'")).toEqual([{ n: 1 }]);
      expect(await testDb.query("SELECT version_num FROM autogen_version")).toEqual([]);
    });

    it("waiting for another instance's migration lock is not cut short by either timeout", async () => {
      const holder = new Client({ connectionString: testDb.url });
      await holder.connect();
      try {
        await holder.query("SELECT pg_advisory_lock($1::bigint)", [advisoryLockKey(versionTableConfig())]);
        const release = new Promise<void>((resolve) =>
          setTimeout(() => {
            void holder.query("SELECT pg_advisory_unlock_all()").then(() => resolve());
          }, 2000),
        );
        const up = await cli(["upgrade", "head"], dir, { DATABASE_URL: testDb.url });
        await release;
        expect(up.stderr).toBe("");
        expect(up.code).toBe(0);
      } finally {
        await holder.end();
      }
      expect(await testDb.query("SELECT version_num FROM autogen_version")).toEqual([{ version_num: "aaa" }]);
    });
  });
});

describe("the embedded database", () => {
  let workDir: string;
  beforeAll(() => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-sess-"));
  });
  afterAll(() => {
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it("pins standard_conforming_strings and array_nulls even when the data directory's database sets them off", async () => {
    const { openEmbedded } = await import("../../src/db/pglite");
    const dataDir = path.join(workDir, "pgdata");
    const first = await openEmbedded(dataDir);
    try {
      expect(await settingsOf(first)).toMatchObject({ scs: "on", enc: "UTF8", nulls: "on", money: "C" });
      await first.exec(
        "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET standard_conforming_strings = off', current_database()); " +
          "EXECUTE format('ALTER DATABASE %I SET array_nulls = off', current_database()); END $$",
      );
    } finally {
      await first.close();
    }
    const again = await openEmbedded(dataDir);
    try {
      expect(await settingsOf(again)).toMatchObject({ scs: "on", enc: "UTF8", nulls: "on", money: "C" });
      const { rows } = await again.query<{ t: string }>("SELECT 'a\\'::text AS t");
      expect(rows).toEqual([{ t: "a\\" }]);
    } finally {
      await again.close();
    }
  });
});
