/**
 * The name of the temporary check through which the lock-safe form sets NOT NULL (src/safe/safe-form.ts).
 * It was `<table>_<column>_not_null`, the name PostgreSQL 18 gives a NOT NULL constraint: where the table
 * already had a constraint of that name (one 18 named before a rename of its column, or a user's), the
 * check could not be added ("already exists"); where it had none, 18 numbered the NOT NULL that
 * `SET NOT NULL` made beside the check `<table>_<column>_not_null1`, unlike the plain form's. Past 63 bytes
 * it was cut to 20 bytes of the table and column names, the same for two long columns of one table.
 * Run on PostgreSQL 15 (the clash by a constraint made beforehand) and on PGlite, which is PostgreSQL 18.
 */
import path from "node:path";
import { openProject } from "../../src/api/project";
import { downgrade, upgrade } from "../../src/api/migrate";
import type { Database } from "../../src/db/database";
import { notNullCheckName } from "../../src/safe/safe-form";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { tempProject } from "../cli/cli-support";
import { BASE_MIGRATION, KINDS, migrationFile, writeAsJavaScript } from "./lock-safe-support";

describe("notNullCheckName", () => {
  const table = { schema: "public", name: "items" };

  it("ends in no label PostgreSQL gives the constraints it names", () => {
    expect(notNullCheckName(table, "code")).toBe("items_code_nn_autogen");
    expect(notNullCheckName(table, "code")).not.toMatch(/_(not_null|check|key|fkey|pkey|excl)\d*$/);
  });

  it("stays within 63 bytes, never cut inside a character, and differs for long columns that share a beginning", () => {
    const a = notNullCheckName(table, `${"c".repeat(60)}_a`);
    const b = notNullCheckName(table, `${"c".repeat(60)}_b`);
    expect(a).not.toBe(b);
    for (const name of [a, b, notNullCheckName({ schema: "public", name: "日".repeat(30) }, "列")]) {
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
      expect(name).toMatch(/_[0-9a-f]{8}_nn_autogen$/);
      expect(Buffer.from(name).toString()).toBe(name);
    }
  });
});

/**
 * base0, then the statements `prepare`, then the lock-safe SET NOT NULL of items.code: applied, read, downgraded.
 * The database is opened for each look only: the embedded one takes one connection at a time.
 */
async function setNotNullSafely(
  config: Record<string, unknown>,
  prepare: readonly string[],
): Promise<{ version: number; constraints: Array<{ conname: string; contype: string }>; notNull: boolean }> {
  const dir = tempProject({ "autogen.config.json": JSON.stringify({ migrations: "migrations", ...config }) });
  writeAsJavaScript(path.join(dir, "migrations", "base0.ts"), BASE_MIGRATION);
  const project = await openProject({ cwd: dir, env: {} });
  const withDb = async <T>(fn: (db: Database) => Promise<T>): Promise<T> => {
    const db = await project.connect();
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };
  const notNull = (db: Database) =>
    db.query<{ attnotnull: boolean }>("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'code'");
  const base = await upgrade(project, "head");
  expect(base.mode === "online" && base.result.error?.message).toBeFalsy();
  const version = await withDb(async (db) => {
    for (const statement of prepare) await db.query(statement);
    await db.query("UPDATE items SET code = 'c' WHERE code IS NULL");
    return (await db.query<{ v: number }>("SELECT current_setting('server_version_num')::int AS v")).rows[0]!.v;
  });
  await migrationFile(dir, "nn_safe", KINDS["set not null"]!, { lockTimeout: "2s" });
  const up = await upgrade(project, "head");
  expect(up.mode === "online" && up.result.error?.message).toBeFalsy();
  const read = await withDb(async (db) => ({
    constraints: (
      await db.query<{ conname: string; contype: string }>(
        "SELECT conname::text, contype::text FROM pg_constraint WHERE conrelid = 'items'::regclass AND contype IN ('c', 'n') ORDER BY 1",
      )
    ).rows,
    notNull: (await notNull(db)).rows[0]!.attnotnull,
  }));
  const down = await downgrade(project, "base0");
  expect(down.mode === "online" && down.result.error?.message).toBeFalsy();
  expect(await withDb(async (db) => (await notNull(db)).rows[0]!.attnotnull)).toBe(false);
  return { version, ...read };
}

describe("the lock-safe SET NOT NULL beside a constraint named <table>_<column>_not_null", () => {
  let pg: TestDatabase;
  beforeAll(async () => {
    pg = await createTestDatabase("nncheck");
  });
  afterAll(async () => {
    await pg.drop();
  });

  it("PostgreSQL 15: applies, keeps that constraint, and downgrades", async () => {
    const result = await setNotNullSafely({ databaseUrl: pg.url }, ["ALTER TABLE items ADD CONSTRAINT items_code_not_null CHECK (code <> '')"]);
    expect(result).toEqual({ version: expect.any(Number), constraints: [{ conname: "items_code_not_null", contype: "c" }], notNull: true });
  }, 120_000);

  it("PGlite (PostgreSQL 18): a NOT NULL left by a renamed column, applies and downgrades", async () => {
    const result = await setNotNullSafely(
      { embedded: { engine: "pglite" } },
      // 18 names the NOT NULL of a column items_code_not_null, and keeps the name through a rename.
      ["ALTER TABLE items ALTER code SET NOT NULL", "ALTER TABLE items RENAME code TO old_code", "ALTER TABLE items ADD code text"],
    );
    expect(result).toEqual({
      version: expect.any(Number),
      constraints: [
        { conname: "items_code_not_null", contype: "n" },
        { conname: "items_code_not_null1", contype: "n" },
        { conname: "items_id_not_null", contype: "n" },
      ],
      notNull: true,
    });
    expect(result.version).toBeGreaterThanOrEqual(180000);
  }, 300_000);

  it("PGlite (PostgreSQL 18): the NOT NULL the safe form makes has the plain form's name", async () => {
    const result = await setNotNullSafely({ embedded: { engine: "pglite" } }, []);
    expect(result.version).toBeGreaterThanOrEqual(180000);
    expect(result.constraints).toEqual([
      { conname: "items_code_not_null", contype: "n" },
      { conname: "items_id_not_null", contype: "n" },
    ]);
  }, 300_000);
});
