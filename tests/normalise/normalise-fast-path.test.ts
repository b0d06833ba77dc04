/**
 * The normaliser's fast path (one script, a dense plan that packs only referenced columns), added for
 * speed, must give exactly what the one-statement-at-a-time path gives, and must fall back to it
 * whenever it cannot be sure: on any failure, and on texts holding a semicolon.
 */
import { connectPostgres } from "../../src/db/postgres";
import { openEphemeral } from "../../src/db/pglite";
import type { Database, QueryResult } from "../../src/db/database";
import type { SchemaModel } from "../../src/model/schema-model";
import { DefinitionRejectedError, normaliseModel } from "../../src/normalise";
import { planScratch } from "../../src/normalise/scratch-plan";
import { check, column, enumType, extension, index, model, table } from "../support/model-builders";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDb = await createTestDatabase("norm_fast");
  db = await connectPostgres(testDb.url);
});

afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

/** `on` (the test database by default) with every query and script counted. */
function counting(counter: { statements: number; scripts: number }, on: Database = db): Database {
  return {
    kind: on.kind,
    description: on.description,
    transaction: (fn) => on.transaction(fn),
    close: () => on.close(),
    exec(sql: string): Promise<void> {
      counter.scripts++;
      return on.exec(sql);
    },
    query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      counter.statements++;
      return on.query<R>(sql, params);
    },
  };
}

/** `raw` plus a table whose check holds a semicolon, which sends normalisation down the slow path. */
function withSemicolon(raw: SchemaModel): SchemaModel {
  return {
    ...raw,
    tables: {
      ...raw.tables,
      '"public"."zz_note"': table("public.zz_note", [column("note", "text")], {
        checks: [check("CHK_note", "CHECK (note <> ';')")],
      }),
    },
  };
}

/** Tables that share column names with different types (so `packColumns: "all"` cannot pack them). */
function variedModel(): SchemaModel {
  const tables = [0, 1, 2, 3].map((i) =>
    table(`public.item_${i}`, [
      column("id", i % 2 ? "uuid" : "integer", { nullable: false }),
      column("name", `varchar(${40 + i})`, { default: "'x'" }),
      column("quantity", "int", { default: String(i) }),
      column("price", "numeric(10,2)"),
      column("status", `"public"."item_${i}_status_enum"`, { default: "'draft'" }),
      column("label", "text", { collation: '"C"' }),
      column("area", "box"),
      column("total", "numeric", { generated: "quantity * price" }),
    ], {
      checks: [check(`CHK_item_${i}`, `CHECK ("quantity" >= ${i} AND "price" < 1000)`)],
      exclusions: i === 0 ? [{ type: "exclusion", name: "EX_item_area", definition: "EXCLUDE USING gist (area WITH &&)" }] : [],
      indexes: [
        index(`IDX_item_${i}_lower`, ["lower(name)"]),
        index(`IDX_item_${i}_partial`, ['"quantity"'], { where: `"status" <> 'draft'`, include: ["price"] }),
        index(`IDX_item_${i}_plain`, ['"name"']),
      ],
    }),
  );
  return model({
    extensions: [extension("uuid-ossp")],
    enums: [0, 1, 2, 3].map((i) => enumType(`public.item_${i}_status_enum`, ["draft", `v${i}`])),
    tables,
  });
}

