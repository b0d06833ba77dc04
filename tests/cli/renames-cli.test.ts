/**
 * Without a terminal (CI, scripts), autogenerate never asks about renames: a renamed column is written as
 * drop + add, and stderr says which pairs may be renames (run interactively to rename instead).
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase } from "../support/test-db";
import { cli, migrationFiles, NOTE_ENTITY, tempProject } from "./cli-support";

describe("possible renames without a terminal", () => {
  it("warns about each possible rename and keeps drop + add, marked destructive", async () => {
    const db = await createTestDatabase("ren");
    try {
      const dir = tempProject({
        "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }),
        "entities/note.ts": NOTE_ENTITY,
      });
      expect((await cli(["-m", "create notes"], dir)).code).toBe(0);
      expect((await cli(["upgrade", "head"], dir)).code).toBe(0);
      fs.writeFileSync(path.join(dir, "entities/note.ts"), NOTE_ENTITY.replace("  title: string;", "  heading: string;").replace('@Column({ type: "varchar", length: 120 })', '@Column({ name: "heading", type: "varchar", length: 120 })'));
      const r = await cli(["-m", "rename title"], dir);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain("Possible rename: column public.notes.title -> heading was treated as drop + add");
      expect(r.stderr).toContain("WARNING: destructive change: drops column notes.title");
      const file = migrationFiles(dir).find((f) => f.includes("rename_title"))!;
      const text = fs.readFileSync(path.join(dir, "migrations", file), "utf8");
      expect(text).toContain('await op.dropColumn("notes", "title");');
      expect(text).toContain('name: "heading"');
    } finally {
      await db.drop();
    }
  });
});
