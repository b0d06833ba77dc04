/**
 * Zero-setup: with no database server configured at all, `--shadow` replays the history into a throwaway
 * embedded database for `check` and `-m`; `autogen test` checks a history and names the revision
 * whose downgrade leaves a trace.
 */
import fs from "node:fs";
import path from "node:path";
import { cli, migrationFiles, NOTE_ENTITY, NOTE_ENTITY_WITH_BODY, tempProject } from "./cli-support";
import { createTestDatabase } from "../support/test-db";

const noServer = { DATABASE_URL: undefined };
const config = JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations" });

describe("shadow mode, with no database server", () => {
  it("check --shadow: 0 in sync, 1 listing the ops after an entity change; -m --shadow then brings it back to 0", async () => {
    const dir = tempProject({ "autogen.config.json": config, "entities/note.ts": NOTE_ENTITY });
    const first = await cli(["-m", "create notes", "--shadow"], dir, noServer);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(migrationFiles(dir)).toHaveLength(1);

    const inSync = await cli(["check", "--shadow"], dir, noServer);
    expect(inSync.code).toBe(0);
    expect(inSync.stdout).toBe("No changes in schema detected.\n");

    fs.writeFileSync(path.join(dir, "entities/note.ts"), NOTE_ENTITY_WITH_BODY);
    const drift = await cli(["check", "--shadow"], dir, noServer);
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain("Detected added column 'public.notes.body'");
    expect(drift.stdout).toContain('op.addColumn("notes", { name: "body", type: "text" })');

    const second = await cli(["-m", "add body", "--shadow"], dir, noServer);
    expect(second.code).toBe(0);
    expect(migrationFiles(dir)).toHaveLength(2);
    expect((await cli(["check", "--shadow"], dir, noServer)).code).toBe(0);
    // Shadow databases are throwaway: nothing was kept in the project.
    expect(fs.existsSync(path.join(dir, ".autogen", "pgdata"))).toBe(false);
  });
});

describe("autogen test", () => {
  it("passes on a sound history and fails naming the revision whose downgrade forgets a column", async () => {
    const dir = tempProject({ "autogen.config.json": config, "entities/note.ts": NOTE_ENTITY });
    expect((await cli(["-m", "create notes", "--shadow", "--rev-id", "aaa111"], dir, noServer)).code).toBe(0);
    fs.writeFileSync(path.join(dir, "entities/note.ts"), NOTE_ENTITY_WITH_BODY);
    expect((await cli(["-m", "add body", "--shadow", "--rev-id", "bbb222"], dir, noServer)).code).toBe(0);

    const ok = await cli(["test"], dir, noServer);
    expect(ok.stdout).toContain("PASS  has exactly one head");
    expect(ok.stdout).toContain("PASS  every downgrade undoes its upgrade");
    expect(ok.stdout).toContain("4 passed, 0 failed");
    expect(ok.code).toBe(0);

    // Break the downgrade of bbb222: it no longer drops the column it added.
    const file = path.join(dir, "migrations", migrationFiles(dir).find((f) => f.includes("add_body"))!);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('await op.dropColumn("notes", "body");', ""));
    const broken = await cli(["test"], dir, noServer);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("FAIL  every downgrade undoes its upgrade");
    expect(broken.stdout).toContain("at revision bbb222");
    expect(broken.stdout).toContain('op.addColumn("notes", { name: "body", type: "text" })');
    expect(broken.stdout).toContain("3 passed, 1 failed");
  });

  it("runs on a given PostgreSQL 15 database when it is empty, and refuses one that is not", async () => {
    const db = await createTestDatabase("kit");
    try {
      const dir = tempProject({ "autogen.config.json": config, "entities/note.ts": NOTE_ENTITY });
      expect((await cli(["-m", "create notes", "--shadow"], dir, noServer)).code).toBe(0);
      const ok = await cli(["test", "--url", db.url], dir, noServer);
      expect(ok.stdout).toContain("4 passed, 0 failed");
      expect(ok.code).toBe(0);
      await db.query("CREATE TABLE precious (id int)");
      const refused = await cli(["test", "--url", db.url], dir, noServer);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain("is not empty");
      expect(await db.query("SELECT count(*)::int AS n FROM precious")).toEqual([{ n: 0 }]);
    } finally {
      await db.drop();
    }
  });
});
