/**
 * The lock-safe SET NOT NULL applied, read and downgraded on a database a configuration names, for
 * not-null-check-name.db.test.ts (PostgreSQL 15) and not-null-check-name-pglite.test.ts (PGlite).
 */
import path from "node:path";
import { openProject } from "../../src/api/project";
import { downgrade, upgrade } from "../../src/api/migrate";
import type { Database } from "../../src/db/database";
import { tempProject } from "../cli/cli-support";
import { BASE_MIGRATION, KINDS, migrationFile, writeAsJavaScript } from "./lock-safe-support";

/**
 * base0, then the statements `prepare`, then the lock-safe SET NOT NULL of items.code: applied, read, downgraded.
 * The database is opened for each look only: the embedded one takes one connection at a time.
 */
export async function setNotNullSafely(
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
