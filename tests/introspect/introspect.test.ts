import fs from "node:fs";
import path from "node:path";
import { introspect, introspectInTransaction, SystemSchemaError } from "../../src/introspect";
import type { SchemaModel } from "../../src/model/schema-model";
import { createTestDatabase, serverMajor, type TestDatabase } from "../support/test-db";
import { RICH_SCHEMA_MODEL } from "./fixtures/rich-schema-model";
import { connectPg, type PgConnection } from "./helpers";
import { column, foreignKey, index, key, primaryKey, serial, table } from "../support/model-builders";

const RICH_SCHEMA = fs.readFileSync(path.join(__dirname, "fixtures", "rich-schema.sql"), "utf8");

/**
 * The fixture's model as the test server prints it (`npm run test:pg`, README "Other PostgreSQL majors"):
 * 16+ print a view's columns unqualified (`SELECT id` where 15 prints `SELECT users.id`), 18 ships citext 1.8.
 */
function expectedOn(major: number): SchemaModel {
  if (major < 16) return RICH_SCHEMA_MODEL;
  const unqualified = (definition: string) => definition.replace(/\b(users|active_users)\.(\w+)/g, "$2");
  const views = Object.fromEntries(Object.entries(RICH_SCHEMA_MODEL.views).map(([key, v]) => [key, { ...v, definition: unqualified(v.definition) }]));
  const citext = { ...RICH_SCHEMA_MODEL.extensions["citext"]!, version: major >= 18 ? "1.8" : "1.6" };
  return { ...RICH_SCHEMA_MODEL, views, extensions: { ...RICH_SCHEMA_MODEL.extensions, citext } };
}