describe("normaliseModel fast path", () => {
  it("gives the same model as the one-at-a-time path, in one script", async () => {
    const raw = variedModel();
    const fast = { statements: 0, scripts: 0 };
    const viaFastPath = await normaliseModel(counting(fast), raw);
    expect(fast.scripts).toBe(1);

    // A semicolon anywhere sends the whole model down the one-at-a-time path with the plan of all columns.
    const slow = { statements: 0, scripts: 0 };
    const viaSlowPath = await normaliseModel(counting(slow), withSemicolon(raw));
    expect(slow.scripts).toBe(0);
    expect(slow.statements).toBeGreaterThan(3 * 10);

    for (const key of Object.keys(raw.tables)) expect(viaFastPath.tables[key]).toStrictEqual(viaSlowPath.tables[key]);
    const item1 = viaFastPath.tables['"public"."item_1"']!;
    expect(item1.checks[0]!.definition).toBe("CHECK (((quantity >= 1) AND (price < (1000)::numeric)))");
    expect(item1.columns.find((c) => c.name === "status")).toMatchObject({
      type: "public.item_1_status_enum",
      default: "'draft'::public.item_1_status_enum",
    });
    expect(item1.columns.find((c) => c.name === "total")!.generated).toBe("((quantity)::numeric * price)");
    expect(item1.indexes.find((i) => i.name === "IDX_item_1_partial")!.where).toBe(
      "status <> 'draft'::public.item_1_status_enum",
    );
    expect(viaFastPath.tables['"public"."item_0"']!.exclusions[0]!.definition).toBe("EXCLUDE USING gist (area WITH &&)");
  });

  it("spreads hundreds of distinct types and checked columns over narrow scratch tables, each read back right", async () => {
    // 200 distinct (type, default) pairs and a check over 100 differently typed columns: more than one
    // scratch table's worth (64 columns) of both, so the boundaries between scratch tables are crossed.
    const tables = [0, 1].map((t) =>
      table(
        `public.wide_${t}`,
        Array.from({ length: 100 }, (_, i) =>
          column(`c${i}`, `varchar(${t * 100 + i + 1})`, { default: `'v${t * 100 + i}'` }),
        ),
        { checks: [check(`CHK_wide_${t}`, `CHECK (${Array.from({ length: 100 }, (_, i) => `length(c${i}) > ${t}`).join(" AND ")})`)] },
      ),
    );
    const raw = model({ tables });
    const plan = planScratch(raw, { packColumns: "referenced" });
    expect(plan.typeTables.size).toBeGreaterThanOrEqual(4);
    expect(plan.packedTables.length).toBeGreaterThanOrEqual(2);
    const normalised = await normaliseModel(db, raw);
    for (const t of [0, 1]) {
      const wide = normalised.tables[`"public"."wide_${t}"`]!;
      wide.columns.forEach((c, i) => {
        expect(c.type).toBe(`character varying(${t * 100 + i + 1})`);
        expect(c.default).toBe(`'v${t * 100 + i}'::character varying`);
      });
      expect(wide.checks[0]!.definition).toBe(
        `CHECK ((${Array.from({ length: 100 }, (_, i) => `(length((c${i})::text) > ${t})`).join(" AND ")}))`,
      );
    }
  });

  it("gives the same model on the embedded database (PGlite)", async () => {
    const embedded = await openEphemeral();
    try {
      const raw = variedModel();
      const fast = { statements: 0, scripts: 0 };
      const viaFastPath = await normaliseModel(counting(fast, embedded), raw);
      const viaSlowPath = await normaliseModel(embedded, withSemicolon(raw));
      expect(fast.scripts).toBe(1);
      for (const key of Object.keys(raw.tables)) expect(viaFastPath.tables[key]).toStrictEqual(viaSlowPath.tables[key]);
    } finally {
      await embedded.close();
    }
  });

  it("starts over with every column when a reference escapes the dense plan", async () => {
    // U&"..." spells `quantity` without the name appearing in the text: the dense plan leaves the column
    // out, the script fails, and the one-at-a-time path (all columns) normalises it.
    const raw = model({
      tables: [
        table("public.escaped", [column("quantity", "int"), column("other", "text")], {
          checks: [check("CHK_escaped", 'CHECK (U&"qu\\0061ntity" >= 0)')],
        }),
      ],
    });
    const counter = { statements: 0, scripts: 0 };
    const normalised = await normaliseModel(counting(counter), raw);
    expect(counter.scripts).toBe(1);
    expect(normalised.tables['"public"."escaped"']!.checks[0]!.definition).toBe("CHECK ((quantity >= 0))");
  });

  it("still names every definition Postgres rejects", async () => {
    const raw = model({
      tables: [
        table("public.broken", [column("id", "integr"), column("n", "int")]),
        table("public.broken_check", [column("n", "int")], { checks: [check("CHK_missing", "CHECK (missing > 0)")] }),
      ],
    });
    const error = await normaliseModel(db, raw).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DefinitionRejectedError);
    const problems = (error as DefinitionRejectedError).problems.map((p) => p.object);
    expect(problems).toEqual([
      "column public.broken.id (type integr)",
      'check constraint "CHK_missing" on "public"."broken_check"',
    ]);
    // Nothing is left behind, and the connection is usable.
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int4 AS n FROM pg_class WHERE relpersistence = 't'");
    expect(rows[0]!.n).toBe(0);
  });
});
