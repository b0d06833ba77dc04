/**
 * Removing enum labels on PostgreSQL 15: the type is swapped for one without them, and the migration
 * checks first, in SQL, that no row holds a removed label (or rewrites it through a value map). A refused
 * removal changes nothing.
 */
import { Client } from "pg";
import { compare } from "../../src/compare";
import { operationBuilders } from "../../src/ops/builders";
import { invertAll } from "../../src/ops/invert";
import { compileOperations } from "../../src/sql/compile";
import { setAsideEnumDependents } from "../../src/sql/enum-dependents";
import { setAsideTypeFunctions } from "../../src/sql/type-functions";
import { applyOperations } from "../support/apply";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { read } from "./support/db-round-trip";
import { pgDumpBySchemaAsync } from "../support/pg-dump";
import { namesSchema } from "../catalog/catalog-round-trip";

const SCHEMA = `
  CREATE TYPE status AS ENUM ('open', 'cancelled', 'closed');
  CREATE TABLE tickets (id int, state status DEFAULT 'open', history status[] DEFAULT '{open}');
`;

describe("enum label removal on PostgreSQL 15", () => {
  let db: TestDatabase;
  let target: TestDatabase;
  beforeAll(async () => {
    [db, target] = await Promise.all([createTestDatabase("enumrm"), createTestDatabase("enumrmb")]);
    await db.query(SCHEMA);
    await target.query(`CREATE TYPE status AS ENUM ('open', 'closed');
      CREATE TABLE tickets (id int, state status DEFAULT 'open', history status[] DEFAULT '{open}');`);
  });
  afterAll(async () => {
    await Promise.all([db.drop(), target.drop()]);
  });

  it("refuses, naming the table, column and label, while a row holds the label, and changes nothing", async () => {
    await db.query(`INSERT INTO tickets VALUES (1, 'cancelled', '{open}'), (2, 'open', '{open,closed}')`);
    const { operations, log } = compare(await read(db), await read(target));
    expect(log).toEqual(["Detected changed values of enum 'public.status' from ('open', 'cancelled', 'closed') to ('open', 'closed'): the type is rebuilt"]);
    const failure = applyOperations(db.url, operations);
    await expect(failure).rejects.toThrow(
      "Cannot remove label 'cancelled' from enum public.status: column state of table public.tickets holds it in some rows. " +
        "Change those rows first, or map the label to a kept one with the alterEnum valueMap option.",
    );
    expect(await db.query("SELECT enum_range(NULL::status)::text AS labels")).toStrictEqual([{ labels: "{open,cancelled,closed}" }]);
    expect(await db.query("SELECT id, state::text FROM tickets ORDER BY id")).toStrictEqual([
      { id: 1, state: "cancelled" },
      { id: 2, state: "open" },
    ]);
  });

  it("refuses too when only an array holds the label", async () => {
    await db.query(`UPDATE tickets SET state = 'open', history = '{cancelled}' WHERE id = 1`);
    const { operations } = compare(await read(db), await read(target));
    await expect(applyOperations(db.url, operations)).rejects.toThrow("column history of table public.tickets holds it");
  });

  it("removes the label once no row holds it, and the downgrade adds it back", async () => {
    await db.query(`UPDATE tickets SET history = '{closed}' WHERE id = 1`);
    const { operations } = compare(await read(db), await read(target));
    await applyOperations(db.url, operations);
    expect(compare(await read(db), await read(target)).operations).toStrictEqual([]);
    expect(await db.query("SELECT id, state::text, history::text FROM tickets ORDER BY id")).toStrictEqual([
      { id: 1, state: "open", history: "{closed}" },
      { id: 2, state: "open", history: "{open,closed}" },
    ]);
    await applyOperations(db.url, invertAll(operations));
    expect(await db.query("SELECT enum_range(NULL::status)::text AS labels")).toStrictEqual([{ labels: "{open,cancelled,closed}" }]);
  });

  it("rewrites the rows that hold a removed label through a value map, in columns and arrays", async () => {
    await db.query(`INSERT INTO tickets VALUES (3, 'cancelled', '{cancelled,open}')`);
    const op = operationBuilders.alterEnum("status", {
      from: ["open", "cancelled", "closed"],
      to: ["open", "closed"],
      usages: [
        { table: "tickets", column: "state", default: "'open'::public.status" },
        { table: "tickets", column: "history", default: "'{open}'::public.status[]", array: true },
      ],
      valueMap: { cancelled: "closed" },
    });
    // No DO block rewrites the rows (the only ones keep the type's owner, see tests/catalog/owners.db.test.ts,
    // bring the new type to the built-in privileges, see tests/catalog/default-privileges.db.test.ts, keep its
    // grants and comment, set aside the constraints and indexes holding a constant of the type, see
    // enum-append-downgrade.db.test.ts, and the functions using it, see enum-rebuild-functions.db.test.ts).
    const kept = ["DO $autogen_owner$", "DO $autogen_acl$", "DO $autogen_comment$", "DO $autogen_enum$", "DO $autogen_functions$"];
    const rewrites = (sql: string) => sql.startsWith("DO ") && !kept.some((start) => sql.startsWith(start));
    expect(compileOperations([op]).some((s) => rewrites(s.sql))).toBe(false);
    await applyOperations(db.url, [op]);
    expect(await db.query("SELECT id, state::text, history::text FROM tickets ORDER BY id")).toStrictEqual([
      { id: 1, state: "open", history: "{closed}" },
      { id: 2, state: "open", history: "{open,closed}" },
      { id: 3, state: "closed", history: "{closed,open}" },
    ]);
    expect(compare(await read(db), await read(target)).operations).toStrictEqual([]);
  });

  it("runs the check inside the migration's transaction, before the swap", async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query("BEGIN");
      await client.query(`ALTER TYPE status ADD VALUE 'gone'`);
      await client.query("COMMIT");
      await client.query(`INSERT INTO tickets VALUES (4, 'gone', '{}')`);
      const op = operationBuilders.alterEnum("status", {
        from: ["open", "closed", "gone"],
        to: ["open", "closed"],
        usages: [{ table: "tickets", column: "state", default: "'open'::public.status" }],
      });
      const [check, ...rest] = compileOperations([op]);
      expect(check!.transactional).toBe(true);
      // Then the grants, comment and owner are read (the new type keeps them), what holds a constant of the
      // type set aside, then the swap.
      expect(rest[0]!.sql).toMatch(/^DO \$autogen_acl\$[^]*PERFORM pg_catalog\.set_config\('autogen\.acl_/);
      expect(rest[1]!.sql).toMatch(/^DO \$autogen_comment\$[^]*PERFORM pg_catalog\.set_config\('autogen\.comment_/);
      expect(rest[2]!.sql).toMatch(/^DO \$autogen_owner\$ BEGIN PERFORM set_config\('autogen\.owner_/);
      expect(rest[3]!.sql).toBe(setAsideEnumDependents({ schema: "public", name: "status" }).sql);
      expect(rest[4]!.sql).toBe(setAsideTypeFunctions({ schema: "public", name: "status" }, [{ schema: "public", name: "status" }]).sql);
      expect(rest[5]!.sql).toBe(`ALTER TYPE "public"."status" RENAME TO "status__old"`);
      await expect(applyOperations(db.url, [op])).rejects.toThrow("Cannot remove label 'gone'");
    } finally {
      await client.end();
    }
  });
});

/**
 * A rebuild that also changes the default of a column it re-casts: the rebuild sets the new default
 * (`defaultAfter`) instead of restoring the old one, which may use a label it removes; the downgrade's
 * rebuild puts the old one back, once its labels are there again. The cases share one round trip, a
 * schema each (`s<n>`, the search path while its SQL runs): the upgrade and the derived downgrade run on A
 * with rows in place, and each case's part of A's dump (pg_dump) must then equal its part of B's, then its
 * part of A's before the upgrade.
 */
describe("an enum rebuild that also changes a column's default", () => {
  const cases: ReadonlyArray<{ name: string; a: string; b: string; rows: string; kept: string }> = [
    {
      name: "a removed label was the default; the new default is a kept label",
      a: "CREATE TYPE mood AS ENUM ('ok', 'glad'); CREATE TABLE t (id int, m mood DEFAULT 'glad')",
      b: "CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE t (id int, m mood DEFAULT 'ok')",
      rows: "INSERT INTO t VALUES (1, 'ok')",
      kept: "1:ok",
    },
    {
      name: "a removed label was the default; the new default is a label the rebuild adds",
      a: "CREATE TYPE mood AS ENUM ('ok', 'glad'); CREATE TABLE t (id int, m mood DEFAULT 'glad')",
      b: "CREATE TYPE mood AS ENUM ('ok', 'happy'); CREATE TABLE t (id int, m mood DEFAULT 'happy')",
      rows: "INSERT INTO t VALUES (1, 'ok')",
      kept: "1:ok",
    },
    {
      name: "a removed label was the default; the column has none after",
      a: "CREATE TYPE mood AS ENUM ('ok', 'glad'); CREATE TABLE t (id int, m mood DEFAULT 'glad' NOT NULL)",
      b: "CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE t (id int, m mood)",
      rows: "INSERT INTO t VALUES (1, 'ok')",
      kept: "1:ok",
    },
    {
      name: "an array's default held the removed label",
      a: "CREATE TYPE mood AS ENUM ('ok', 'glad'); CREATE TABLE t (id int, m mood[] DEFAULT '{glad,ok}')",
      b: "CREATE TYPE mood AS ENUM ('ok'); CREATE TABLE t (id int, m mood[] DEFAULT '{ok}')",
      rows: "INSERT INTO t VALUES (1, '{ok,ok}')",
      kept: "1:{ok,ok}",
    },
    {
      name: "labels reordered, the default moves to another kept label",
      a: "CREATE TYPE mood AS ENUM ('ok', 'glad'); CREATE TABLE t (id int, m mood DEFAULT 'ok')",
      b: "CREATE TYPE mood AS ENUM ('glad', 'ok'); CREATE TABLE t (id int, m mood DEFAULT 'glad')",
      rows: "INSERT INTO t VALUES (1, 'glad')",
      kept: "1:glad",
    },
    {
      name: "no default before; a label the rebuild adds after",
      a: "CREATE TYPE mood AS ENUM ('ok', 'glad'); CREATE TABLE t (id int, m mood)",
      b: "CREATE TYPE mood AS ENUM ('ok', 'happy'); CREATE TABLE t (id int, m mood DEFAULT 'happy')",
      rows: "INSERT INTO t VALUES (1, 'ok')",
      kept: "1:ok",
    },
  ];
  const schemas = cases.map((_, n) => `s${n}`);
  const side = (sql: (c: (typeof cases)[number]) => string) =>
    cases.map((c, n) => `CREATE SCHEMA s${n}; SET search_path = s${n}; ${sql(c)};`).join("\n") + "\nRESET search_path;";

  /** The shared round trip, run once when first asked: each step's results, for the cases to look at. */
  const shared = (() => {
    let run: Promise<Awaited<ReturnType<typeof roundTrip>>> | null = null;
    async function roundTrip() {
      const [db, target] = await Promise.all([createTestDatabase("enumdef"), createTestDatabase("enumdefb")]);
      try {
        await Promise.all([db.query(side((c) => `${c.a}; ${c.rows}`)), target.query(side((c) => c.b))]);
        const [from, to] = await Promise.all([read(db, schemas), read(target, schemas)]);
        const { operations } = compare(from, to);
        const values = async () =>
          Object.fromEntries(
            await Promise.all(
              schemas.map(async (schema) => [schema, (await db.query<{ v: string }>(`SELECT id || ':' || m::text AS v FROM ${schema}.t ORDER BY id`)).map((r) => r.v)] as const),
            ),
          );
        const [original, targetDump] = await Promise.all([pgDumpBySchemaAsync(db.url), pgDumpBySchemaAsync(target.url)]);
        await applyOperations(db.url, operations);
        const upgraded = await pgDumpBySchemaAsync(db.url);
        const valuesUp = await values();
        await applyOperations(db.url, invertAll(operations));
        const downgraded = await pgDumpBySchemaAsync(db.url);
        const valuesDown = await values();
        return { to, operations, original, target: targetDump, upgraded, downgraded, valuesUp, valuesDown };
      } finally {
        await Promise.all([db.drop(), target.drop()]);
      }
    }
    return () => (run ??= roundTrip());
  })();

  it.each(cases.map((c, n) => ({ ...c, schema: `s${n}` })))(
    "$name: the upgrade reaches B and the downgrade A, keeping the rows",
    async ({ kept, schema }) => {
      const result = await shared();
      const operations = result.operations.filter((op) => namesSchema(JSON.stringify(op), schema));
      // The default change is the rebuild's: no statement sets a default the type cannot hold yet.
      const rebuild = operations.find((op) => op.kind === "alterEnum");
      expect(rebuild?.kind === "alterEnum" && rebuild.usages.map((u) => u.defaultAfter)).toEqual([
        result.to.tables[`"${schema}"."t"`]!.columns[1]!.default,
      ]);
      expect(operations.filter((op) => op.kind === "alterColumn" && op.changes.default !== undefined)).toEqual([]);

      expect(result.upgraded.schemas[schema]).toEqual(result.target.schemas[schema]);
      expect(result.valuesUp[schema]).toEqual([kept]);
      expect(result.downgraded.schemas[schema]).toEqual(result.original.schemas[schema]);
      expect(result.valuesDown[schema]).toEqual([kept]);
    },
  );

  it("the shared round trip: A dumps as B after the upgrade, as before it after the downgrade; each operation is one case's", async () => {
    const result = await shared();
    expect(result.upgraded.whole).toEqual(result.target.whole);
    expect(result.downgraded.whole).toEqual(result.original.whole);
    const cases = (op: unknown) => schemas.filter((schema) => namesSchema(JSON.stringify(op), schema));
    expect(result.operations.filter((op) => cases(op).length !== 1)).toEqual([]);
    for (const schema of schemas) expect(result.original.schemas[schema]).toContain(`CREATE SCHEMA ${schema};`);
  });

  it("leaves the default change to the column when its type changes too, or when only labels are added", async () => {
    const [db, target] = await Promise.all([createTestDatabase("enumdefc"), createTestDatabase("enumdefd")]);
    try {
      await db.query("CREATE TYPE mood AS ENUM ('ok', 'glad'); CREATE TABLE t (m mood DEFAULT 'glad', n mood DEFAULT 'ok')");
      await target.query("CREATE TYPE mood AS ENUM ('ok', 'glad', 'new'); CREATE TABLE t (m text DEFAULT 'x', n mood DEFAULT 'new')");
      const { operations } = compare(await read(db), await read(target));
      const alterEnum = operations.find((op) => op.kind === "alterEnum");
      // An append: ADD VALUE, and the new default is set by the column's own change (after a commit).
      expect(alterEnum?.kind === "alterEnum" && alterEnum.usages.every((u) => u.defaultAfter === undefined)).toBe(true);
      expect(
        operations.flatMap((op) => (op.kind === "alterColumn" && op.changes.default !== undefined ? [`${op.column}: ${op.changes.default}`] : [])),
      ).toEqual(["m: 'x'::text", "n: 'new'::mood"].map((line) => line.replace("::mood", "::public.mood")));
    } finally {
      await Promise.all([db.drop(), target.drop()]);
    }
  });
});
