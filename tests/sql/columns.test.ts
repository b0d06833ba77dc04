import { createHash } from "node:crypto";
import { Client } from "pg";
import { compileOperation } from "../../src/sql/compile";
import { invert } from "../../src/ops/invert";
import { UncompilableOperationError } from "../../src/sql/uncompilable-operation-error";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import type { ColumnIdentity } from "../../src/model/schema-model";
import { column, ref } from "../support/model-builders";
import { linesWith, roundTrip } from "./schema-signature";

let db: TestDatabase;
let client: Client;

beforeAll(async () => {
  db = await createTestDatabase("sql_columns");
  client = new Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client.end();
  await db.drop();
});

async function rows(sql: string): Promise<unknown[]> {
  return (await client.query(sql)).rows;
}

describe("addColumn / dropColumn / renameColumn", () => {
  beforeAll(async () => {
    await client.query(`CREATE TABLE "Users" (id int, "Old ""Name""" text DEFAULT 'x', keep text)`);
    await client.query(`COMMENT ON COLUMN "Users"."Old ""Name""" IS 'was here'`);
  });

  it("adds a column with a default and comment holding a quote, a backslash and unicode", async () => {
    const nick = column('Nick "N"', "character varying(40)", {
      nullable: false,
      default: "'O''Brien \\ é'::character varying",
      comment: "l'alias \\ ✓",
    });
    await roundTrip(
      client,
      { kind: "addColumn", table: ref("Users"), column: nick },
      [
        // Constants holding a backslash are written as escape strings (read alike whatever
        // standard_conforming_strings says); the catalog below holds the same texts.
        `ALTER TABLE "public"."Users" ADD COLUMN "Nick ""N""" character varying(40) NOT NULL DEFAULT E'O''Brien \\\\ é'::character varying`,
        `COMMENT ON COLUMN "public"."Users"."Nick ""N""" IS E'l''alias \\\\ ✓'`,
      ],
      (after) => {
        expect(linesWith(after.columns, "Nick")).toEqual([
          `"Users"."Nick ""N""" character varying(40) NOT NULL DEFAULT 'O''Brien \\ é'::character varying -- l'alias \\ ✓`,
        ]);
      },
    );
  });

  it("drops a column (no CASCADE) and re-adds it from existing", async () => {
    const existing = column('Old "Name"', "text", { default: "'x'::text", comment: "was here" });
    await roundTrip(
      client,
      { kind: "dropColumn", table: ref("Users"), column: 'Old "Name"', existing },
      [`ALTER TABLE "public"."Users" DROP COLUMN "Old ""Name"""`],
      (after) => expect(linesWith(after.columns, "Old")).toEqual([]),
    );
  });

  it("renames a column and back", async () => {
    await roundTrip(
      client,
      { kind: "renameColumn", table: ref("Users"), from: "keep", to: "Kept" },
      [`ALTER TABLE "public"."Users" RENAME COLUMN "keep" TO "Kept"`],
      (after) => expect(linesWith(after.columns, "Kept")).toEqual([`"Users"."Kept" text`]),
    );
  });
});

