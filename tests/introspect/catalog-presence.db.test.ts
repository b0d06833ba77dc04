/**
 * The catalog queries left out when the database holds nothing they could read (src/introspect/
 * read-catalog.ts, `PRESENCE`): each kind of object created alone (in a transaction rolled back after),
 * then read twice in that transaction, as introspection reads it and with every query sent. The rows,
 * and so the models, must be the same, and exactly the queries of what was created must be sent.
 */
import { CountingQueryable } from "../../src/introspect";
import { buildModel } from "../../src/introspect/build-model";
import { CATALOG_QUERIES, loadSql, type CatalogQueryName } from "../../src/introspect/load-sql";
import { readCatalog } from "../../src/introspect/read-catalog";
import { PIN_SESSION_SETTINGS } from "../../src/introspect/session-settings";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { connectPg, type PgConnection } from "./helpers";

/** The catalog queries a list of statements holds, by name (`schemas.sql` is sent with more around it). */
function queriesSent(statements: readonly string[]): CatalogQueryName[] {
  return CATALOG_QUERIES.filter((name) =>
    name === "schemas.sql" ? statements.some((s) => s.includes(loadSql(name))) : statements.includes(loadSql(name)),
  );
}

/** Sent whatever the database holds. */
const ALWAYS: readonly CatalogQueryName[] = ["schemas.sql", "privileges.sql"];
const TABLES: readonly CatalogQueryName[] = ["tables.sql", "columns.sql", "constraints.sql", "indexes.sql", "table-kinds.sql"];
const TABLE = "CREATE TABLE app.items (id int PRIMARY KEY, n int)";

/** Each kind alone: what it creates, and the queries sent besides ALWAYS. */
const KINDS: ReadonlyArray<readonly [string, string, readonly CatalogQueryName[]]> = [
  ["nothing but the schema", "", []],
  // Its script comments on the extension and its functions: comments.sql is sent (and finds none of them).
  ["an extension", "CREATE EXTENSION citext SCHEMA app", ["extensions.sql", "functions.sql", "comments.sql"]],
  ["an enum", "CREATE TYPE app.mood AS ENUM ('ok', 'sad')", ["enums.sql"]],
  ["a free-standing sequence", "CREATE SEQUENCE app.counter", ["sequences.sql"]],
  ["a table with an identity column", "CREATE TABLE app.counted (id int GENERATED ALWAYS AS IDENTITY)", [...TABLES, "sequences.sql"]],
  ["a partitioned table", "CREATE TABLE app.events (at date) PARTITION BY RANGE (at)", TABLES],
  ["a view", "CREATE VIEW app.v AS SELECT 1 AS one", ["views.sql"]],
  ["a materialized view with an index", "CREATE MATERIALIZED VIEW app.m AS SELECT 1 AS one; CREATE INDEX ON app.m (one)", ["indexes.sql", "views.sql"]],
  ["a domain", "CREATE DOMAIN app.positive AS int CHECK (VALUE > 0)", ["domains.sql"]],
  ["a composite type", "CREATE TYPE app.pair AS (a int, b text)", ["composite-types.sql"]],
  // Its constructor functions are pg_proc rows (of no interest to functions.sql, which is sent and finds none).
  ["a range type", "CREATE TYPE app.floatrange AS RANGE (subtype = float8)", ["range-types.sql", "functions.sql"]],
  ["a function", "CREATE FUNCTION app.one() RETURNS int LANGUAGE sql AS 'SELECT 1'", ["functions.sql"]],
  ["an aggregate", "CREATE AGGREGATE app.total(int) (sfunc = int4pl, stype = int)", ["functions.sql"]],
  [
    "a trigger",
    `${TABLE}; CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
      CREATE TRIGGER items_touch BEFORE UPDATE ON app.items FOR EACH ROW EXECUTE FUNCTION app.touch()`,
    [...TABLES, "functions.sql", "triggers.sql"],
  ],
  ["a foreign key's internal triggers", `${TABLE}; ALTER TABLE app.items ADD FOREIGN KEY (n) REFERENCES app.items`, TABLES],
  ["a rule", `${TABLE}; CREATE RULE items_no_delete AS ON DELETE TO app.items DO INSTEAD NOTHING`, [...TABLES, "rules.sql"]],
  ["extended statistics", `${TABLE}; CREATE STATISTICS app.items_stats ON id, n FROM app.items`, [...TABLES, "statistics.sql"]],
  ["row security without a policy", `${TABLE}; ALTER TABLE app.items ENABLE ROW LEVEL SECURITY`, [...TABLES, "row-security.sql"]],
  ["forced row security", `${TABLE}; ALTER TABLE app.items FORCE ROW LEVEL SECURITY`, [...TABLES, "row-security.sql"]],
  ["a policy, row security off", `${TABLE}; CREATE POLICY mine ON app.items USING (n > 0)`, [...TABLES, "row-security.sql"]],
  ["default privileges in the schema", "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO PUBLIC", ["default-privileges.sql"]],
  ["default privileges of the database", "ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC", ["default-privileges.sql"]],
  ["a collation", "CREATE COLLATION app.german (provider = icu, locale = 'de-DE')", ["collations.sql"]],
  ["a publication of no table", "CREATE PUBLICATION nothing_yet", ["publications.sql"]],
  ["a publication of a table", `${TABLE}; CREATE PUBLICATION items_pub FOR TABLE app.items`, [...TABLES, "publications.sql", "publication-tables.sql"]],
  ["a publication of a schema", "CREATE PUBLICATION app_pub FOR TABLES IN SCHEMA app", ["publications.sql"]],
  // A schema's comment comes with schemas.sql (public has one in every database); any other sends comments.sql.
  ["a comment on the schema", "COMMENT ON SCHEMA app IS 'the application'", []],
  ["public's comment changed", "COMMENT ON SCHEMA public IS 'ours now'", []],
  ["a comment on a view", "CREATE VIEW app.described AS SELECT 1 AS one; COMMENT ON VIEW app.described IS 'one'", ["views.sql", "comments.sql"]],
  ["a comment on a table's column", `${TABLE}; COMMENT ON COLUMN app.items.n IS 'how many'`, [...TABLES, "comments.sql"]],
];

