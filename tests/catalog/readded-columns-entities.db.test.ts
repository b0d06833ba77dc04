/**
 * Entity mode with real TypeORM entities: a `@Column({ generatedType: "STORED", asExpression })` whose
 * expression the database has otherwise is dropped and added again (PostgreSQL 15 has no SET EXPRESSION),
 * and the indexes and the check naming or reading it, and the grant on it, come back. The database starts
 * as the entities describe it but for the expression (`x * 2` for `"x" * 3`), with rows; the upgrade, then
 * the derived downgrade, run on PostgreSQL 15.
 */
import path from "node:path";
import { compare } from "../../src/compare";
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { connectPostgres } from "../../src/db/postgres";
import { readEntityModel } from "../../src/entities/read-entity-model";
import { normaliseModel } from "../../src/normalise";
import type { SchemaModel } from "../../src/model/schema-model";
import { invertAll } from "../../src/ops/invert";
import { applyOperations } from "../support/apply";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { ensureRoles, readModel } from "./catalog-round-trip";

const options = { manage: ENTITY_MANAGED_KINDS };

/** `model` with each generated column's expression `x * 3` read as `x * 2`. */
function doubled(model: SchemaModel): SchemaModel {
  const tables = Object.fromEntries(
    Object.entries(model.tables).map(([key, table]) => [
      key,
      {
        ...table,
        columns: table.columns.map((c) =>
          c.generated === null ? c : { ...c, generated: c.generated.replace("* 3", "* 2") },
        ),
      },
    ]),
  );
  return { ...model, tables };
}

describe("entity mode: a generated column's new asExpression", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    await ensureRoles(["readd_reader"]);
    db = await createTestDatabase("readd_ent");
  });
  afterAll(() => db?.drop());

  it("keeps its indexes, its check and its grant, upgrade and downgrade, and the rows", async () => {
    const raw = await readEntityModel(
      { entities: ["readded/*.ts"] },
      path.join(__dirname, "..", "entities", "fixtures"),
      { defaultSchema: "public" },
    );
    // As the CLI does: the entities' texts (`"x" * 3`) as PostgreSQL prints them.
    const connection = await connectPostgres(db.url);
    const entities = await normaliseModel(connection, raw).finally(() => connection.close());
    const empty = await readModel(db.url, ["public"]);
    await applyOperations(db.url, compare(empty, doubled(entities), options).operations);
    await db.query(
      "INSERT INTO score (id, x) VALUES (1, 1), (2, 5); GRANT SELECT (tripled) ON score TO readd_reader;",
    );
    const start = await readModel(db.url, ["public"]);
    expect(start.tables['"public"."score"']!.columns.map((c) => c.generated)).toEqual([
      null,
      null,
      "(x * 2)",
    ]);
    const members = async () => ({
      indexes: (
        await db.query<{ name: string }>(
          "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'score' ORDER BY 1",
        )
      ).map((r) => r.name),
      checks: (
        await db.query<{ name: string }>(
          "SELECT conname AS name FROM pg_constraint WHERE conrelid = 'score'::regclass AND contype = 'c'",
        )
      ).map((r) => r.name),
      acl: (
        await db.query<{ acl: string }>(
          "SELECT attacl::text AS acl FROM pg_attribute WHERE attrelid = 'score'::regclass AND attname = 'tripled'",
        )
      )[0]!.acl,
      rows: await db.query("SELECT id, x, tripled FROM score ORDER BY id"),
    });
    const before = await members();
    // The primary key's index is named by TypeORM's naming strategy (PK_<hash>).
    expect(before.indexes).toEqual([
      expect.stringMatching(/^PK_/),
      "score_tripled_idx",
      "score_tripled_x_idx",
      "score_x_part",
    ]);

    const upgrade = compare(start, entities, options).operations;
    await applyOperations(db.url, upgrade);
    expect(compare(await readModel(db.url, ["public"]), entities, options).operations).toEqual([]);
    expect(await members()).toEqual({
      ...before,
      rows: [
        { id: 1, x: 1, tripled: 3 },
        { id: 2, x: 5, tripled: 15 },
      ],
    });

    await applyOperations(db.url, invertAll(upgrade));
    expect(compare(await readModel(db.url, ["public"]), start, options).operations).toEqual([]);
    expect(await members()).toEqual(before);
  });
});
