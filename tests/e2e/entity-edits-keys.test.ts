/**
 * Key and index edits made through TypeORM entities, with rows, on PostgreSQL 15 (the oracle of
 * tests/support/entity-edit-pair.ts).
 *
 * key-edits: a composite primary key widened under a composite foreign key (onDelete added too), a
 * single-table-inheritance discriminator column renamed, `@PrimaryGeneratedColumn("uuid")` made a plain
 * `@PrimaryColumn` (the extension TypeORM created stays: extensions are never dropped unasked), a
 * `@Unique` replaced by a unique `@Index` and a column's `unique: true` by a partial unique index over
 * the `@DeleteDateColumn`, a `simple-enum` label and default, a time precision, a materialized view's query.
 * unsync: `synchronize: false` on an existing entity, and on an `@Index` naming an index made by hand.
 * TypeORM's schema builder leaves both alone, and so does autogenerate now (both were left out of the
 * entity model, so they looked removed: the table was dropped with its rows, and the index).
 */
import { runEditPair, type EditPairResult } from "../support/entity-edit-pair";

describe("entity edits: keys and indexes", () => {
  const pairs: EditPairResult[] = [];
  afterAll(async () => {
    for (const pair of pairs) await pair.drop();
  });

  it("key-edits: composite key widened under its foreign key, discriminator renamed, uniques made indexes", async () => {
    const pair = await runEditPair("key-edits-before", "key-edits-after", {
      renames: ["vehicles.type=kind"],
      seed: [
        `INSERT INTO docs (slug, seq, at) VALUES ('s', 1, '10:00:00.5')`,
        `INSERT INTO grids VALUES (1, 2)`,
        `INSERT INTO cells (gx, gy) VALUES (1, 2)`,
        `INSERT INTO vehicles (type, doors) VALUES ('car', 4)`,
      ],
    });
    pairs.push(pair);
    expect(pair.initial.dump).toEqual(pair.initial.sync);
    expect(pair.upgradeError).toBeNull();
    const extension = /^CREATE EXTENSION IF NOT EXISTS "uuid-ossp".*\nCOMMENT ON EXTENSION "uuid-ossp".*\n/m;
    expect(pair.upgraded.dump).toMatch(extension);
    expect(pair.upgraded.dump.replace(extension, "")).toEqual(pair.upgraded.sync);
    expect(pair.second).toEqual([]);
    expect(await pair.target.query(`SELECT slug, at::text, level::text FROM docs`)).toEqual([{ slug: "s", at: "10:00:01", level: "a" }]);
    expect(await pair.target.query(`SELECT c.gx, c.gy FROM cells c JOIN grids g ON (g.x, g.y) = (c.gx, c.gy)`)).toEqual([{ gx: "1", gy: "2" }]);
    expect(await pair.target.query(`SELECT kind, doors FROM vehicles`)).toEqual([{ kind: "car", doors: 4 }]);
    const down = await pair.downgrade();
    expect(down.error).toBeNull();
    expect(down.dump).toEqual(pair.initial.dump);
  });

  describe("synchronize: false", () => {
    let pair: EditPairResult;
    beforeAll(async () => {
      pair = await runEditPair("unsync-before", "unsync-after", {
        seed: [`INSERT INTO legacy (note) VALUES ('keep me')`, `CREATE INDEX docs_search_idx ON docs USING gin (search)`],
      });
      pairs.push(pair);
    });

    it("runs the migration, and finds nothing more", () => {
      expect(pair.upgradeError).toBeNull();
      expect(pair.second).toEqual([]);
    });

    it("leaves the table of an entity given synchronize: false alone, with its rows", async () => {
      expect(pair.edit.log).not.toContain("Detected removed table 'public.legacy'");
      expect(await pair.target.query(`SELECT note FROM legacy`)).toEqual([{ note: "keep me" }]);
    });

    it("leaves the index an @Index({ synchronize: false }) names alone", async () => {
      expect(pair.edit.log).not.toContain("Detected removed index 'docs_search_idx' on 'public.docs'");
      expect(await pair.target.query(`SELECT indexname FROM pg_indexes WHERE indexname = 'docs_search_idx'`)).toHaveLength(1);
    });
  });
});