describe("catalog queries left out when nothing is there for them (PostgreSQL 15)", () => {
  let db: TestDatabase;
  let conn: PgConnection;

  beforeAll(async () => {
    db = await createTestDatabase("presence");
    conn = await connectPg(db.url);
    await conn.query("CREATE SCHEMA app");
  });
  afterAll(async () => {
    await conn.end();
    await db.drop();
  });

  it.each(KINDS)("%s: the same rows as sending every query, and only the queries it needs", async (_what, sql, adds) => {
    await conn.query("BEGIN");
    try {
      if (sql !== "") await conn.query(sql);
      await conn.query(PIN_SESSION_SETTINGS);
      const counting = new CountingQueryable(conn);
      const gated = await readCatalog(counting, ["app", "public"]);
      const every = await readCatalog(conn, ["app", "public"], true, { everyQuery: true });
      expect(gated).toStrictEqual(every);
      expect(buildModel(gated, [])).toStrictEqual(buildModel(every, []));
      expect(queriesSent(counting.statements)).toEqual(CATALOG_QUERIES.filter((name) => ALWAYS.includes(name) || adds.includes(name)));
    } finally {
      await conn.query("ROLLBACK");
    }
  });

  it("leaves no query out once every kind is there", async () => {
    await conn.query("BEGIN");
    try {
      for (const [, sql] of KINDS) if (sql !== "" && !sql.startsWith(TABLE)) await conn.query(sql);
      await conn.query(TABLE);
      for (const [, sql] of KINDS) if (sql.startsWith(TABLE)) await conn.query(sql.slice(TABLE.length + 1));
      await conn.query(PIN_SESSION_SETTINGS);
      const counting = new CountingQueryable(conn);
      await readCatalog(counting, ["app", "public"]);
      expect(queriesSent(counting.statements)).toEqual([...CATALOG_QUERIES]);
    } finally {
      await conn.query("ROLLBACK");
    }
  });

  it("is wider than the queries, never narrower: objects elsewhere keep a query sent, which then finds nothing", async () => {
    await conn.query("BEGIN");
    try {
      await conn.query(`CREATE SCHEMA hidden;
        CREATE FUNCTION hidden.f() RETURNS int LANGUAGE sql AS 'SELECT 1';
        CREATE TABLE hidden.t (id int);
        ALTER TABLE hidden.t ENABLE ROW LEVEL SECURITY;
        CREATE POLICY p ON hidden.t USING (true)`);
      await conn.query(PIN_SESSION_SETTINGS);
      const counting = new CountingQueryable(conn);
      const rows = await readCatalog(counting, ["public"]);
      expect(queriesSent(counting.statements)).toEqual(expect.arrayContaining(["functions.sql", "tables.sql", "row-security.sql"]));
      expect(rows.functions).toEqual([]);
      expect(rows.tables).toEqual([]);
      expect(rows.rowSecurity).toEqual([]);
    } finally {
      await conn.query("ROLLBACK");
    }
  });
});
