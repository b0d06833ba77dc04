/**
 * Edits of tables and their indexes made through TypeORM entities, with rows, on PostgreSQL 15 (the
 * oracle of tests/support/entity-edit-pair.ts), renames answered as `--rename` flags answer them.
 *
 * table-edits: an entity moved to another schema with its enum and a view reading it, a table renamed, an
 * embedded prefix changed and a column added to the embedded class, a single-table-inheritance child
 * added, a closure table's parent onDelete, a materialized-path tree made a nested set. The one difference
 * from synchronize() is by design (README, on serial sequences): a renamed table's sequence keeps its
 * name (`clients_id_seq`), where synchronize() creates the table new.
 * index-edits: a partial index's predicate, the column order of a named and of an unnamed index, `@Unique`
 * moved to another column, `unique` moved between two indexed columns, a `@Check` changed and one added,
 * an `@Exclusion` added (btree_gist created, as synchronize() does).
 */
import { runEditPair, statementsWithSequencesRenamed, type EditPairResult } from "../support/entity-edit-pair";

describe("entity edits: tables and indexes", () => {
  const pairs: EditPairResult[] = [];
  afterAll(async () => {
    for (const pair of pairs) await pair.drop();
  });

  it("table-edits: schema move, table rename, embedded prefix, inheritance child, trees", async () => {
    const pair = await runEditPair("table-edits-before", "table-edits-after", {
      schemas: ["archive"],
      renames: ["clients=customers", "customers.workCity=officeCity", "customers.workZip=officeZip"],
      noRenames: ["folders.mpath"],
      seed: [
        `INSERT INTO notes (kind) VALUES ('a')`,
        `INSERT INTO clients ("homeCity", "workCity", "workZip") VALUES ('P', 'L', '1')`,
        `INSERT INTO content (title, type, size) VALUES ('p', 'Photo', 3)`,
        `INSERT INTO categories (name) VALUES ('root')`,
      ],
    });
    expect(pair.edit.log).toEqual(
      expect.arrayContaining([
        "Detected table 'public.notes' moved to schema 'archive'",
        "Detected renamed table 'public.clients' to 'public.customers'",
      ]),
    );
    pairs.push(pair);
    expect(pair.initial.dump).toEqual(pair.initial.sync);
    expect(pair.upgradeError).toBeNull();
    expect(statementsWithSequencesRenamed(pair.upgraded.dump, { "public.clients_id_seq": "public.customers_id_seq" })).toEqual(
      statementsWithSequencesRenamed(pair.upgraded.sync),
    );
    expect(pair.second).toEqual([]);
    expect(await pair.target.query(`SELECT "homeCity", "officeCity", "officeZip", "officeCountry" FROM customers`)).toEqual([
      { homeCity: "P", officeCity: "L", officeZip: "1", officeCountry: "FR" },
    ]);
    expect(await pair.target.query(`SELECT kind::text FROM archive.notes`)).toEqual([{ kind: "a" }]);
    expect(await pair.target.query(`SELECT title, type, size, length FROM content`)).toEqual([{ title: "p", type: "Photo", size: 3, length: null }]);
    const down = await pair.downgrade();
    expect(down.error).toBeNull();
    expect(down.dump).toEqual(pair.initial.dump);
  });

  it("index-edits: predicates, column order, uniques and checks moved, an exclusion", async () => {
    const pair = await runEditPair("index-edits-before", "index-edits-after", {
      seed: [
        `INSERT INTO rooms (name, a, b, email, rank) VALUES ('x', 1, 2, 'e', 1), ('y', 2, 3, NULL, 2)`,
        `INSERT INTO bookings (room, during) VALUES (1, '[2020-01-01,2020-01-02)')`,
      ],
    });
    pairs.push(pair);
    expect(pair.initial.dump).toEqual(pair.initial.sync);
    expect(pair.upgradeError).toBeNull();
    expect(pair.upgraded.dump).toEqual(pair.upgraded.sync);
    expect(pair.second).toEqual([]);
    expect(await pair.target.query(`SELECT count(*)::int AS n FROM rooms`)).toEqual([{ n: 2 }]);
    const down = await pair.downgrade();
    expect(down.error).toBeNull();
    expect(down.dump).toEqual(pair.initial.dump);
  });
});
