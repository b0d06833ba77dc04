/**
 * Edits of the model made through TypeORM entities, with rows, on PostgreSQL 15 (the oracle of
 * tests/support/entity-edit-pair.ts), renames answered as `--rename` flags answer them.
 *
 * relation-edits: onDelete/onUpdate changed with the relation made NOT NULL, a ManyToOne removed and
 * another added, a OneToOne join column renamed, a ManyToMany join table renamed, a self-reference's
 * onDelete, a column joining a composite primary key.
 * rename-edits: a column renamed through `name`, an `enumName` changed, an embedded prefix changed (the enum
 * TypeORM names after it renamed with it, then given a label), a OneToOne made ManyToOne.
 * rename-retype-edits: a table renamed while the key its foreign key references is widened (the foreign
 * key, renamed with the table, is recreated under its new name), a column renamed and retyped at once, a
 * closure table renamed with its table, a many-to-many's join columns renamed, a view following a
 * renamed column, a composite foreign key's onDelete, a varchar array widened, defaults changed. Renamed
 * tables keep their serial sequences' names, by design (README, on serial sequences).
 */
import { runEditPair, statementsWithSequencesRenamed, type EditPairResult } from "../support/entity-edit-pair";

describe("entity edits: relations and renames", () => {
  const pairs: EditPairResult[] = [];
  afterAll(async () => {
    for (const pair of pairs) await pair.drop();
  });

  async function roundTrip(pair: EditPairResult): Promise<void> {
    pairs.push(pair);
    expect(pair.initial.dump).toEqual(pair.initial.sync);
    expect(pair.upgradeError).toBeNull();
    expect(pair.upgraded.dump).toEqual(pair.upgraded.sync);
    expect(pair.second).toEqual([]);
  }

  async function downgrades(pair: EditPairResult): Promise<void> {
    const down = await pair.downgrade();
    expect(down.error).toBeNull();
    expect(down.dump).toEqual(pair.initial.dump);
  }

  it("relation-edits: foreign key actions, join column and join table renames, a wider key", async () => {
    const pair = await runEditPair("relation-edits-before", "relation-edits-after", {
      renames: ["posts.profile_id=profile_ref", "post_tags=posts_tags"],
      noRenames: ["posts.editorId"],
      seed: [
        `INSERT INTO authors (name) VALUES ('a'), ('b')`,
        `INSERT INTO profiles DEFAULT VALUES`,
        `INSERT INTO tags DEFAULT VALUES`,
        `INSERT INTO posts ("authorId", "editorId", profile_id) VALUES (1, 2, 1), (2, NULL, NULL)`,
        `UPDATE posts SET "parentId" = 1 WHERE id = 2`,
        `INSERT INTO post_tags VALUES (1, 1)`,
        `INSERT INTO lines VALUES (1, 1, 1), (1, 2, 2)`,
      ],
    });
    await roundTrip(pair);
    expect(await pair.target.query(`SELECT id, "authorId", profile_ref, "parentId" FROM posts ORDER BY id`)).toEqual([
      { id: 1, authorId: 1, profile_ref: 1, parentId: null },
      { id: 2, authorId: 2, profile_ref: null, parentId: 1 },
    ]);
    expect(await pair.target.query(`SELECT * FROM posts_tags`)).toEqual([{ postsId: 1, tagsId: 1 }]);
    await downgrades(pair);
  });

  it("rename-edits: a column renamed through name, enum names, embedded prefix, one-to-one made many-to-one", async () => {
    const pair = await runEditPair("rename-edits-before", "rename-edits-after", {
      renames: ["users.first_name=given_name", "users.balCurrency=walletCurrency", "users.balAmount=walletAmount"],
      seed: [
        `INSERT INTO users (first_name, role, "balCurrency", "balAmount") VALUES ('Ada', 'admin', 'USD', 3)`,
        `INSERT INTO avatars ("userId") VALUES (1)`,
      ],
    });
    expect(pair.edit.log).toContain(
      "Detected renamed enum 'public.users_balcurrency_enum' to 'public.users_walletcurrency_enum' with its column",
    );
    await roundTrip(pair);
    expect(await pair.target.query(`SELECT given_name, role::text, "walletCurrency"::text, "walletAmount"::text FROM users`)).toEqual([
      { given_name: "Ada", role: "admin", walletCurrency: "USD", walletAmount: "3.00" },
    ]);
    await downgrades(pair);
  });

  it("rename-retype-edits: a foreign key renamed with its table and recreated around a type change", async () => {
    const pair = await runEditPair("rename-retype-before", "rename-retype-after", {
      renames: [
        "places=sites", "sites.name=title", "regions=areas", "regions_closure=areas_closure",
        "place_links.from_id=source_id", "place_links.to_id=target_id",
      ],
      seed: [
        `INSERT INTO codes VALUES ('AB')`,
        `INSERT INTO countries VALUES ('FR', 2020)`,
        `INSERT INTO places (name, code, "countryIso", "countryYear", tags) VALUES ('P', 'AB', 'FR', 2020, '{x}'), ('Q', NULL, NULL, NULL, DEFAULT)`,
        `INSERT INTO place_links VALUES (1, 2)`,
        `INSERT INTO regions DEFAULT VALUES`,
        `INSERT INTO regions_closure VALUES (1, 1)`,
      ],
    });
    pairs.push(pair);
    expect(pair.initial.dump).toEqual(pair.initial.sync);
    expect(pair.upgradeError).toBeNull();
    const sequences = { "public.places_id_seq": "public.sites_id_seq", "public.regions_id_seq": "public.areas_id_seq" };
    expect(statementsWithSequencesRenamed(pair.upgraded.dump, sequences)).toEqual(statementsWithSequencesRenamed(pair.upgraded.sync));
    expect(pair.second).toEqual([]);
    expect(await pair.target.query(`SELECT title, code, tags FROM sites ORDER BY id`)).toEqual([
      { title: "P", code: "AB", tags: ["x"] },
      { title: "Q", code: null, tags: [] },
    ]);
    expect(await pair.target.query(`SELECT * FROM place_links`)).toEqual([{ source_id: 1, target_id: 2 }]);
    expect(await pair.target.query(`SELECT * FROM areas_closure`)).toEqual([{ id_ancestor: 1, id_descendant: 1 }]);
    await downgrades(pair);
  });
});
