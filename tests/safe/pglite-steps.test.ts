/**
 * The lock-safe form on the embedded database (PGlite, no server): every kind at once applies in steps and
 * downgrades, as on PostgreSQL 15 (there is no second connection, so no blocker is named, and nothing waits).
 */
import path from "node:path";
import { openProject } from "../../src/api/project";
import { downgrade, upgrade } from "../../src/api/migrate";
import { tempProject } from "../cli/cli-support";
import { ALL_KINDS, BASE_MIGRATION, migrationFile, writeAsJavaScript } from "./lock-safe-support";

describe("the lock-safe form on PGlite", () => {
  it("applies every kind at once in steps, and downgrades", async () => {
    const dir = tempProject({ "autogen.config.json": JSON.stringify({ migrations: "migrations", embedded: true }) });
    writeAsJavaScript(path.join(dir, "migrations", "base0.ts"), BASE_MIGRATION);
    await migrationFile(dir, "all_safe", ALL_KINDS, { lockTimeout: "2s" });
    const project = await openProject({ cwd: dir, env: {} });
    const up = await upgrade(project, "head");
    expect(up.mode === "online" && up.result.error?.message).toBeFalsy();
    const db = await project.connect();
    try {
      const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM items WHERE note IS NULL");
      expect(rows[0]!.n).toBe(0);
      const { rows: valid } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_index WHERE NOT indisvalid");
      expect(valid[0]!.n).toBe(0);
    } finally {
      await db.close();
    }
    const down = await downgrade(project, "base0");
    expect(down.mode === "online" && down.result.error?.message).toBeFalsy();
  }, 300_000);
});
