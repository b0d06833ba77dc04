/**
 * Table inheritance on PostgreSQL 15, database to database: children created with INHERITS (their own
 * columns, checks and uniques, and inherited columns with defaults of their own), a parent's new column
 * reaching its children, a child leaving its parent (NO INHERIT) or joining one (INHERIT), and a parent's
 * column dropped while a child keeps it (ALTER TABLE ONLY: the child's values stay).
 */
import { compare } from "../../src/compare";
import type { SchemaModel } from "../../src/model/schema-model";
import { downgrade, dump, prepareRoundTrip, read, upgrade, type RoundTrip } from "./support/db-round-trip";

const BEFORE = `
  CREATE TABLE t (id int);
  CREATE TABLE timestamp_base (created_at timestamp DEFAULT now(), e integer);
  CREATE TABLE a (a1 integer, a2 integer) INHERITS (timestamp_base);
  CREATE TABLE lone (x int, created_at timestamp, e integer);
  CREATE TABLE leaving (z int) INHERITS (timestamp_base);
`;
const ROWS = `
  INSERT INTO a VALUES ('2020-01-01', 7, 1, 2);
  INSERT INTO leaving VALUES ('2020-01-02', 8, 9);
  INSERT INTO lone VALUES (1, '2020-01-03', 5);
`;
const AFTER = `
  CREATE TABLE timestamp_base (created_at timestamp DEFAULT now(), note text DEFAULT 'n');
  CREATE TABLE a (a1 integer, e integer) INHERITS (timestamp_base);
  CREATE TABLE lone (x int, created_at timestamp, e integer, note text DEFAULT 'n') INHERITS (timestamp_base);
  CREATE TABLE leaving (created_at timestamp DEFAULT now(), e integer, z int);
  CREATE TABLE own_default (extra int) INHERITS (timestamp_base);
  ALTER TABLE own_default ALTER COLUMN note SET DEFAULT 'own', ALTER COLUMN created_at SET NOT NULL;
  CREATE TABLE entity_bindings (id BIGSERIAL, entity_type TEXT NOT NULL, entity_id BIGINT NOT NULL);
  CREATE TABLE entity_bindings_a (
    CONSTRAINT "entity_type must be A" CHECK (entity_type = 'A'),
    UNIQUE (entity_id, entity_type)
  ) INHERITS (entity_bindings);
  CREATE TABLE entity_bindings_b (CONSTRAINT "entity_type must be B" CHECK (entity_type = 'B')) INHERITS (entity_bindings);
`;

describe("inheritance: database to database on PostgreSQL 15", () => {
  let run: RoundTrip;
  let original: SchemaModel;
  beforeAll(async () => {
    run = await prepareRoundTrip(BEFORE, AFTER, { rows: ROWS });
    original = await read(run.a);
  });
  afterAll(() => run.dispose());

  it("creates children with INHERITS, keeps a child's column when the parent drops it, and joins and leaves parents", () => {
    expect(run.sql).toEqual(
      expect.arrayContaining([
        `ALTER TABLE ONLY "public"."timestamp_base" DROP COLUMN "e"`,
        `ALTER TABLE "public"."a" DROP COLUMN "a2"`,
        `ALTER TABLE "public"."lone" INHERIT "public"."timestamp_base"`,
        `ALTER TABLE "public"."timestamp_base" ADD COLUMN "note" text DEFAULT 'n'::text`,
        `CREATE TABLE "public"."entity_bindings_a" (CONSTRAINT "entity_bindings_a_entity_id_entity_type_key" UNIQUE ("entity_id", "entity_type"), ` +
          `CONSTRAINT "entity_type must be A" CHECK ((entity_type = 'A'::text))) INHERITS ("public"."entity_bindings")`,
        `ALTER TABLE ONLY "public"."own_default" ALTER COLUMN "created_at" SET DEFAULT now(), ALTER COLUMN "created_at" SET NOT NULL, ` +
          `ALTER COLUMN "note" SET DEFAULT 'own'::text`,
      ]),
    );
    expect(run.sql.filter((s) => s.startsWith("DROP TABLE"))).toEqual([`DROP TABLE "public"."t"`]);
    // NO INHERIT in a block that then drops the checks the child had only from the parent (none here), and
    // INHERIT after a block that adds the parent's checks the table lacks by name.
    expect(run.sql).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`EXECUTE 'ALTER TABLE "public"."leaving" NO INHERIT "public"."timestamp_base"';`),
        expect.stringMatching(/^DO \$autogen_attach\$[^]*'"public"."lone"'::regclass/),
      ]),
    );
  });

  it("upgrades A to B, keeping every row", async () => {
    expect(await upgrade(run)).toStrictEqual({ operations: [], log: [] });
    expect(dump(run.a)).toEqual(run.targetDump);
    expect(await run.a.query("SELECT a1, e, note FROM a")).toStrictEqual([{ a1: 1, e: 7, note: "n" }]);
    expect(await run.a.query("SELECT z, e FROM leaving")).toStrictEqual([{ z: 9, e: 8 }]);
    expect(await run.a.query("SELECT x, e FROM lone")).toStrictEqual([{ x: 1, e: 5 }]);
  });

  // KNOWN FAILURE: in A, a.e, leaving.created_at and leaving.e are columns their tables have only from
  // timestamp_base (attislocal false). The upgrade keeps their values by making them the tables' own
  // (ALTER TABLE ONLY ... DROP COLUMN, NO INHERIT); the downgrade adds e back to the parent and INHERIT
  // again, which merge with those columns, but no statement makes a column inherited-only again without
  // dropping its values: pg_dump then lists them among the tables' own columns.
  it.failing("downgrades back to A's exact dump", async () => {
    await downgrade(run);
    expect(dump(run.a)).toEqual(run.originalDump);
  });

  it("after the downgrade, A is back but for which columns are the children's own, and every row is kept", async () => {
    // Nothing to do, and a warning for each column that stays the table's own.
    const again = compare(await read(run.a), original);
    expect(again.operations).toEqual([]);
    expect(again.log).toEqual(
      ["a.e", "leaving.created_at", "leaving.e"].map(
        (c) =>
          `Warning: column 'public.${c}' stays a column of the table itself as well as inherited: Postgres merges ` +
          `the parent's column into it and has no statement that makes it inherited only (dropping it first would lose its data)`,
      ),
    );
    const ownNow = await run.a.query<{ col: string }>(
      "SELECT attrelid::regclass || '.' || attname AS col FROM pg_attribute WHERE attnum > 0 AND attislocal " +
        "AND attinhcount > 0 AND attrelid IN ('a'::regclass, 'leaving'::regclass) ORDER BY 1",
    );
    expect(ownNow.map((r) => r.col)).toEqual(["a.e", "leaving.created_at", "leaving.e"]);
    // a2 was dropped by the upgrade (destructive, marked): it comes back empty.
    expect(await run.a.query("SELECT a1, a2, e FROM a")).toStrictEqual([{ a1: 1, a2: null, e: 7 }]);
    expect(await run.a.query("SELECT z, e FROM leaving")).toStrictEqual([{ z: 9, e: 8 }]);
  });
});

