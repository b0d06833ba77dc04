/**
 * Edits that break naive migrations, with rows in the tables, on PostgreSQL 15: a primary key widened
 * under a foreign key, a varchar turned enum and an enum turned varchar (both with defaults), a
 * nullable column made NOT NULL with a default while rows hold NULL, and a NOT NULL column added with a
 * default. The migration keeps every row, equals synchronize() of the new entities, finds nothing more,
 * and its downgrade restores the old schema.
 */
import path from "node:path";
import { DataSource } from "typeorm";
import { resolveConfig } from "../../src/config/load-config";
import { connectPostgres } from "../../src/db";
import { diffSchema } from "../../src/api/autogenerate";
import { invertAll } from "../../src/ops/invert";
import { loadEntities } from "../../src/entities/load-entities";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { pgDump } from "../support/pg-dump";
import { applyOperations } from "../support/apply";

const dir = (version: string) => path.join(__dirname, "entities", version);

async function autogenerate(version: string, url: string) {
  const db = await connectPostgres(url);
  try {
    return await diffSchema(resolveConfig({ entities: ["*.ts"] }, null, dir(version)), db);
  } finally {
    await db.close();
  }
}

async function synchronized(version: string): Promise<TestDatabase> {
  const db = await createTestDatabase("idioms_sync");
  const entities = await loadEntities({ entities: ["*.ts"] }, dir(version));
  const ds = new DataSource({ type: "postgres", url: db.url, entities: [...entities] as Function[] });
  await ds.initialize();
  await ds.synchronize();
  await ds.destroy();
  return db;
}

const dumpOptions = { ignoreColumnOrder: true, args: ["--exclude-table=public.typeorm_metadata"] };

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
