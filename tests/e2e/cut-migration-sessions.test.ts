/**
 * A migration cut in two parts (an enum label added, then used by a default) around a view it drops in the
 * first part and creates again in the second (a column the view reads is retyped), on PostgreSQL 15: each
 * part applied in a session of its own, as `autogen upgrade +1` twice does, and so the downgrade. The
 * view's owner, a role other than the one migrating, is kept both ways: the second part's restore no
 * longer depends on a session setting the first part made (it failed: unrecognized configuration
 * parameter "autogen.owner_...", leaving the database at the first part without its view).
 */
import { randomBytes } from "node:crypto";
import { enumLabelStages } from "../../src/ops/enum-label-stages";
import { invertAll } from "../../src/ops/invert";
import { applyOperations } from "../support/apply";
import { autogenerate } from "../support/entity-versions";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const role = `cut_owner_${randomBytes(4).toString("hex")}`;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase("cut_owner");
  await db.query(`CREATE ROLE ${role}`);
});

afterAll(async () => {
  await db.drop();
  // The role owned nothing but the view, gone with its database.
  const admin = await createTestDatabase("cut_owner_admin");
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.drop();
});

const viewOwner = async () => (await db.query(`SELECT viewowner FROM pg_views WHERE viewname = 'place_names'`))[0]?.viewowner;

it("keeps the view's owner when each part runs in a session of its own, both ways", async () => {
  await applyOperations(db.url, (await autogenerate("cut-owner-before", db.url)).operations);
  await db.query(`INSERT INTO places (name) VALUES ('P')`);
  await db.query(`ALTER VIEW place_names OWNER TO ${role}`);

  const stages = enumLabelStages((await autogenerate("cut-owner-after", db.url)).operations);
  expect(stages).toHaveLength(2);
  for (const stage of stages) await applyOperations(db.url, stage.operations);
  expect(await viewOwner()).toBe(role);
  expect(await db.query(`SELECT name, kind::text FROM places`)).toEqual([{ name: "P", kind: "city" }]);
  expect((await autogenerate("cut-owner-after", db.url)).operations).toEqual([]);

  for (const stage of [...stages].reverse()) await applyOperations(db.url, invertAll(stage.operations));
  expect(await viewOwner()).toBe(role);
  expect((await autogenerate("cut-owner-before", db.url)).operations).toEqual([]);
});