// Ordinary inheritance matches a parent's checks by name, as a partition's ATTACH does: NO INHERIT leaves
// them on the child as its own (they were dropped before the child's own of the same name was added
// again: "constraint ... already exists"), INHERIT refuses a table without them ("child table is missing
// constraint"); src/sql/compile-partitions.ts.
describe("inheritance: a parent's checks when a table leaves or joins it", () => {
  const base = "CREATE TABLE base (id int NOT NULL, kind text, CONSTRAINT base_kind CHECK (kind <> ''));";

  it("a child that leaves its parent gets the parent's check as its own, checked again", async () => {
    const run = await prepareRoundTrip(
      `${base} CREATE TABLE c1 (extra int) INHERITS (base);`,
      `${base} CREATE TABLE c1 (id int NOT NULL, kind text, extra int, CONSTRAINT base_kind CHECK (kind <> ''));`,
      { rows: "INSERT INTO c1 VALUES (1, 'x', 2);" },
    );
    try {
      expect(await upgrade(run)).toStrictEqual({ operations: [], log: [] });
      expect(dump(run.a)).toEqual(run.targetDump);
    } finally {
      await run.dispose();
    }
  });

  it("a table that joins a parent gets the parent's checks it lacks first, and keeps its rows", async () => {
    const run = await prepareRoundTrip(
      `${base} CREATE TABLE loose (id int NOT NULL, kind text, extra int);`,
      `${base} CREATE TABLE loose (extra int) INHERITS (base);`,
      { rows: "INSERT INTO loose VALUES (1, 'x', 2);" },
    );
    try {
      const again = await upgrade(run);
      expect(again.operations).toEqual([]);
      expect(await run.a.query("SELECT count(*)::int AS n FROM base")).toStrictEqual([{ n: 1 }]);
      // Its columns, and the parent's check added for the INHERIT, stay its own as well as inherited: a
      // warning says so for each (inherit2 in the corpus, for columns).
      expect(again.log).toContain(
        "Warning: check 'base_kind' on 'public.loose' stays a constraint of the table itself as well as inherited: " +
          "Postgres merges the parent's check into it and has no statement that makes it inherited only",
      );
      expect(again.log.every((line) => / stays a (column|constraint) of the table itself as well as inherited/.test(line))).toBe(true);
    } finally {
      await run.dispose();
    }
  });

  // A merged check stays the table's own too (conislocal), which no statement undoes; it is kept, with a
  // warning, instead of a DROP that PostgreSQL refuses ("cannot drop inherited constraint").
  it("a table with the parent's check of its own joins the parent, and is in sync after", async () => {
    const run = await prepareRoundTrip(
      `${base} CREATE TABLE loose (id int NOT NULL, kind text, extra int, CONSTRAINT base_kind CHECK (kind <> ''));`,
      `${base} CREATE TABLE loose (extra int) INHERITS (base);`,
      { rows: "INSERT INTO loose VALUES (1, 'x', 2);" },
    );
    try {
      expect((await upgrade(run)).operations).toEqual([]);
    } finally {
      await run.dispose();
    }
  });
});
