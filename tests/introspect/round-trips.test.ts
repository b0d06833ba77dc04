import { CountingQueryable, introspect, introspectInTransaction } from "../../src/introspect";
import { CATALOG_QUERIES, loadSql } from "../../src/introspect/load-sql";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { connectPg, type PgConnection } from "./helpers";

/**
 * Creates `count` tables `<schema>.t<n>` with a default and a check; every tenth also gets a primary key
 * and an expression index (indexes are what makes creating a thousand tables slow).
 */
function createTables(schema: string, count: number, from = 1): string {
  return `
    CREATE SCHEMA IF NOT EXISTS ${schema};
    DO $$
    BEGIN
      FOR i IN ${from}..${from + count - 1} LOOP
        EXECUTE format(
          'CREATE TABLE ${schema}.t%s (id integer NOT NULL, name varchar(50) NOT NULL DEFAULT %L CHECK (id > 0))',
          i, 'x');
        IF i % 10 = 0 THEN
          EXECUTE format('ALTER TABLE ${schema}.t%s ADD PRIMARY KEY (id)', i);
          EXECUTE format('CREATE INDEX t%s_name_idx ON ${schema}.t%s (lower(name))', i, i);
        END IF;
      END LOOP;
    END $$;`;
}

describe("introspection round trips", () => {
  let db: TestDatabase;
  let conn: PgConnection;

  beforeAll(async () => {
    db = await createTestDatabase("roundtrips");
    conn = await connectPg(db.url);
    await conn.client.query(createTables("few", 10));
    // 5,000 tables, in batches: one transaction creating them all would exceed max_locks_per_transaction.
    for (let from = 1; from <= 5000; from += 1000) await conn.client.query(createTables("many", 1000, from));
  });

  afterAll(async () => {
    await conn.end();
    await db.drop();
  });

  it("sends the same fixed statements for 10 tables and for 5,000 tables", async () => {
    const forFew = new CountingQueryable(conn);
    const few = await introspect(forFew, { schemas: ["few"] });
    const forMany = new CountingQueryable(conn);
    const many = await introspect(forMany, { schemas: ["many"] });

    expect(Object.keys(few.tables)).toHaveLength(10);
    expect(Object.keys(many.tables)).toHaveLength(5000);
    expect(many.tables['"many"."t5000"']!.indexes.map((i) => i.keys[0]!.expression)).toEqual(["lower(name::text)"]);
    // BEGIN, the pinned settings, one statement per catalog query these schemas need, ROLLBACK: schemas,
    // tables, columns, constraints, indexes, table kinds and privileges. The others (comments.sql too: no
    // object here has a comment, and the schemas' own come with schemas.sql) have nothing to read in this
    // database (src/introspect/read-catalog.ts, PRESENCE; tests/introspect/catalog-presence).
    expect(forFew.count).toBe(7 + 3);
    expect(forMany.count).toBe(forFew.count);
    expect(forMany.statements).toEqual(forFew.statements);
    expect(forFew.statements[0]).toBe("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    expect(forFew.statements[1]).toMatch(/^SELECT set_config\('search_path', 'pg_catalog', true\)/);
    expect(forFew.statements[forFew.count - 1]).toBe("ROLLBACK");
  });

  it("sends two statements fewer when the caller owns the transaction", async () => {
    const counting = new CountingQueryable(conn);
    await conn.query("BEGIN");
    try {
      await introspectInTransaction(counting, { schemas: ["few", "many"] });
    } finally {
      await conn.query("ROLLBACK");
    }
    expect(counting.count).toBe(7 + 1);
  });

  it("sends none of the catalog objects' eleven queries without them (functions, triggers, rules, statistics, publications, default privileges, ...), and reads none", async () => {
    const counting = new CountingQueryable(conn);
    await conn.query("CREATE FUNCTION few.f() RETURNS integer LANGUAGE sql AS 'SELECT 1'");
    try {
      const model = await introspect(counting, { schemas: ["few"], catalogObjects: false });
      const objectQueries = CATALOG_QUERIES.slice(CATALOG_QUERIES.indexOf("functions.sql"));
      expect(objectQueries).toHaveLength(11);
      expect(counting.statements.filter((sql) => objectQueries.some((name) => loadSql(name) === sql))).toEqual([]);
      // The same database with them: functions.sql is sent (a function is there) and reads it.
      const withObjects = new CountingQueryable(conn);
      await introspect(withObjects, { schemas: ["few"] });
      expect(withObjects.statements).toContain(loadSql("functions.sql"));
      expect(model.functions).toStrictEqual({});
      expect(model.defaultPrivileges).toBeUndefined();
      expect(Object.keys((await introspect(conn, { schemas: ["few"] })).functions)).toEqual(['"few"."f"()']);
    } finally {
      await conn.query("DROP FUNCTION few.f()");
    }
  });
});
