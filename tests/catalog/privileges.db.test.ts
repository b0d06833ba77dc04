/**
 * Privileges on PostgreSQL 15, database to database with privileges managed (`--with-privileges`): GRANTs
 * and REVOKEs on tables, views, sequences, columns, functions and schemas, in the target's ACL order, so
 * that a dump of the result, GRANTs included, reads as the target's; each with its derived downgrade. Not
 * managed (the default), they are left alone but come back on an object the migration recreates.
 */
import { ALL_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { diff } from "../../src/api/diff";
import { createTestDatabase } from "../support/test-db";
import { ensureRoles, expectRoundTrip, roundTrip } from "./catalog-round-trip";

const withPrivileges = { manage: new Set(ALL_MANAGED_KINDS) };

const BASE = `
  CREATE SCHEMA app;
  CREATE TABLE app.items (id integer, name text, price numeric);
  CREATE VIEW app.cheap AS SELECT id, name FROM app.items WHERE price < 10;
  CREATE SEQUENCE app.numbers;
  CREATE FUNCTION app.total() RETURNS numeric LANGUAGE sql AS 'SELECT sum(price) FROM app.items';
`;

const GRANTS = `
  GRANT USAGE ON SCHEMA app TO priv_reader;
  GRANT SELECT ON app.items TO priv_reader;
  GRANT INSERT, UPDATE ON app.items TO priv_writer WITH GRANT OPTION;
  GRANT SELECT ON app.items TO PUBLIC;
  GRANT UPDATE (name) ON app.items TO priv_reader;
  GRANT SELECT ON app.cheap TO priv_reader;
  GRANT USAGE, SELECT ON SEQUENCE app.numbers TO priv_writer;
  REVOKE EXECUTE ON FUNCTION app.total() FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION app.total() TO priv_reader;
`;

describe("privileges: database to database on PostgreSQL 15", () => {
  beforeAll(() => ensureRoles(["priv_reader", "priv_writer", "priv_owner"]));

  it("finds nothing between the same grants on objects of different owners", async () => {
    const grants = `GRANT SELECT ON app.items TO priv_reader; GRANT USAGE ON SCHEMA app TO priv_reader;`;
    const result = await roundTrip({
      // Granted by the superuser on objects another role owns: the grantor recorded is the owner.
      before: `${BASE} ALTER TABLE app.items OWNER TO priv_owner; ALTER SCHEMA app OWNER TO priv_owner; ${grants}`,
      after: `${BASE} ${grants}`,
      schemas: ["app"],
      options: withPrivileges,
    });
    expect(result.upgrade).toEqual([]);
  });

  it("grants on every kind of object, in the target's order", async () => {
    const result = await roundTrip({ before: BASE, after: BASE + GRANTS, schemas: ["app"], options: withPrivileges, privileges: true });
    expectRoundTrip(result);
    expect(result.upgradeSql).toContain(`GRANT INSERT, UPDATE ON TABLE "app"."items" TO "priv_writer" WITH GRANT OPTION`);
    expect(result.upgradeSql).toContain(`GRANT UPDATE ("name") ON TABLE "app"."items" TO "priv_reader"`);
    expect(result.upgradeSql).toContain(`REVOKE EXECUTE ON FUNCTION "app"."total"() FROM PUBLIC`);
    expect(result.upgradeSql).toContain(`GRANT USAGE ON SCHEMA "app" TO "priv_reader"`);
  });

  it("revokes everything it granted", async () => {
    const result = await roundTrip({ before: BASE + GRANTS, after: BASE, schemas: ["app"], options: withPrivileges, privileges: true });
    expectRoundTrip(result);
  });

  it("changes grants in place, and reorders an ACL whose entries are out of the target's order", async () => {
    const before = `${BASE}
      GRANT SELECT, INSERT ON app.items TO priv_reader;
      GRANT SELECT ON app.items TO priv_writer;`;
    const after = `${BASE}
      GRANT SELECT ON app.items TO priv_writer;
      GRANT UPDATE, INSERT ON app.items TO priv_reader WITH GRANT OPTION;`;
    const result = await roundTrip({ before, after, schemas: ["app"], options: withPrivileges, privileges: true });
    expectRoundTrip(result);
    // The reader's entry comes first and the writer's must: both are revoked (last first), then granted in order.
    expect(result.upgradeSql).toEqual([
      `REVOKE SELECT ON TABLE "app"."items" FROM "priv_writer"`,
      `REVOKE INSERT, SELECT ON TABLE "app"."items" FROM "priv_reader"`,
      `GRANT SELECT ON TABLE "app"."items" TO "priv_writer"`,
      `GRANT INSERT, UPDATE ON TABLE "app"."items" TO "priv_reader" WITH GRANT OPTION`,
    ]);
  });

  it("turns a grant option on and off without moving the entry", async () => {
    const before = `${BASE} GRANT SELECT ON app.items TO priv_reader WITH GRANT OPTION; GRANT INSERT ON app.items TO priv_writer;`;
    const after = `${BASE} GRANT SELECT ON app.items TO priv_reader; GRANT INSERT ON app.items TO priv_writer WITH GRANT OPTION;`;
    const result = await roundTrip({ before, after, schemas: ["app"], options: withPrivileges, privileges: true });
    expectRoundTrip(result);
    expect(result.upgradeSql).toEqual([
      `REVOKE GRANT OPTION FOR SELECT ON TABLE "app"."items" FROM "priv_reader"`,
      `GRANT INSERT ON TABLE "app"."items" TO "priv_writer" WITH GRANT OPTION`,
    ]);
  });

  it("sees privileges an owner revoked from itself, on every kind, and gives them back", async () => {
    const owned = `${BASE}
      ALTER TABLE app.items OWNER TO priv_owner;
      ALTER SCHEMA app OWNER TO priv_owner;`;
    const revoked = `
      REVOKE SELECT ON app.items FROM priv_owner;
      GRANT SELECT (name) ON app.items TO priv_owner;
      REVOKE UPDATE ON SEQUENCE app.numbers FROM CURRENT_USER;
      REVOKE ALL ON app.cheap FROM CURRENT_USER;
      REVOKE EXECUTE ON FUNCTION app.total() FROM CURRENT_USER;
      REVOKE CREATE ON SCHEMA app FROM priv_owner;`;
    const result = await roundTrip({ before: owned, after: owned + revoked, schemas: ["app"], options: withPrivileges, privileges: true });
    expectRoundTrip(result);
    expect(result.upgradeSql).toEqual(
      expect.arrayContaining([
        `REVOKE SELECT ON TABLE "app"."items" FROM "priv_owner"`,
        `GRANT SELECT ("name") ON TABLE "app"."items" TO "priv_owner"`,
        `REVOKE UPDATE ON SEQUENCE "app"."numbers" FROM "autogen"`,
        `REVOKE CREATE ON SCHEMA "app" FROM "priv_owner"`,
        `REVOKE EXECUTE ON FUNCTION "app"."total"() FROM "autogen"`,
      ]),
    );
    // The view's owner revoked everything from itself: its entry is gone, and the REVOKE names all of it.
    expect(result.upgradeSql.find((sql) => sql.includes(`"app"."cheap"`))).toMatch(
      /^REVOKE INSERT, SELECT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLE "app"\."cheap" FROM "autogen"$/,
    );
  });

  it("reads a grant to the owner as the no-op it is, and a revoke from the owner as a change (migra's privileges)", async () => {
    const owned = `${BASE} ALTER TABLE app.items OWNER TO priv_owner;`;
    const result = await roundTrip({
      before: `${owned} GRANT SELECT, INSERT ON app.items TO priv_owner;`,
      after: `${owned} GRANT UPDATE, INSERT ON app.items TO priv_owner; GRANT DELETE ON app.items TO priv_owner;
        REVOKE SELECT ON app.items FROM priv_owner;`,
      schemas: ["app"],
      options: withPrivileges,
      privileges: true,
    });
    expectRoundTrip(result);
    expect(result.upgradeSql).toEqual([`REVOKE SELECT ON TABLE "app"."items" FROM "priv_owner"`]);
  });

  it("compares what owners hold, not who they are", async () => {
    const revoke = (owner: string) => `ALTER TABLE app.items OWNER TO ${owner}; REVOKE TRUNCATE ON app.items FROM ${owner};`;
    const same = await roundTrip({ before: BASE + revoke("priv_owner"), after: BASE + revoke("CURRENT_USER"), schemas: ["app"], options: withPrivileges });
    expect(same.upgrade).toEqual([]);
    // The REVOKE names the owner of the database the migration changes, which is known here.
    const back = await roundTrip({ before: BASE + revoke("priv_owner"), after: `${BASE} GRANT SELECT ON app.items TO priv_reader;`, schemas: ["app"], options: withPrivileges });
    expect(back.upgradeSql).toContain(`GRANT TRUNCATE ON TABLE "app"."items" TO "priv_owner"`);
    expect(back.remaining).toEqual([]);
  });

  // When the migrated database's owner holds its default entry, the model does not say who it is: the
  // REVOKE looks the owner up when it runs.
  it("names the migrated database's owner when only the target's owner revoked from itself and the owners differ", async () => {
    const changed = await roundTrip({
      before: `${BASE} ALTER TABLE app.items OWNER TO priv_owner; GRANT SELECT ON app.items TO priv_reader;`,
      after: `${BASE} REVOKE TRUNCATE ON app.items FROM CURRENT_USER;`,
      schemas: ["app"],
      options: withPrivileges,
    });
    expect(changed.upgradeSql).toContain(`REVOKE TRUNCATE ON TABLE "app"."items" FROM "priv_owner"`);
    expect(changed.remaining).toEqual([]);
  });

  it("without the database at hand, looks each owner up when the statements run, on every kind", async () => {
    // A's objects are owned by priv_owner, B's by the test role: only A's owners can be named, at run time.
    const revoked = `
      REVOKE TRUNCATE ON app.items FROM CURRENT_USER;
      REVOKE SELECT (name) ON app.items FROM CURRENT_USER;
      REVOKE UPDATE ON SEQUENCE app.numbers FROM CURRENT_USER;
      REVOKE EXECUTE ON FUNCTION app.total() FROM CURRENT_USER;
      REVOKE CREATE ON SCHEMA app FROM CURRENT_USER;`;
    const ownedByPrivOwner = `${BASE}
      ALTER TABLE app.items OWNER TO priv_owner; ALTER SEQUENCE app.numbers OWNER TO priv_owner;
      ALTER FUNCTION app.total() OWNER TO priv_owner; ALTER SCHEMA app OWNER TO priv_owner;
      GRANT SELECT ON app.items TO priv_reader;`;
    const result = await roundTrip({
      before: ownedByPrivOwner,
      after: `${BASE} GRANT SELECT ON app.items TO priv_reader; ${revoked}`,
      schemas: ["app"],
      options: withPrivileges,
      ownersAtRunTime: true,
    });
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
    const lookups = result.upgrade.filter((op) => op.kind === "setPrivileges" && op.owner === true);
    expect(lookups.map((op) => op.kind === "setPrivileges" && op.object.kind).sort()).toEqual(["function", "schema", "sequence", "table"]);
    expect(result.upgradeSql).toContain(
      `DO 'BEGIN EXECUTE pg_catalog.format(''REVOKE TRUNCATE ON TABLE "app"."items" FROM %I'', (SELECT pg_catalog.pg_get_userbyid(relowner) ` +
        `FROM pg_catalog.pg_class WHERE oid = ''"app"."items"''::pg_catalog.regclass)); END'`,
    );
  });

  it("autogen diff names FROM's owner, which its database knows", async () => {
    const [a, b] = await Promise.all([createTestDatabase("own_a"), createTestDatabase("own_b")]);
    try {
      await a.query(`${BASE} ALTER TABLE app.items OWNER TO priv_owner;`);
      await b.query(`${BASE} REVOKE TRUNCATE ON app.items FROM CURRENT_USER;`);
      const result = await diff(a.url, b.url, { withPrivileges: true });
      expect(result.steps.flatMap((step) => step.statements.map((s) => s.sql))).toEqual([
        `REVOKE TRUNCATE ON TABLE "app"."items" FROM "priv_owner"`,
      ]);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });

  it("looks the owner up for objects whose names hold a percent sign, quotes or a backslash", async () => {
    const table = `app."50% off ""today"" \\x"`;
    const result = await roundTrip({
      before: `CREATE SCHEMA app; CREATE TABLE ${table} (id int); ALTER TABLE ${table} OWNER TO priv_owner;`,
      after: `CREATE SCHEMA app; CREATE TABLE ${table} (id int); REVOKE TRUNCATE ON ${table} FROM CURRENT_USER;`,
      schemas: ["app"],
      options: withPrivileges,
      ownersAtRunTime: true,
    });
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
    expect(result.upgradeSql).toHaveLength(1);
    expect(result.upgradeSql[0]).toMatch(/^DO /);
  });

  it("keeps the lookup for an object the migration creates, which A cannot name an owner for", async () => {
    const result = await roundTrip({
      before: BASE,
      after: `${BASE} CREATE TABLE app.fresh (id int); REVOKE TRUNCATE ON app.fresh FROM CURRENT_USER;`,
      schemas: ["app"],
      options: withPrivileges,
      privileges: true,
    });
    expectRoundTrip(result);
    expect(result.upgradeSql.filter((sql) => sql.includes(`"app"."fresh"`) && sql.startsWith("DO "))).toHaveLength(1);
  });

  it("revokes EXECUTE from PUBLIC on a function the migration creates, once it is created", async () => {
    const result = await roundTrip({
      before: BASE,
      after: `${BASE} CREATE FUNCTION app.secret() RETURNS int LANGUAGE sql AS 'SELECT 1';
        REVOKE EXECUTE ON FUNCTION app.secret() FROM PUBLIC; GRANT EXECUTE ON FUNCTION app.secret() TO priv_reader;`,
      schemas: ["app"],
      options: withPrivileges,
      privileges: true,
    });
    expectRoundTrip(result);
    const at = (prefix: string) => result.upgradeSql.findIndex((sql) => sql.startsWith(prefix));
    expect(at(`REVOKE EXECUTE ON FUNCTION "app"."secret"() FROM PUBLIC`)).toBeGreaterThan(at("CREATE OR REPLACE FUNCTION app.secret()"));
  });

  // What an object's removal gives back (EXECUTE to PUBLIC, an owner's own privileges) is GRANTed, and what
  // its addition takes away is REVOKEd: their statements alone would put each at the wrong end of a
  // migration that drops the object, or drops and creates it again (`stage`).
  it.each([
    [
      "its signature changes",
      "CREATE FUNCTION app.f(a integer) RETURNS int LANGUAGE sql AS 'SELECT 1'; REVOKE EXECUTE ON FUNCTION app.f(integer) FROM PUBLIC; GRANT EXECUTE ON FUNCTION app.f(integer) TO priv_reader;",
      "CREATE FUNCTION app.f(a bigint) RETURNS int LANGUAGE sql AS 'SELECT 1'; REVOKE EXECUTE ON FUNCTION app.f(bigint) FROM PUBLIC; GRANT EXECUTE ON FUNCTION app.f(bigint) TO priv_reader;",
    ],
    [
      "its return type changes (dropped and created again)",
      "CREATE FUNCTION app.g() RETURNS int LANGUAGE sql AS 'SELECT 1'; REVOKE EXECUTE ON FUNCTION app.g() FROM PUBLIC;",
      "CREATE FUNCTION app.g() RETURNS bigint LANGUAGE sql AS 'SELECT 1'; REVOKE EXECUTE ON FUNCTION app.g() FROM PUBLIC;",
    ],
    ["it is dropped", "CREATE FUNCTION app.h() RETURNS int LANGUAGE sql AS 'SELECT 1'; REVOKE EXECUTE ON FUNCTION app.h() FROM PUBLIC;", ""],
    [
      "it is a view created again whose owner revoked some privileges from itself",
      "CREATE TABLE app.t (a int, b int); CREATE VIEW app.v AS SELECT a FROM app.t; REVOKE TRUNCATE, DELETE ON app.v FROM CURRENT_USER; GRANT SELECT ON app.v TO priv_reader;",
      "CREATE TABLE app.t (a int, b int); CREATE VIEW app.v AS SELECT b FROM app.t; REVOKE TRUNCATE, DELETE ON app.v FROM CURRENT_USER; GRANT SELECT ON app.v TO priv_reader;",
    ],
  ])("keeps what was revoked on a function or view when %s", async (_, before, after) => {
    const result = await roundTrip({
      before: `CREATE SCHEMA app; ${before}`,
      after: `CREATE SCHEMA app; ${after}`,
      schemas: ["app"],
      options: withPrivileges,
      privileges: true,
    });
    expectRoundTrip(result);
  });

  it("leaves grants alone when not managed, and grants again on a view it recreates", async () => {
    const after = (BASE + GRANTS).replace("GRANT SELECT ON app.items TO PUBLIC;", "").replace("price < 10", "price < 20");
    const result = await roundTrip({ before: BASE + GRANTS, after, schemas: ["app"], privileges: true });
    expect(result.upgrade.map((op) => op.kind)).toEqual(["keepOwner", "setPrivileges", "dropView", "createView", "setPrivileges", "keepOwner"]);
    expect(result.remaining).toEqual([]);
    expect(result.upgraded).toContain("GRANT SELECT ON TABLE app.cheap TO priv_reader;");
    expect(result.upgraded).toContain("GRANT SELECT ON TABLE app.items TO PUBLIC;");
    expect(result.downgraded).toEqual(result.original);
  });
});

describe("privileges on types and domains", () => {
  beforeAll(() => ensureRoles(["priv_reader"]));
  const TYPES = `
    CREATE SCHEMA app;
    CREATE TYPE app.mood AS ENUM ('ok', 'glad');
    CREATE DOMAIN app.positive AS integer CHECK (VALUE > 0);
    CREATE TYPE app.pair AS (a integer, b integer);
    CREATE TABLE app.t (m app.mood, p app.positive, q app.pair);
  `;
  const RESTRICTED = `
    REVOKE USAGE ON TYPE app.mood FROM PUBLIC; GRANT USAGE ON TYPE app.mood TO priv_reader;
    REVOKE USAGE ON DOMAIN app.positive FROM PUBLIC;
    GRANT USAGE ON TYPE app.pair TO priv_reader WITH GRANT OPTION;
  `;

  it("grants and revokes them, and gives them back", async () => {
    const result = await roundTrip({ before: TYPES, after: TYPES + RESTRICTED, schemas: ["app"], options: withPrivileges, privileges: true });
    expectRoundTrip(result);
    expect(result.upgradeSql).toEqual(
      expect.arrayContaining([
        `REVOKE USAGE ON TYPE "app"."mood" FROM PUBLIC`,
        `GRANT USAGE ON TYPE "app"."mood" TO "priv_reader"`,
        `REVOKE USAGE ON DOMAIN "app"."positive" FROM PUBLIC`,
        `GRANT USAGE ON TYPE "app"."pair" TO "priv_reader" WITH GRANT OPTION`,
      ]),
    );
  });

  it("keeps an enum's privileges when removing a label rebuilds it, managed or not", async () => {
    const after = (TYPES + RESTRICTED).replace("ENUM ('ok', 'glad')", "ENUM ('ok')");
    for (const options of [withPrivileges, {}]) {
      const result = await roundTrip({ before: TYPES + RESTRICTED, after, schemas: ["app"], options, privileges: true });
      expectRoundTrip(result);
    }
  });
});
