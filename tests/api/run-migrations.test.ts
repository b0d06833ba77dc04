/**
 * The start-up use case: an application calls `runMigrations()` when it boots. It applies what is pending,
 * reports a result per migration through the logger, and on a failure returns the error (naming revision,
 * file and statement) instead of throwing half-way, with the database left at the last good revision.
 */
import { runMigrations } from "../../src";
import { createTestDatabase } from "../support/test-db";
import { tempProject } from "../cli/cli-support";

const mig = (rev: string, down: string | null, sql: string) => `
exports.revision = ${JSON.stringify(rev)};
exports.downRevision = ${JSON.stringify(down)};
exports.upgrade = async (op) => { ${sql} };
exports.downgrade = async () => {};
`;

describe("runMigrations (application start-up)", () => {
  it("applies pending migrations, logs each, and returns a result per migration; a second start does nothing", async () => {
    const db = await createTestDatabase("boot");
    try {
      const dir = tempProject({
        "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
        "migrations/a.js": mig("aaa111", null, `await op.execute("CREATE TABLE boot (id int)");`),
        "migrations/b.js": mig("bbb222", "aaa111", `await op.bulkInsert("boot", [{ id: 1 }, { id: 2 }]);`),
      });
      const lines: string[] = [];
      const logger = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(`WARN ${m}`) };
      const first = await runMigrations({ cwd: dir, logger });
      expect(first.error).toBeUndefined();
      expect(first.results.map((r) => [r.revision, r.status])).toEqual([
        ["aaa111", "applied"],
        ["bbb222", "applied"],
      ]);
      expect(first.heads).toEqual(["bbb222"]);
      expect(lines.filter((l) => l.startsWith("Running upgrade"))).toHaveLength(2);
      expect(await db.query("SELECT id FROM boot ORDER BY id")).toEqual([{ id: 1 }, { id: 2 }]);

      const second = await runMigrations({ cwd: dir, logger });
      expect(second.results).toEqual([]);
      expect(second.heads).toEqual(["bbb222"]);
    } finally {
      await db.drop();
    }
  });

  it("returns a failing migration's error instead of throwing, with the database at the last good revision", async () => {
    const db = await createTestDatabase("boot");
    try {
      const dir = tempProject({
        "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
        "migrations/a.js": mig("aaa111", null, `await op.execute("CREATE TABLE boot (id int)");`),
        "migrations/b.js": mig("bbb222", "aaa111", `await op.execute("ALTER TABLE boot ADD COLUMN x int"); await op.execute("SELECT * FROM missing_table");`),
      });
      const result = await runMigrations({ cwd: dir });
      expect(result.results.map((r) => [r.revision, r.status])).toEqual([
        ["aaa111", "applied"],
        ["bbb222", "failed"],
      ]);
      expect(result.heads).toEqual(["aaa111"]);
      expect(result.error?.message).toContain("bbb222");
      expect(result.error?.message).toContain("b.js");
      expect(result.error?.message).toContain("SELECT * FROM missing_table");
      expect(result.error?.message).toContain('relation "missing_table" does not exist');
      const columns = await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'boot'`);
      expect(columns).toEqual([{ column_name: "id" }]);
    } finally {
      await db.drop();
    }
  });
});
