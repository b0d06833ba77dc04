/**
 * Casts to an entity enum written in the entity's own texts: `default: () => "ARRAY[]::d_colors_enum[]"`,
 * `"'red'::d_color_enum"`, a check or an index predicate naming the type. The normaliser creates the
 * enums as temporary stand-ins, so a text that names the real type failed while the database did not have
 * it yet ('type "d_colors_enum[]" does not exist'), and once it had it, the column (of the stand-in) and
 * its default (of the real type) disagreed. Found by probing entity defaults (2026-12-06); TypeORM's
 * synchronize() creates all of them.
 */
import { connectPostgres } from "../../src/db/postgres";
import type { Database } from "../../src/db/database";
import { compare } from "../../src/compare";
import { introspect } from "../../src/introspect";
import { normaliseModel } from "../../src/normalise";
import { enumReferenceSubstituter } from "../../src/normalise/scratch-plan";
import { check, column, enumType, index, model, table } from "../support/model-builders";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const raw = model({
  enums: [enumType("d_color_enum", ["red", "green"]), enumType("d_colors_enum", ["red", "green"])],
  tables: [
    table(
      "d",
      [
        column("color", '"public"."d_color_enum"', { nullable: false, default: "'red'::d_color_enum" }),
        column("colors", '"public"."d_colors_enum"[]', { nullable: false, default: "ARRAY[]::d_colors_enum[]" }),
        column("other", '"public"."d_color_enum"', { default: `'green'::"public"."d_color_enum"` }),
        column("name", "text"),
      ],
      {
        checks: [check("CHK_named", `CHECK ("color" <> 'green'::public.d_color_enum OR "name" IS NOT NULL)`)],
        indexes: [index("IDX_red_name", ["name"], { where: `"color" = 'red'::d_color_enum` })],
      },
    ),
  ],
});

describe("casts to an entity enum in defaults, checks and index predicates", () => {
  let testDb: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    testDb = await createTestDatabase("norm_enum_casts");
    db = await connectPostgres(testDb.url);
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it("are normalised before the database has the enums, and then equal what it prints once it has them", async () => {
    const before = await normaliseModel(db, raw);
    const d = before.tables['"public"."d"']!;
    expect(d.columns.map((c) => c.default)).toEqual([
      "'red'::public.d_color_enum",
      "ARRAY[]::public.d_colors_enum[]",
      "'green'::public.d_color_enum",
      null,
    ]);
    for (const sql of [
      "CREATE TYPE d_color_enum AS ENUM ('red', 'green')",
      "CREATE TYPE d_colors_enum AS ENUM ('red', 'green')",
      "CREATE TABLE d (color d_color_enum NOT NULL DEFAULT 'red'::d_color_enum, colors d_colors_enum[] NOT NULL DEFAULT ARRAY[]::d_colors_enum[], " +
        `other d_color_enum DEFAULT 'green', name text, CONSTRAINT "CHK_named" CHECK (color <> 'green' OR name IS NOT NULL))`,
      `CREATE INDEX "IDX_red_name" ON d (name) WHERE color = 'red'`,
    ]) {
      await db.query(sql);
    }
    const after = await normaliseModel(db, raw);
    expect(after.tables).toEqual(before.tables);
    expect(compare(await introspect(db, { schemas: ["public"] }), after, { manage: new Set() }).operations).toEqual([]);
  });

  it("leave names inside literals, other types and column names alone", () => {
    const sub = enumReferenceSubstituter([{ token: "t_c", enum: { schema: "public", name: "d_color_enum", labels: ["a"] } }]);
    expect(sub(`'x::d_color_enum'::d_color_enum`)).toBe(`'x::d_color_enum'::pg_temp.t_c`);
    expect(sub(`"d_color_enum"::text || d_color_enum::d_color_enum_x`)).toBe(`"d_color_enum"::text || d_color_enum::d_color_enum_x`);
    expect(sub(`a:: "public"."d_color_enum"[] , b::public.d_color_enum`)).toBe(`a:: pg_temp.t_c[] , b::pg_temp.t_c`);
  });
});
