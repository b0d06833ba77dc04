/**
 * The same schema read from a PostgreSQL 15 server and from PGlite (PostgreSQL 18 in WASM) gives the same
 * model: the queries cast every value so that both drivers return the same JavaScript values, and PG18's
 * catalog additions (NOT NULL rows in pg_constraint) are ignored.
 */
import fs from "node:fs";
import path from "node:path";
import { introspect, UnsupportedCatalogObjectError } from "../../src/introspect";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { connectPg, startPglite, type PgConnection, type PgliteProcess } from "./helpers";
import { NEWER_CONSTRAINT_CASES } from "./fixtures/newer-constraints";

const PORTABLE_SCHEMA = fs.readFileSync(path.join(__dirname, "fixtures", "portable-schema.sql"), "utf8");

describe("introspect on PGlite", () => {
  let db: TestDatabase;
  let conn: PgConnection;
  let lite: PgliteProcess;
  let starting: Promise<PgliteProcess> | undefined;

  beforeAll(async () => {
    starting = startPglite(); // the slow part: start it while the server database is prepared
    db = await createTestDatabase("pglite");
    conn = await connectPg(db.url);
    await conn.client.query(PORTABLE_SCHEMA);
    lite = await starting;
    await lite.exec(PORTABLE_SCHEMA);
  });

  afterAll(async () => {
    await (await starting?.catch(() => undefined))?.close();
    await conn.end();
    await db.drop();
  });

  it("yields the same model as PostgreSQL 15 for the same schema", async () => {
    const version = await lite.query<{ v: number }>("SELECT current_setting('server_version_num')::int4 AS v");
    expect(version.rows[0]!.v).toBeGreaterThanOrEqual(180000);

    const fromServer = await introspect(conn, { schemas: ["app"] });
    const fromPglite = await introspect(lite, { schemas: ["app"] });
    expect(fromPglite).toStrictEqual(fromServer);

    // The comparison covers real content, not two empty models.
    const people = fromPglite.tables['"app"."people"']!;
    expect(people.columns.map((c) => c.name)).toEqual([
      "id", "email", "name", "mood", "balance", "nicknames", "created_at",
    ]);
    expect(people.checks).toStrictEqual([
      { type: "check", name: "people_balance_check", definition: "CHECK ((balance >= (0)::numeric))" },
    ]);
    expect(people.indexes.map((i) => i.name)).toEqual([
      "people_created_idx", "people_lower_email_idx", "people_name_pattern_idx", "people_nicknames_idx",
    ]);
    expect(fromPglite.tables['"app"."notes"']!.foreignKeys[0]).toMatchObject({
      onDelete: "CASCADE",
      onUpdate: "SET NULL",
    });
    expect(Object.keys(fromPglite.sequences)).toEqual(['"app"."ticket_seq"']);
    expect(Object.keys(fromPglite.functions)).toEqual(['"app"."note_count"(p integer)', '"app"."touch"()']);
    expect(Object.keys(fromPglite.triggers)).toEqual(['"app"."notes"."notes_touch"']);
    expect(Object.keys(fromPglite.policies)).toEqual(['"app"."notes"."notes_own"']);
    expect(Object.keys(fromPglite.privileges)).toEqual([
      'column "app"."notes"."body"',
      'function "app"."note_count"(p integer)',
      'table "app"."notes"',
    ]);
    expect(Object.keys(fromPglite.comments)).toHaveLength(5);
    expect(Object.keys(fromPglite.collations)).toEqual(['"app"."bytewise"']);
  });

  it("reads a PostgreSQL 18 virtual generated column as one (virtual: true), and a stored one without it", async () => {
    await lite.exec(
      "CREATE SCHEMA virt; CREATE TABLE virt.boxes (w integer, h integer, area integer GENERATED ALWAYS AS (w * h) VIRTUAL, " +
        "twice integer GENERATED ALWAYS AS (w * 2) STORED)",
    );
    const columns = (await introspect(lite, { schemas: ["virt"] })).tables['"virt"."boxes"']!.columns;
    expect(columns.slice(2)).toStrictEqual([
      { name: "area", type: "integer", nullable: true, default: null, identity: null, generated: "(w * h)", virtual: true, collation: null, comment: null },
      { name: "twice", type: "integer", nullable: true, default: null, identity: null, generated: "(w * 2)", collation: null, comment: null },
    ]);
  });

  it("reads a PostgreSQL 18 foreign key NOT ENFORCED as one (notEnforced, never notValid as well)", async () => {
    await lite.exec(
      "CREATE SCHEMA unenforced; CREATE TABLE unenforced.p (id integer PRIMARY KEY); " +
        'CREATE TABLE unenforced.c (pid integer CONSTRAINT "c NOT ENFORCED" REFERENCES unenforced.p NOT ENFORCED, ' +
        'q integer CONSTRAINT "q NOT ENFORCED" REFERENCES unenforced.p)',
    );
    const keys = (await introspect(lite, { schemas: ["unenforced"] })).tables['"unenforced"."c"']!.foreignKeys;
    const key = (name: string, columns: string[]) => ({
      type: "foreignKey", name, columns, referencedTable: { schema: "unenforced", name: "p" }, referencedColumns: ["id"],
      onDelete: "NO ACTION", onUpdate: "NO ACTION", deferrable: false, initiallyDeferred: false,
    });
    expect(keys).toStrictEqual([{ ...key("c NOT ENFORCED", ["pid"]), notEnforced: true }, key("q NOT ENFORCED", ["q"])]);
  });

  it.each(NEWER_CONSTRAINT_CASES)("refuses $schema, a PostgreSQL 18 constraint the model does not represent, naming it", async ({ schema, sql, refusal }) => {
    await lite.exec(`CREATE SCHEMA ${schema}; ${sql}`);
    await expect(introspect(lite, { schemas: [schema] })).rejects.toThrow(UnsupportedCatalogObjectError);
    await expect(introspect(lite, { schemas: [schema] })).rejects.toThrow(refusal);
  });
});
