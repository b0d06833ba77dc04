/**
 * Edits that break naive migrations, with rows in the tables, on PostgreSQL 15: a primary key widened
 * under a foreign key, a varchar turned enum and an enum turned varchar (both with defaults), a
 * nullable column made NOT NULL with a default while rows hold NULL, and a NOT NULL column added with a
 * default. The migration keeps every row, equals synchronize() of the new entities, finds nothing more,
 * and its downgrade restores the old schema.
 */
import { invertAll } from "../../src/ops/invert";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { pgDump } from "../support/pg-dump";
import { applyOperations } from "../support/apply";
import { SYNC_DUMP as dumpOptions, autogenerate, synchronized } from "../support/entity-versions";

describe("edits that break naive migrations", () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it("keeps every row, equals synchronize(), and downgrades", async () => {
    const target = await createTestDatabase("idioms");
    const [before, after] = await Promise.all([synchronized("edits-before"), synchronized("edits-after")]);
    dbs.push(target, before, after);

    await applyOperations(target.url, (await autogenerate("edits-before", target.url)).operations);
    await target.query(`INSERT INTO owners (color, kind) VALUES ('red', 'b'), ('blue', 'a')`);
    await target.query(`INSERT INTO pets (owner_id, nick) VALUES (1, NULL), (2, 'rex')`);

    const edit = await autogenerate("edits-after", target.url);
    expect(edit.log).toContain("Detected NOT NULL on column 'public.pets.nick'");
    await applyOperations(target.url, edit.operations);
    expect(pgDump(target.url, dumpOptions)).toEqual(pgDump(after.url, dumpOptions));
    expect(
      await target.query(
        `SELECT o.id::text, o.color::text, o.kind, p.nick, p.legs FROM pets p JOIN owners o ON o.id = p.owner_id ORDER BY p.id`,
      ),
    ).toEqual([
      // The NULL nickname took the new default instead of failing the migration.
      { id: "1", color: "red", kind: "b", nick: "none", legs: 0 },
      { id: "2", color: "blue", kind: "a", nick: "rex", legs: 0 },
    ]);
    expect((await autogenerate("edits-after", target.url)).operations).toEqual([]);

    await applyOperations(target.url, invertAll(edit.operations));
    expect(pgDump(target.url, dumpOptions)).toEqual(pgDump(before.url, dumpOptions));
    expect(await target.query(`SELECT color, kind::text FROM owners ORDER BY id`)).toEqual([
      { color: "red", kind: "b" },
      { color: "blue", kind: "a" },
    ]);
  });
});
