/**
 * Column edits made through TypeORM entities, with rows in the tables, on PostgreSQL 15 (the oracle of
 * tests/support/entity-edit-pair.ts): the migration from the "before" entities to the "after" ones equals
 * synchronize() of the "after" entities, keeps the rows, leaves nothing more to find, and its derived
 * downgrade gives the "before" schema back.
 *
 * type-edits: `array: true` added to an enum column, `@PrimaryGeneratedColumn()` made `"uuid"` under a
 * foreign key (whose column follows) and another made an identity, varchar made integer and uuid, integer
 * made boolean, timestamp made timestamptz, a stored generated expression changed, a collation, a
 * `@CreateDateColumn` precision, a `@VersionColumn` with a default, `@Generated("uuid")` moved to the key.
 * column-edits: numeric precision and scale, a varchar shrunk, number made string, NOT NULL with a default
 * over NULL rows, simple-json made jsonb, comments, and the three date columns added.
 * enum-edits: labels inserted, removed and reordered, renamed (a rebuild), an `enumName` shared by two
 * entities split, and an enum array given a label its new default uses (the migration is cut in two).
 */
import { runEditPair, type EditPairResult } from "../support/entity-edit-pair";

describe("entity edits: column types and enums", () => {
  const pairs: EditPairResult[] = [];
  afterAll(async () => {
    for (const pair of pairs) await pair.drop();
  });

  it("type-edits: array: true, serial to uuid and identity, casts without a cast", async () => {
    const pair = await runEditPair("type-edits-before", "type-edits-after", {
      seed: [
        `INSERT INTO widgets (count, flag, at, ref, attrs, email, price, "sortKey")
          VALUES ('12', 1, '2020-01-01 10:00', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'a=>1', 'A@x', 5, 'k')`,
        `INSERT INTO tokens (id) VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')`,
      ],
    });
    pairs.push(pair);
    expect(pair.initial.dump).toEqual(pair.initial.sync);
    expect(pair.edit.log).toEqual(
      expect.arrayContaining([
        "Detected type change from 'public.widgets_mode_enum' to 'public.widgets_mode_enum[]' on 'public.widgets.mode'",
        "Detected type change from 'integer' to 'uuid' on 'public.gadgets.id'",
      ]),
    );
    expect(pair.upgradeError).toBeNull();
    expect(pair.upgraded.dump).toEqual(pair.upgraded.sync);
    expect(pair.second).toEqual([]);
    expect(
      await pair.target.query(`SELECT count, flag, at::text, ref::text, mode::text, double, version, "sortKey" FROM widgets`),
    ).toEqual([
      // The enum value became the one element of the array.
      { count: 12, flag: true, at: "2020-01-01 10:00:00+00", ref: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", mode: "{p}", double: 15, version: 1, sortKey: "k" },
    ]);
    expect(await pair.target.query(`SELECT id::text FROM tokens`)).toEqual([{ id: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11" }]);
    const down = await pair.downgrade();
    expect(down.error).toBeNull();
    expect(down.dump).toEqual(pair.initial.dump);
    expect(await pair.target.query(`SELECT mode::text, count FROM widgets`)).toEqual([{ mode: "p", count: "12" }]);
  });

  it("column-edits: precision, length, nullability, defaults, comments, date columns", async () => {
    const pair = await runEditPair("column-edits-before", "column-edits-after", {
      seed: [
        `INSERT INTO items (code, qty, note, tag, words, blob, title, score)
          VALUES ('abc', 5, NULL, 't', 'a,b', '{"k":1}', 'T', 1.5), ('d', 7, 'n', 'u', NULL, NULL, 'U', 2)`,
      ],
    });
    pairs.push(pair);
    expect(pair.initial.dump).toEqual(pair.initial.sync);
    expect(pair.upgradeError).toBeNull();
    expect(pair.upgraded.dump).toEqual(pair.upgraded.sync);
    expect(pair.second).toEqual([]);
    expect(
      await pair.target.query(`SELECT price::text, code, qty, note, tag, words, blob, score, "createdAt" IS NOT NULL AS created FROM items ORDER BY id`),
    ).toEqual([
      { price: "0.0000", code: "abc", qty: "5", note: "", tag: "t", words: "a,b", blob: { k: 1 }, score: 1.5, created: true },
      { price: "0.0000", code: "d", qty: "7", note: "n", tag: "u", words: null, blob: null, score: 2, created: true },
    ]);
    const down = await pair.downgrade();
    expect(down.error).toBeNull();
    expect(down.dump).toEqual(pair.initial.dump);
  });

  it("enum-edits: labels added, removed, reordered and renamed, a shared enum split", async () => {
    const pair = await runEditPair("enum-edits-before", "enum-edits-after", {
      seed: [
        `INSERT INTO shirts (size, color, state, flags, letter) VALUES ('s', 'red', 'old', '{a,b}', 'x'), ('l', 'blue', 'new', DEFAULT, 'z')`,
        `INSERT INTO hats (state) VALUES ('new'), (DEFAULT)`,
      ],
    });
    pairs.push(pair);
    expect(pair.initial.dump).toEqual(pair.initial.sync);
    expect(pair.upgradeError).toBeNull();
    expect(pair.upgraded.dump).toEqual(pair.upgraded.sync);
    expect(pair.second).toEqual([]);
    expect(await pair.target.query(`SELECT s.size::text, s.color::text, s.flags::text, s.letter::text, h.state::text AS hat FROM shirts s JOIN hats h USING (id) ORDER BY id`)).toEqual([
      { size: "s", color: "red", flags: "{a,b}", letter: "x", hat: "new" },
      { size: "l", color: "blue", flags: "{a}", letter: "z", hat: "old" },
    ]);
    const down = await pair.downgrade();
    expect(down.error).toBeNull();
    expect(down.dump).toEqual(pair.initial.dump);
  });
});