describe("alterColumn: types", () => {
  beforeAll(async () => {
    await client.query(
      `CREATE TABLE people (name varchar(120), n int, code varchar(10) DEFAULT 'x', label text)`,
    );
    await client.query(
      `INSERT INTO people VALUES ('Ann', 2147483647, '42', 'b'), ('Bob', -1, '7', 'a')`,
    );
  });

  it("widens varchar(120) to varchar(200) in place, keeping rows", async () => {
    const existing = column("name", "character varying(120)");
    await roundTrip(
      client,
      {
        kind: "alterColumn",
        table: ref("people"),
        column: "name",
        changes: { type: "character varying(200)" },
        existing,
      },
      [`ALTER TABLE "public"."people" ALTER COLUMN "name" TYPE character varying(200)`],
      async (after) => {
        expect(linesWith(after.columns, "people.name")).toEqual([
          "people.name character varying(200)",
        ]);
        expect(await rows("SELECT name FROM people ORDER BY name")).toEqual([
          { name: "Ann" },
          { name: "Bob" },
        ]);
      },
    );
    expect(await rows("SELECT name FROM people ORDER BY name")).toEqual([
      { name: "Ann" },
      { name: "Bob" },
    ]);
  });

  it("changes integer to bigint, keeping rows", async () => {
    await roundTrip(
      client,
      {
        kind: "alterColumn",
        table: ref("people"),
        column: "n",
        changes: { type: "bigint" },
        existing: column("n", "integer"),
      },
      [`ALTER TABLE "public"."people" ALTER COLUMN "n" TYPE bigint`],
      async () => {
        await client.query("UPDATE people SET n = n + 1 WHERE n = 2147483647");
        expect(await rows("SELECT n FROM people ORDER BY n")).toEqual([
          { n: "-1" },
          { n: "2147483648" },
        ]);
        await client.query("UPDATE people SET n = n - 1 WHERE n = 2147483648");
      },
    );
    expect(await rows("SELECT n FROM people ORDER BY n")).toEqual([{ n: -1 }, { n: 2147483647 }]);
  });

  it("changes varchar to integer with USING and a new default, and back with a cast", async () => {
    const existing = column("code", "character varying(10)", { default: "'x'::character varying" });
    const op = {
      kind: "alterColumn" as const,
      table: ref("people"),
      column: "code",
      changes: { type: "integer", default: "0", nullable: false },
      using: `"code"::integer`,
      existing,
    };
    await roundTrip(
      client,
      op,
      [
        `ALTER TABLE "public"."people" ALTER COLUMN "code" DROP DEFAULT, ALTER COLUMN "code" TYPE integer USING "code"::integer, ` +
          `ALTER COLUMN "code" SET DEFAULT 0`,
        `UPDATE "public"."people" SET "code" = DEFAULT WHERE "code" IS NULL`,
        `ALTER TABLE "public"."people" ALTER COLUMN "code" SET NOT NULL`,
      ],
      async (after) => {
        expect(linesWith(after.columns, "people.code")).toEqual([
          "people.code integer NOT NULL DEFAULT 0",
        ]);
        expect(await rows("SELECT code FROM people ORDER BY code")).toEqual([
          { code: 7 },
          { code: 42 },
        ]);
      },
    );
    expect(await rows("SELECT code FROM people ORDER BY code")).toEqual([
      { code: "42" },
      { code: "7" },
    ]);
  });

  it("accepts a using text that starts with the USING keyword", () => {
    const [s] = compileOperation({
      kind: "alterColumn",
      table: ref("people"),
      column: "code",
      changes: { type: "integer" },
      using: `USING "code"::integer`,
    });
    expect(s?.sql).toBe(
      `ALTER TABLE "public"."people" ALTER COLUMN "code" TYPE integer USING "code"::integer`,
    );
  });

  it("changes a collation with TYPE ... COLLATE, and resets it by omitting COLLATE", async () => {
    await roundTrip(
      client,
      {
        kind: "alterColumn",
        table: ref("people"),
        column: "label",
        changes: { collation: '"C"' },
        existing: column("label", "text"),
      },
      [`ALTER TABLE "public"."people" ALTER COLUMN "label" TYPE text COLLATE "C"`],
      (after) => {
        expect(linesWith(after.columns, "people.label")).toEqual([`people.label text COLLATE "C"`]);
      },
    );
  });

  it("keeps a collation the change does not mention when the type changes", () => {
    const [s] = compileOperation({
      kind: "alterColumn",
      table: ref("people"),
      column: "label",
      changes: { type: "character varying(9)" },
      existing: column("label", "text", { collation: '"C"' }),
    });
    expect(s?.sql).toBe(
      `ALTER TABLE "public"."people" ALTER COLUMN "label" TYPE character varying(9) COLLATE "C"`,
    );
  });

  it("gives NULL rows the column's default before setting NOT NULL, and leaves hand-written ops as written", async () => {
    await client.query(`CREATE TABLE public.notes (id int, body text DEFAULT 'empty')`);
    await client.query(`INSERT INTO public.notes VALUES (1, NULL), (2, 'kept')`);
    const op = {
      kind: "alterColumn" as const,
      table: ref("notes"),
      column: "body",
      changes: { nullable: false },
      existing: column("body", "text", { default: "'empty'::text" }),
    };
    await roundTrip(
      client,
      op,
      [
        `UPDATE "public"."notes" SET "body" = DEFAULT WHERE "body" IS NULL`,
        `ALTER TABLE "public"."notes" ALTER COLUMN "body" SET NOT NULL`,
      ],
      async () => {
        expect(await rows("SELECT id, body FROM notes ORDER BY id")).toEqual([
          { id: 1, body: "empty" },
          { id: 2, body: "kept" },
        ]);
      },
    );
    // Without `existing` the default it keeps is unknown: the op compiles as written.
    const { existing: _, ...handWritten } = op;
    expect(compileOperation(handWritten).map((s) => s.sql)).toEqual([
      `ALTER TABLE "public"."notes" ALTER COLUMN "body" SET NOT NULL`,
    ]);
    // With `fillNulls: false` (the lock-safe form, after its backfill and validated check) no UPDATE scans the table.
    expect(compileOperation({ ...op, fillNulls: false }).map((s) => s.sql)).toEqual([
      `ALTER TABLE "public"."notes" ALTER COLUMN "body" SET NOT NULL`,
    ]);
    await client.query(`DROP TABLE public.notes`);
  });

  it("sets NOT NULL, a default with quotes and a comment together", async () => {
    await roundTrip(
      client,
      {
        kind: "alterColumn",
        table: ref("people"),
        column: "label",
        changes: { nullable: false, default: "'it''s \\'::text", comment: "über 'label'" },
        existing: column("label", "text"),
      },
      [
        `ALTER TABLE "public"."people" ALTER COLUMN "label" SET DEFAULT E'it''s \\\\'::text`,
        `UPDATE "public"."people" SET "label" = DEFAULT WHERE "label" IS NULL`,
        `ALTER TABLE "public"."people" ALTER COLUMN "label" SET NOT NULL`,
        `COMMENT ON COLUMN "public"."people"."label" IS 'über ''label'''`,
      ],
      (after) => {
        expect(linesWith(after.columns, "people.label")).toEqual([
          `people.label text NOT NULL DEFAULT 'it''s \\'::text -- über 'label'`,
        ]);
      },
    );
  });

  it("compiles nothing when every change equals existing", () => {
    expect(
      compileOperation({
        kind: "alterColumn",
        table: ref("people"),
        column: "label",
        changes: { type: "text", nullable: true },
        existing: column("label", "text"),
      }),
    ).toEqual([]);
  });
});