describe("introspect on PostgreSQL 15", () => {
  let db: TestDatabase;
  let conn: PgConnection;
  let EXPECTED: SchemaModel;

  beforeAll(async () => {
    EXPECTED = expectedOn(await serverMajor());
    db = await createTestDatabase("introspect");
    conn = await connectPg(db.url);
    await conn.client.query(RICH_SCHEMA);
  });

  afterAll(async () => {
    await conn.end();
    await db.drop();
  });

  it("reads every kind of object into the model, exactly as Postgres prints it", async () => {
    const model = await introspect(conn, {
      schemas: ["public", "billing", "does_not_exist"],
      excludeTables: ['"billing"."legacy"'],
    });
    expect(model).toStrictEqual(EXPECTED);
    // Maps are built in sorted key order, so the JSON form is stable too.
    expect(Object.keys(model.tables)).toEqual(Object.keys(EXPECTED.tables));
    // Views come in dependency order: a view after the views it reads.
    expect(Object.keys(model.views)).toEqual(['"public"."active_users"', '"public"."active_emails"']);
  });

  it("keeps an excluded table's owned sequences out, and always leaves out autogen_version", async () => {
    const model = await introspect(conn, { schemas: ["billing"] });
    expect(Object.keys(model.tables)).toEqual(['"billing"."invoices"', '"billing"."legacy"']);
    expect(model.tables['"billing"."legacy"']!.columns[0]).toStrictEqual(serial("id"));
    expect(model.tables['"billing"."legacy"']!.indexes.map((i) => i.name)).toEqual(["legacy_code_idx"]);
    expect(Object.keys(model.sequences)).toEqual(['"billing"."legacy_extra_seq"', '"billing"."ticket_seq"']);
    expect(model.sequences['"billing"."legacy_extra_seq"']!.ownedBy).toStrictEqual({
      table: { schema: "billing", name: "legacy" },
      column: "code",
    });
    const withoutLegacy = await introspect(conn, { schemas: ["billing"], excludeTables: ['"billing"."legacy"'] });
    expect(Object.keys(withoutLegacy.sequences)).toEqual(['"billing"."ticket_seq"']);
  });

  it("reads only the schemas asked for", async () => {
    const model = await introspect(conn, { schemas: ["unrelated"] });
    expect(model.schemas).toEqual(["unrelated"]);
    expect(Object.keys(model.tables)).toEqual(['"unrelated"."things"']);
    expect(model.enums).toStrictEqual({});
    expect(model.sequences).toStrictEqual({});
    const none = await introspect(conn, { schemas: [] });
    const { generatedReads: _, partitionKeyColumns: __, memberReads: ___, ...nothingGenerated } = EXPECTED;
    expect(none).toStrictEqual({
      ...nothingGenerated,
      schemas: [],
      enums: {},
      sequences: {},
      tables: {},
      views: {},
      privileges: {},
      comments: {},
    });
  });

  it("ends its own transaction and leaves the session's search_path alone", async () => {
    const notices: string[] = [];
    const onNotice = (n: { message?: string }): void => void notices.push(n.message ?? "");
    conn.client.on("notice", onNotice);
    try {
      await introspect(conn, { schemas: ["public"] });
      const { rows } = await conn.query<{ search_path: string }>("SHOW search_path");
      expect(rows[0]!.search_path).toBe('"$user", public');
      await conn.query("COMMIT");
      expect(notices).toEqual(["there is no transaction in progress"]);
    } finally {
      conn.client.off("notice", onNotice);
    }
  });

  it("refuses system schemas with a message naming them", async () => {
    const attempt = introspect(conn, { schemas: ["public", "pg_catalog", "information_schema"] });
    await expect(attempt).rejects.toBeInstanceOf(SystemSchemaError);
    await expect(introspect(conn, { schemas: ["pg_catalog"] })).rejects.toThrow(
      /includes "pg_catalog", which is a system schema/,
    );
    // The failed attempt rolled back: the connection still works outside a transaction.
    const { rows } = await conn.query<{ ok: number }>("SELECT 1::int4 AS ok");
    expect(rows).toEqual([{ ok: 1 }]);
  });

  it("reads the session's own temporary schema inside the caller's transaction", async () => {
    await conn.query("BEGIN");
    try {
      await conn.query(
        "CREATE TEMPORARY TABLE scratch (id serial PRIMARY KEY, role public.user_role DEFAULT 'admin', note text)",
      );
      const { rows } = await conn.query<{ name: string }>(
        "SELECT nspname::text AS name FROM pg_namespace WHERE oid = pg_my_temp_schema()",
      );
      const tempSchema = rows[0]!.name;
      const model = await introspectInTransaction(conn, { schemas: [tempSchema] });
      expect(model.schemas).toEqual([tempSchema]);
      expect(model.sequences).toStrictEqual({});
      expect(model.tables).toStrictEqual({
        [`"${tempSchema}"."scratch"`]: table(
          { schema: tempSchema, name: "scratch" },
          [
            serial("id"),
            column("role", "public.user_role", { default: "'admin'::public.user_role" }),
            column("note", "text"),
          ],
          { primaryKey: primaryKey("scratch_pkey", ["id"]) },
        ),
      });
      // SET LOCAL lasts until the caller's transaction ends.
      const path = await conn.query<{ search_path: string }>("SHOW search_path");
      expect(path.rows[0]!.search_path).toBe("pg_catalog");
    } finally {
      await conn.query("ROLLBACK");
    }
  });
  it("quotes mixed-case names and still recognises their serial sequences", async () => {
    await conn.client.query(`
      CREATE SCHEMA "Mixed Case";
      CREATE TABLE "Mixed Case"."User Accounts" ("Id" serial PRIMARY KEY, "E-mail" text NOT NULL);
      CREATE INDEX "Accounts by mail" ON "Mixed Case"."User Accounts" (lower("E-mail"));`);
    const model = await introspect(conn, { schemas: ["Mixed Case"] });
    expect(model.sequences).toStrictEqual({});
    expect(model.tables).toStrictEqual({
      '"Mixed Case"."User Accounts"': table(
        "Mixed Case.User Accounts",
        [serial("Id"), column("E-mail", "text", { nullable: false })],
        {
          primaryKey: primaryKey("User Accounts_pkey", ["Id"]),
          indexes: [index("Accounts by mail", [key('lower("E-mail")')])],
        },
      ),
    });
  });

  it("reads a foreign key to a partitioned table once, not once per partition", async () => {
    await conn.client.query(`
      CREATE SCHEMA parts;
      CREATE TABLE parts.readings (id integer NOT NULL, day date NOT NULL, PRIMARY KEY (id, day))
        PARTITION BY RANGE (day);
      CREATE TABLE parts.readings_2024 PARTITION OF parts.readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE TABLE parts.readings_2025 PARTITION OF parts.readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE parts.notes (reading_id integer, reading_day date,
        CONSTRAINT notes_reading_fk FOREIGN KEY (reading_id, reading_day) REFERENCES parts.readings (id, day));`);
    const model = await introspect(conn, { schemas: ["parts"] });
    expect(model.tables['"parts"."notes"']!.foreignKeys).toStrictEqual([
      foreignKey("notes_reading_fk", ["reading_id", "reading_day"], "parts.readings", ["id", "day"]),
    ]);
    // Partitions are read with their parent and bound; the primary key they get from the partitioned
    // table is the partitioned table's, not theirs.
    expect(Object.keys(model.tables)).toEqual([
      '"parts"."notes"',
      '"parts"."readings"',
      '"parts"."readings_2024"',
      '"parts"."readings_2025"',
    ]);
    expect(model.tables['"parts"."readings"']!.primaryKey).toStrictEqual(primaryKey("readings_pkey", ["id", "day"]));
    expect(model.tables['"parts"."readings_2024"']!.primaryKey).toBeNull();
    expect(model.tables['"parts"."readings_2024"']!.partitionOf).toStrictEqual({
      parent: { schema: "parts", name: "readings" },
      bound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
    });
  });
  it("prints defaults the same whatever the session's DateStyle, TimeZone, bytea_output and quoting settings", async () => {
    await conn.client.query(`
      CREATE SCHEMA settings;
      CREATE TABLE settings.stamps (
        day date DEFAULT '2024-03-01',
        at timestamptz DEFAULT '2024-03-01 10:00:00+00',
        span interval DEFAULT '1 day 02:00:00',
        ratio double precision DEFAULT 0.1,
        bits bytea DEFAULT '\\x0102ff'
      );`);
    const expected = [
      column("day", "date", { default: "'2024-03-01'::date" }),
      column("at", "timestamp with time zone", { default: "'2024-03-01 10:00:00+00'::timestamp with time zone" }),
      column("span", "interval", { default: "'1 day 02:00:00'::interval" }),
      column("ratio", "double precision", { default: "0.1" }),
      column("bits", "bytea", { default: "'\\x0102ff'::bytea" }),
    ];
    expect((await introspect(conn, { schemas: ["settings"] })).tables['"settings"."stamps"']!.columns).toStrictEqual(
      expected,
    );
    await conn.query(
      "SET DateStyle = 'SQL, DMY'; SET TimeZone = 'Asia/Tokyo'; SET IntervalStyle = 'iso_8601'; " +
        "SET quote_all_identifiers = on; SET extra_float_digits = 3; SET bytea_output = 'escape'",
    );
    try {
      const model = await introspect(conn, { schemas: ["settings"] });
      expect(model.tables['"settings"."stamps"']!.columns).toStrictEqual(expected);
      const { rows } = await conn.query<{ d: string }>("SELECT '2024-03-01'::date::text AS d");
      expect(rows[0]!.d).toBe("01/03/2024"); // the session's own settings are untouched
    } finally {
      await conn.query("RESET ALL");
    }
  });

  it("leaves out the tools' own tables in every schema, with their sequences", async () => {
    await conn.client.query(`
      CREATE SCHEMA tools;
      CREATE TABLE tools.typeorm_metadata (type varchar NOT NULL, schema varchar, name varchar, value text);
      CREATE TABLE tools.autogen_checksums (version_num varchar(32) PRIMARY KEY, checksum text NOT NULL);
      CREATE TABLE tools.autogen_version (id serial PRIMARY KEY, version_num varchar(32) NOT NULL);
      CREATE TABLE tools.kept (id integer PRIMARY KEY);
    `);
    const model = await introspect(conn, { schemas: ["tools"] });
    expect(Object.keys(model.tables)).toEqual(['"tools"."kept"']);
    expect(model.sequences).toStrictEqual({});
  });

  it("reads whether a primary key is deferrable and initially deferred", async () => {
    await conn.client.query(`
      CREATE SCHEMA deferral;
      CREATE TABLE deferral.a (id integer, CONSTRAINT a_pkey PRIMARY KEY (id) DEFERRABLE INITIALLY DEFERRED);
      CREATE TABLE deferral.b (id integer, CONSTRAINT b_pkey PRIMARY KEY (id) DEFERRABLE);
    `);
    const model = await introspect(conn, { schemas: ["deferral"] });
    expect(Object.values(model.tables).map((t) => t.primaryKey)).toStrictEqual([
      primaryKey("a_pkey", ["id"], { deferrable: true, initiallyDeferred: true }),
      primaryKey("b_pkey", ["id"], { deferrable: true }),
    ]);
  });
});