/** The session setting that carries the next value of the sequence of `col` of items to its new one. */
const nextValueSetting = (col: string): string =>
  `'autogen.next_value_${createHash("md5").update(`"public"."items"."${col}"`).digest("hex")}'`;

/**
 * The statement that moves a column's new sequence past the values of `items` (or to its START), and past
 * the next value of the sequence it replaces when `kept`.
 */
const restartAfterValues = (sequence: string, col: string, kept = false): string => {
  const also = kept ? `, pg_catalog.current_setting(${nextValueSetting(col)})::bigint` : "";
  return (
    `SELECT setval(q.seqrelid, CASE WHEN q.seqincrement > 0 THEN GREATEST((SELECT MAX("${col}") FROM "public"."items") + 1${also}, q.seqstart) ` +
    `ELSE LEAST((SELECT MIN("${col}") FROM "public"."items") - 1${also}, q.seqstart) END, false) ` +
    `FROM pg_catalog.pg_sequence q WHERE q.seqrelid = ${sequence}::pg_catalog.regclass`
  );
};

describe("alterColumn: identity, serial, generated", () => {
  beforeAll(async () => {
    await client.query(
      `CREATE TABLE items (id int NOT NULL, sid serial NOT NULL, gid int GENERATED ALWAYS AS IDENTITY, iid bigint GENERATED BY DEFAULT AS IDENTITY, a int, g int GENERATED ALWAYS AS (a * 2) STORED)`,
    );
    await client.query(`INSERT INTO items (id, a) VALUES (5, 1), (9, 2)`);
  });

  const items = ref("items");

  it("makes a plain column an identity, moving its sequence past the existing values", async () => {
    const existing = column("id", "integer", { nullable: false });
    await roundTrip(
      client,
      {
        kind: "alterColumn",
        table: items,
        column: "id",
        changes: { identity: { kind: "identity", generation: "BY DEFAULT" } },
        existing,
      },
      [
        `ALTER TABLE "public"."items" ALTER COLUMN "id" ADD GENERATED BY DEFAULT AS IDENTITY`,
        restartAfterValues(`pg_catalog.pg_get_serial_sequence('"public"."items"', 'id')`, "id"),
      ],
      async (after) => {
        expect(linesWith(after.columns, "items.id ")).toEqual([
          "items.id integer NOT NULL IDENTITY BY DEFAULT",
        ]);
        const [row] = (
          await client.query(`SELECT nextval(pg_get_serial_sequence('items', 'id')) AS v`)
        ).rows;
        expect(row).toEqual({ v: "10" });
      },
    );
  });

  it("switches an identity between ALWAYS and BY DEFAULT", async () => {
    await roundTrip(
      client,
      {
        kind: "alterColumn",
        table: items,
        column: "gid",
        changes: { identity: { kind: "identity", generation: "BY DEFAULT" } },
        existing: column("gid", "integer", {
          nullable: false,
          identity: { kind: "identity", generation: "ALWAYS" },
        }),
      },
      [`ALTER TABLE "public"."items" ALTER COLUMN "gid" SET GENERATED BY DEFAULT`],
      (after) => {
        expect(linesWith(after.columns, "items.gid")).toEqual([
          "items.gid integer NOT NULL IDENTITY BY DEFAULT",
        ]);
      },
    );
  });

  it("makes a plain column serial with its own sequence, and back", async () => {
    await roundTrip(
      client,
      {
        kind: "alterColumn",
        table: items,
        column: "id",
        changes: { identity: { kind: "serial" } },
        existing: column("id", "integer", { nullable: false }),
      },
      [
        `CREATE SEQUENCE "public"."items_id_seq" AS integer`,
        `ALTER TABLE "public"."items" ALTER COLUMN "id" SET DEFAULT nextval('"public"."items_id_seq"'::regclass)`,
        `ALTER SEQUENCE "public"."items_id_seq" OWNED BY "public"."items"."id"`,
        restartAfterValues(`'"public"."items_id_seq"'::regclass`, "id"),
      ],
      async (after) => {
        expect(linesWith(after.columns, "items.id ")).toEqual([
          "items.id integer NOT NULL DEFAULT nextval('items_id_seq'::regclass)",
        ]);
        expect(after.sequences).toContain(
          "items_id_seq AS integer 1 1 1 2147483647 1 false OWNED BY items.id",
        );
      },
    );
  });

  it("makes a plain column serial with a sequence of the name its identity gives, and back", async () => {
    await roundTrip(
      client,
      {
        kind: "alterColumn",
        table: items,
        column: "id",
        changes: { identity: { kind: "serial", sequence: "items_id_seq1" } },
        existing: column("id", "integer", { nullable: false }),
      },
      [
        `CREATE SEQUENCE "public"."items_id_seq1" AS integer`,
        `ALTER TABLE "public"."items" ALTER COLUMN "id" SET DEFAULT nextval('"public"."items_id_seq1"'::regclass)`,
        `ALTER SEQUENCE "public"."items_id_seq1" OWNED BY "public"."items"."id"`,
        restartAfterValues(`'"public"."items_id_seq1"'::regclass`, "id"),
      ],
      async (after) => {
        expect(after.sequences).toContain("items_id_seq1 AS integer 1 1 1 2147483647 1 false OWNED BY items.id");
      },
    );
  });

  /** A block on the sequence a column of items owns (`s`), found through the column when it runs. */
  const itemsSequenceBlock = (column: string, body: string) =>
    [
      "DO $autogen_seq$",
      "DECLARE",
      `  s pg_catalog.regclass := pg_catalog.pg_get_serial_sequence('"public"."items"', '${column}');`,
      "BEGIN",
      `  IF s IS NULL THEN RAISE EXCEPTION '%', 'column "public"."items"."${column}" owns no sequence'; END IF;`,
      `  ${body}`,
      "END",
      "$autogen_seq$",
    ].join("\n");

  /** A statement on the sequence a column of items owns. */
  const onItemsSequence = (column: string, template: string) =>
    itemsSequenceBlock(column, `EXECUTE pg_catalog.format('${template}', s);`);

  /** Reads the next value of the sequence a column of items owns into its setting, before that sequence goes. */
  const rememberItemsNextValue = (column: string) =>
    itemsSequenceBlock(
      column,
      "EXECUTE pg_catalog.format('SELECT pg_catalog.set_config(%L, (CASE WHEN is_called THEN last_value::numeric + %s ELSE last_value END)::text, false) FROM %s', " +
        `${nextValueSetting(column)}, (SELECT seqincrement FROM pg_catalog.pg_sequence WHERE seqrelid = s), s);`,
    );

  it("turns a serial column into an identity, dropping its sequence, and back", async () => {
    const existing = column("sid", "integer", { nullable: false, identity: { kind: "serial" } });
    await roundTrip(
      client,
      {
        kind: "alterColumn",
        table: items,
        column: "sid",
        changes: { identity: { kind: "identity", generation: "ALWAYS" } },
        existing,
      },
      [
        rememberItemsNextValue("sid"),
        `ALTER TABLE "public"."items" ALTER COLUMN "sid" DROP DEFAULT`,
        onItemsSequence("sid", "DROP SEQUENCE %s"),
        `ALTER TABLE "public"."items" ALTER COLUMN "sid" ADD GENERATED ALWAYS AS IDENTITY`,
        restartAfterValues(`pg_catalog.pg_get_serial_sequence('"public"."items"', 'sid')`, "sid", true),
      ],
      (after) => {
        expect(linesWith(after.columns, "items.sid")).toEqual([
          "items.sid integer NOT NULL IDENTITY ALWAYS",
        ]);
        expect(after.sequences).toContain(
          "items_sid_seq AS integer 1 1 1 2147483647 1 false OWNED BY items.sid",
        );
      },
    );
  });

  // The sequence made for the identity starts where its options say, not at the value after the rows
  // when that is lower (MINVALUE above it is refused by setval), with rows and without.
  it.each([
    ["with rows below its START", "INSERT INTO tickets_$ DEFAULT VALUES", "100"],
    ["with rows past its START", "INSERT INTO tickets_$ SELECT FROM generate_series(1, 120)", "121"],
    ["with no rows", "SELECT", "100"],
  ])("turns a serial column into an identity with START 100 MINVALUE 10 %s", async (_name, fill, next) => {
    const name = `tickets_${next}_${fill.length}`;
    await client.query(`CREATE TABLE ${name} (id serial NOT NULL)`);
    await client.query(fill.replace("tickets_$", name));
    const statements = compileOperation({
      kind: "alterColumn",
      table: ref(name),
      column: "id",
      changes: { identity: { kind: "identity", generation: "BY DEFAULT", options: { start: "100", minValue: "10" } } },
      existing: column("id", "integer", { nullable: false, identity: { kind: "serial" } }),
    });
    for (const s of statements) await client.query(s.sql);
    const [row] = (await client.query(`SELECT nextval(pg_get_serial_sequence('${name}', 'id')) AS v`)).rows;
    expect(row).toEqual({ v: next });
  });

  let switched = 0;

  /**
   * Creates a table with `id` declared as `declaration`, runs `setup` on it (`$` for its name), switches `id`
   * from `from` to `to`, and returns the ids the next two inserts get.
   */
  async function idsAfterSwitch(
    declaration: string,
    setup: string,
    from: ColumnIdentity,
    to: ColumnIdentity,
  ): Promise<unknown[]> {
    const name = `switched_${++switched}`;
    await client.query(`CREATE TABLE ${name} (id ${declaration} NOT NULL, note text)`);
    await client.query(setup.replace(/\$/g, name));
    const statements = compileOperation({
      kind: "alterColumn",
      table: ref(name),
      column: "id",
      changes: { identity: to },
      existing: column("id", "integer", { nullable: false, identity: from }),
    });
    for (const s of statements) await client.query(s.sql);
    return rows(`INSERT INTO ${name} (note) VALUES ('a'), ('b') RETURNING id`);
  }

  const fifty = "INSERT INTO $ (note) SELECT 'x' FROM generate_series(1, 50)";
  const ids = (...values: number[]) => values.map((id) => ({ id }));

  // The old sequence is dropped before the new one exists: its next value is read first, so that the ids
  // it handed out to rows deleted since (6..50 here) are not handed out again, whether rows are left or
  // not; while it was never drawn from (or set back by `setval(..., false)`), its next value is its last.
  it.each([
    ["rows deleted above those left", `${fifty}; DELETE FROM $ WHERE id > 5`, { kind: "identity", generation: "BY DEFAULT" }, ids(51, 52)],
    ["every row deleted", `${fifty}; DELETE FROM $`, { kind: "identity", generation: "ALWAYS" }, ids(51, 52)],
    ["a sequence never drawn from", "SELECT", { kind: "identity", generation: "BY DEFAULT" }, ids(1, 2)],
    ["a sequence set back by setval(..., false)", `${fifty}; DELETE FROM $ WHERE id > 5; SELECT setval(pg_get_serial_sequence('$', 'id'), 40, false)`, { kind: "identity", generation: "BY DEFAULT" }, ids(40, 41)],
    ["a START above its next value", `${fifty}; DELETE FROM $ WHERE id > 5`, { kind: "identity", generation: "BY DEFAULT", options: { start: "100" } }, ids(100, 101)],
    ["a descending identity", `${fifty}; DELETE FROM $ WHERE id > 5`, { kind: "identity", generation: "BY DEFAULT", options: { increment: "-1", start: "-1", maxValue: "-1" } }, ids(-1, -2)],
  ] as const)("turns a serial column into an identity that goes on from its sequence: %s", async (_name, setup, to, expected) => {
    expect(await idsAfterSwitch("serial", setup, { kind: "serial" }, to)).toEqual(expected);
  });

  it.each([
    ["rows deleted above those left", `${fifty}; DELETE FROM $ WHERE id > 5`, ids(51, 52)],
    ["every row deleted", `${fifty}; DELETE FROM $`, ids(51, 52)],
    ["a sequence never drawn from", "SELECT", ids(1, 2)],
  ])("turns an identity column into a serial one that goes on from its sequence: %s", async (_name, setup, expected) => {
    const identity: ColumnIdentity = { kind: "identity", generation: "BY DEFAULT" };
    expect(await idsAfterSwitch("integer GENERATED BY DEFAULT AS IDENTITY", setup, identity, { kind: "serial" })).toEqual(expected);
  });

  it("turns an identity column into a serial one, freeing the sequence name first, and back", async () => {
    const existing = column("iid", "bigint", {
      nullable: false,
      identity: { kind: "identity", generation: "BY DEFAULT" },
    });
    await roundTrip(
      client,
      {
        kind: "alterColumn",
        table: items,
        column: "iid",
        changes: { identity: { kind: "serial" } },
        existing,
      },
      [
        rememberItemsNextValue("iid"),
        `ALTER TABLE "public"."items" ALTER COLUMN "iid" DROP IDENTITY`,
        `CREATE SEQUENCE "public"."items_iid_seq" AS bigint`,
        `ALTER TABLE "public"."items" ALTER COLUMN "iid" SET DEFAULT nextval('"public"."items_iid_seq"'::regclass)`,
        `ALTER SEQUENCE "public"."items_iid_seq" OWNED BY "public"."items"."iid"`,
        restartAfterValues(`'"public"."items_iid_seq"'::regclass`, "iid", true),
      ],
      async (after) => {
        expect(linesWith(after.columns, "items.iid")).toEqual([
          "items.iid bigint NOT NULL DEFAULT nextval('items_iid_seq'::regclass)",
        ]);
        await client.query("INSERT INTO items (id) VALUES (100)");
        expect(await rows("SELECT iid FROM items WHERE id = 100")).toEqual([{ iid: "3" }]);
        await client.query("DELETE FROM items WHERE id = 100");
      },
    );
  });

  it("widens a serial column to bigint together with its sequence", async () => {
    const existing = column("sid", "integer", { nullable: false, identity: { kind: "serial" } });
    await roundTrip(
      client,
      {
        kind: "alterColumn",
        table: items,
        column: "sid",
        changes: { type: "bigint" },
        existing,
      },
      [
        `ALTER TABLE "public"."items" ALTER COLUMN "sid" TYPE bigint`,
        onItemsSequence("sid", "ALTER SEQUENCE %s AS bigint"),
      ],
      (after) => {
        expect(after.sequences).toContain(
          "items_sid_seq AS bigint 1 1 1 9223372036854775807 1 false OWNED BY items.sid",
        );
      },
    );
  });

  it("drops and re-adds a column whose generation expression changes (no SET EXPRESSION before PG 17)", async () => {
    const existing = column("g", "integer", { generated: "(a * 2)" });
    await roundTrip(
      client,
      {
        kind: "alterColumn",
        table: items,
        column: "g",
        changes: { generated: "(a * 3)", comment: "triple" },
        existing,
      },
      [
        `ALTER TABLE "public"."items" DROP COLUMN "g", ADD COLUMN "g" integer GENERATED ALWAYS AS (a * 3) STORED`,
        `COMMENT ON COLUMN "public"."items"."g" IS 'triple'`,
      ],
      async () => {
        expect(await rows("SELECT a, g FROM items ORDER BY a")).toEqual([
          { a: 1, g: 3 },
          { a: 2, g: 6 },
        ]);
      },
    );
  });

  it("turns a generated column into a plain one with DROP EXPRESSION, keeping its values", async () => {
    await roundTrip(
      client,
      {
        kind: "alterColumn",
        table: items,
        column: "g",
        changes: { generated: null },
        existing: column("g", "integer", { generated: "(a * 2)" }),
      },
      [`ALTER TABLE "public"."items" ALTER COLUMN "g" DROP EXPRESSION`],
      async (after) => {
        expect(linesWith(after.columns, "items.g ")).toEqual(["items.g integer"]);
        expect(await rows("SELECT g FROM items ORDER BY g")).toEqual([{ g: 2 }, { g: 4 }]);
      },
    );
  });

  it("refuses an identity change without existing, naming the column", () => {
    const op = {
      kind: "alterColumn" as const,
      table: items,
      column: "id",
      changes: { identity: null },
    };
    expect(() => compileOperation(op)).toThrow(UncompilableOperationError);
    expect(() => compileOperation(op)).toThrow(
      /alterColumn of column "public"\."items"\."id".*existing/,
    );
  });
});

describe("alterColumn: a partitioned table's NOT NULL and its partitions' own", () => {
  const setNotNull = {
    kind: "alterColumn" as const,
    table: ref("events"),
    column: "v",
    changes: { nullable: false },
    existing: column("v", "integer"),
    notNullPartitions: [ref("events_2024")],
  };

  it("sets it on the table alone, and its inverse sets the partitions' own again after the DROP NOT NULL reaches them", () => {
    expect(compileOperation(setNotNull).map((s) => s.sql)).toEqual([`ALTER TABLE "public"."events" ALTER COLUMN "v" SET NOT NULL`]);
    expect(compileOperation(invert(setNotNull)).map((s) => s.sql)).toEqual([
      `ALTER TABLE "public"."events" ALTER COLUMN "v" DROP NOT NULL`,
      `ALTER TABLE "public"."events_2024" ALTER COLUMN "v" SET NOT NULL`,
    ]);
  });
});
