/**
 * Default privileges (`ALTER DEFAULT PRIVILEGES`, pg_default_acl) compared between two databases on
 * PostgreSQL 15 with privileges managed (`autogen diff A B --with-privileges`): B's are created, removed
 * and changed on A, IN SCHEMA and for the whole database, for the role running the migration and FOR ROLE
 * another, on every kind of object, revoking built-in privileges too; each with its derived downgrade,
 * judged by pg_dump with its privileges (which dumps them as ALTER DEFAULT PRIVILEGES lines, with two
 * spaces before TO or FROM). In entity mode, and between databases without privileges, they are left
 * exactly as they are.
 *
 * An entry IN SCHEMA names its schema: the cases with only such entries share a round trip, a schema each
 * (`app` in their SQL, renamed). An entry of the whole database (no IN SCHEMA) is one per role and kind of
 * object in a database, which every case sharing it would change: those cases run alone.
 */
import { Client } from "pg";
import { diff } from "../../src/api/diff";
import { compare } from "../../src/compare";
import { ALL_MANAGED_KINDS, ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { connectPostgres } from "../../src/db";
import type { Operation, OperationOf } from "../../src/ops/operation";
import { renderOperation } from "../../src/render/render-operation";
import { migrate } from "../../src/runner/runner";
import { MigrationFailedError } from "../../src/runner/runner-errors";
import { applyOperations } from "../support/apply";
import { pgDump } from "../support/pg-dump";
import { createTestDatabase, serverUrl } from "../support/test-db";
import { loadMigrations, memoryLogger, removeMigrationDirs, writeMigrations } from "../runner/support/migrations";
import { asEntitySide, ensureRoles, expectRoundTrip, expectShared, readModel, roundTrip, sharedRoundTrip } from "./catalog-round-trip";

const ROLES = ["dpc_reader", "dpc_writer", "dpc_owner"];
const withPrivileges = { options: { manage: new Set(ALL_MANAGED_KINDS) }, privileges: true } as const;

/** The role running the tests' migrations, whose own default privileges the cases without FOR ROLE set. */
let me = "";

beforeAll(async () => {
  await ensureRoles(ROLES);
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  me = (await client.query<{ role: string }>("SELECT current_user::text AS role")).rows[0]!.role;
  await client.end();
});

/** pg_dump 15 writes two spaces before the grantee's TO (`ON TABLES  TO`), 16+ one: compared with one. */
const oneSpace = (text: string) => text.replace(/ {2,}/g, " ");

const defaultOps = (ops: readonly Operation[]) =>
  ops.filter((op): op is OperationOf<"setDefaultPrivileges"> => op.kind === "setDefaultPrivileges");

/** An entry IN SCHEMA app on tables for dpc_reader, granting `grants`. */
const entry = (grants: string) => `CREATE SCHEMA app; ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT ${grants} ON TABLES  TO dpc_reader;`;
const withOption = entry("SELECT").replace(" dpc_reader;", " dpc_reader WITH GRANT OPTION;");

/** The cases whose entries are all IN SCHEMA, in one round trip. */
const inSchema = sharedRoundTrip(
  {
    added: { before: "CREATE SCHEMA app;", after: "CREATE SCHEMA app; ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT, INSERT ON TABLES TO dpc_reader;" },
    optionGiven: { before: entry("SELECT"), after: withOption },
    optionTaken: { before: withOption, after: entry("SELECT") },
    traded: { before: entry("SELECT, UPDATE"), after: entry("INSERT, UPDATE") },
  },
  { ...withPrivileges, renames: "app" },
);

describe("default privileges compared between databases, privileges managed", () => {
  it(`entries IN SCHEMA, in one round trip: ${inSchema.names}`, async () => {
    await expectShared(inSchema);
  });

  it("adds an entry IN SCHEMA, and the downgrade removes it", async () => {
    const [result, own] = [await inSchema.of("added"), inSchema.in("added")];
    expectRoundTrip(result);
    expect(result.upgradeSql.filter((sql) => sql.startsWith("ALTER DEFAULT"))).toEqual([
      own(`ALTER DEFAULT PRIVILEGES FOR ROLE "${me}" IN SCHEMA "app" GRANT INSERT, SELECT ON TABLES TO "dpc_reader"`),
    ]);
    expect(oneSpace(result.upgraded)).toContain(oneSpace(own(`ALTER DEFAULT PRIVILEGES FOR ROLE ${me} IN SCHEMA app GRANT SELECT,INSERT ON TABLES  TO dpc_reader;`)));
    expect(result.log).toEqual([own(`Detected added default privileges on new tables of role ${me} in schema app`)]);
  });

  it("removes an entry of the whole database, and the downgrade gives it back", async () => {
    const result = await roundTrip({ ...withPrivileges, before: "ALTER DEFAULT PRIVILEGES GRANT USAGE ON SEQUENCES TO dpc_writer;", after: "" });
    expectRoundTrip(result);
    expect(oneSpace(result.original)).toContain(oneSpace(`ALTER DEFAULT PRIVILEGES FOR ROLE ${me} GRANT USAGE ON SEQUENCES  TO dpc_writer;`));
    expect(result.upgraded).not.toContain("DEFAULT PRIVILEGES");
  });

  it("gives and takes a grant option, and changes one privilege for another in two steps", async () => {
    const given = await inSchema.of("optionGiven");
    expectRoundTrip(given);
    expect(given.upgradeSql.filter((sql) => sql.startsWith("ALTER DEFAULT"))).toEqual([
      inSchema.in("optionGiven")(`ALTER DEFAULT PRIVILEGES FOR ROLE "${me}" IN SCHEMA "app" GRANT SELECT ON TABLES TO "dpc_reader" WITH GRANT OPTION`),
    ]);
    const taken = await inSchema.of("optionTaken");
    expectRoundTrip(taken);
    expect(taken.upgradeSql.filter((sql) => sql.startsWith("ALTER DEFAULT"))).toEqual([
      inSchema.in("optionTaken")(`ALTER DEFAULT PRIVILEGES FOR ROLE "${me}" IN SCHEMA "app" REVOKE GRANT OPTION FOR SELECT ON TABLES FROM "dpc_reader"`),
    ]);
    const traded = await inSchema.of("traded");
    expectRoundTrip(traded);
    // What the grantee loses and what it gains are two ops: the first runs before anything is created, the second after.
    expect(defaultOps(traded.upgrade).map(({ privileges, existing }) => ({ privileges, existing: existing?.privileges }))).toEqual([
      { privileges: ["UPDATE"], existing: ["SELECT", "UPDATE"] },
      { privileges: ["INSERT", "UPDATE"], existing: ["UPDATE"] },
    ]);
  });

  it("tells an entry IN SCHEMA from the role's entry for every schema", async () => {
    const result = await roundTrip({
      ...withPrivileges,
      before: "ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO dpc_reader;",
      after: "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO dpc_reader;",
    });
    expectRoundTrip(result);
    expect(defaultOps(result.upgrade).map((op) => [op.schema, op.privileges])).toEqual([
      [null, []],
      ["public", ["SELECT"]],
    ]);
  });

  it("sets the default privileges of another role (FOR ROLE)", async () => {
    const result = await roundTrip({
      ...withPrivileges,
      before: "ALTER DEFAULT PRIVILEGES FOR ROLE dpc_owner GRANT SELECT ON TABLES TO dpc_reader;",
      after: "ALTER DEFAULT PRIVILEGES FOR ROLE dpc_owner GRANT SELECT, UPDATE ON TABLES TO dpc_reader, dpc_writer;",
    });
    expectRoundTrip(result);
    expect(result.upgradeSql.filter((sql) => sql.startsWith("ALTER DEFAULT"))).toEqual([
      `ALTER DEFAULT PRIVILEGES FOR ROLE "dpc_owner" GRANT UPDATE ON TABLES TO "dpc_reader"`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE "dpc_owner" GRANT SELECT, UPDATE ON TABLES TO "dpc_writer"`,
    ]);
  });

  it("revokes built-in privileges (EXECUTE on functions and USAGE on types from PUBLIC), and gives them back", async () => {
    const revoked = `
      ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
      ALTER DEFAULT PRIVILEGES FOR ROLE dpc_owner REVOKE USAGE ON TYPES FROM PUBLIC;
      ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO dpc_reader;`;
    const result = await roundTrip({ ...withPrivileges, before: "", after: revoked });
    expectRoundTrip(result);
    expect(result.upgradeSql.filter((sql) => sql.startsWith("ALTER DEFAULT"))).toEqual([
      `ALTER DEFAULT PRIVILEGES FOR ROLE "${me}" REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE "dpc_owner" REVOKE USAGE ON TYPES FROM PUBLIC`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE "${me}" GRANT EXECUTE ON FUNCTIONS TO "dpc_reader"`,
    ]);
    // And the other way: the built-in privileges given back.
    expectRoundTrip(await roundTrip({ ...withPrivileges, before: revoked, after: "" }));
  });

  it("sets them on every kind of object: tables, sequences, functions, types, schemas, and the role's own", async () => {
    const result = await roundTrip({
      ...withPrivileges,
      before: "ALTER DEFAULT PRIVILEGES FOR ROLE dpc_owner GRANT CREATE ON SCHEMAS TO dpc_writer;",
      after: `
        ALTER DEFAULT PRIVILEGES FOR ROLE dpc_owner IN SCHEMA public GRANT DELETE, TRUNCATE ON TABLES TO dpc_writer;
        ALTER DEFAULT PRIVILEGES FOR ROLE dpc_owner IN SCHEMA public GRANT SELECT, USAGE ON SEQUENCES TO dpc_writer WITH GRANT OPTION;
        ALTER DEFAULT PRIVILEGES FOR ROLE dpc_owner IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO dpc_reader;
        ALTER DEFAULT PRIVILEGES FOR ROLE dpc_owner IN SCHEMA public GRANT USAGE ON TYPES TO dpc_reader;
        ALTER DEFAULT PRIVILEGES FOR ROLE dpc_owner GRANT USAGE ON SCHEMAS TO dpc_reader;
        ALTER DEFAULT PRIVILEGES FOR ROLE dpc_owner REVOKE TRUNCATE, TRIGGER ON TABLES FROM dpc_owner;`,
    });
    expectRoundTrip(result);
    expect(new Set(defaultOps(result.upgrade).map((op) => op.objectType))).toEqual(new Set(["tables", "sequences", "functions", "types", "schemas"]));
  });
});

describe("what a migration creates gets only the default privileges both sides give", () => {
  it("a table created by the migration does not get the default privileges the same migration adds", async () => {
    const result = await roundTrip({
      ...withPrivileges,
      before: "",
      after: "CREATE TABLE t (id int); ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO dpc_reader;",
    });
    expectRoundTrip(result);
    expect(result.upgraded).not.toContain("GRANT SELECT ON TABLE public.t TO dpc_reader;");
    const kinds = result.upgrade.map((op) => op.kind);
    expect(kinds.indexOf("setDefaultPrivileges")).toBeGreaterThan(kinds.indexOf("createTable"));
  });

  it("a function created by the migration does not get the default privileges the same migration removes", async () => {
    const result = await roundTrip({
      ...withPrivileges,
      before: "ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO dpc_reader;",
      after: "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';",
    });
    expectRoundTrip(result);
    expect(result.upgraded).not.toContain("TO dpc_reader");
    const kinds = result.upgrade.map((op) => op.kind);
    expect(kinds.indexOf("setDefaultPrivileges")).toBeLessThan(kinds.indexOf("createFunction"));
  });

  it("an object created again still starts from the built-in privileges (resetPrivileges), whatever the default privileges become", async () => {
    const view = (type: string) => `CREATE TABLE t (a ${type}); CREATE VIEW v AS SELECT a FROM t; GRANT SELECT ON v TO dpc_writer;`;
    const result = await roundTrip({
      ...withPrivileges,
      before: `${view("int")} ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES  TO dpc_reader;`,
      after: `${view("bigint")} ALTER DEFAULT PRIVILEGES GRANT INSERT ON TABLES  TO dpc_reader;`,
    });
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toContain("resetPrivileges");
    expect(result.upgraded).not.toContain("public.v TO dpc_reader");
  });
});

describe("the diff API, and where default privileges are left alone", () => {
  const A = "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO dpc_reader;";
  const B = "ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;";

  it("autogen diff A B --with-privileges makes A's default privileges B's; without it, none is changed", async () => {
    const [a, b] = await Promise.all([createTestDatabase("dpc_a"), createTestDatabase("dpc_b")]);
    try {
      await Promise.all([a.query(`CREATE SCHEMA app; ${A}`), b.query(`CREATE SCHEMA app; ${B}`)]);
      const without = await diff(a.url, b.url);
      expect(without.upToDate).toBe(true);
      expect(without.from.defaultPrivileges).not.toEqual({});
      const result = await diff(a.url, b.url, { withPrivileges: true });
      expect(result.steps.flatMap((step) => step.statements.map((s) => s.sql)).filter((sql) => !sql.startsWith("DO "))).toEqual([
        `ALTER DEFAULT PRIVILEGES FOR ROLE "${me}" IN SCHEMA "public" REVOKE SELECT ON TABLES FROM "dpc_reader"`,
        `ALTER DEFAULT PRIVILEGES FOR ROLE "${me}" REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC`,
      ]);
      await applyOperations(a.url, result.operations);
      const dump = (url: string) => pgDump(url, { privileges: true });
      expect(dump(a.url)).toEqual(dump(b.url));
      expect((await diff(a.url, b.url, { withPrivileges: true })).upToDate).toBe(true);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });

  it("entity mode leaves them exactly as they are, even managing privileges; a database diff would change them", async () => {
    const [a, b] = await Promise.all([createTestDatabase("dpc_ea"), createTestDatabase("dpc_eb")]);
    try {
      await Promise.all([a.query(`CREATE TABLE t (id int); ${A}`), b.query(`CREATE TABLE t (id int); ${B}`)]);
      const [from, to] = await Promise.all([readModel(a.url, ["public"]), readModel(b.url, ["public"])]);
      for (const manage of [ENTITY_MANAGED_KINDS, new Set(["privileges"] as const)]) {
        expect(defaultOps(compare(from, asEntitySide(to), { manage }).operations)).toEqual([]);
      }
      expect(defaultOps(compare(from, to, { manage: new Set(ALL_MANAGED_KINDS) }).operations)).toHaveLength(2);
    } finally {
      await Promise.all([a.drop(), b.drop()]);
    }
  });

  // Alone: the only case compared with privileges not managed and schemas dropped; it drops its schema, which
  // a shared case must keep (each case's part is its schema).
  it("not managed, an entry IN SCHEMA a schema the migration drops goes with it, and the downgrade brings it back", async () => {
    const result = await roundTrip({
      before: "CREATE SCHEMA gone; ALTER DEFAULT PRIVILEGES IN SCHEMA gone GRANT SELECT ON TABLES TO dpc_reader;",
      after: "",
      options: { dropSchemas: true },
      schemas: ["public", "gone"],
      privileges: true,
    });
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toEqual(["setDefaultPrivileges", "dropSchema"]);
    expect(oneSpace(result.downgraded)).toContain(oneSpace(`ALTER DEFAULT PRIVILEGES FOR ROLE ${me} IN SCHEMA gone GRANT SELECT ON TABLES  TO dpc_reader;`));
  });
});

describe("a migrating role that may not set another role's default privileges", () => {
  // FOR ROLE needs the role running the migration to be a member of that role: a non-superuser that is
  // not fails on a check naming both roles and what the privileges are on, and the migration's
  // transaction is rolled back; made a member, it runs.
  it("fails naming the roles, changes nothing, and runs once it is a member", async () => {
    await ensureRoles(["dpc_migrator"]);
    const [a, b] = await Promise.all([createTestDatabase("dpc_role_a"), createTestDatabase("dpc_role_b")]);
    await a.query("ALTER ROLE dpc_migrator LOGIN NOSUPERUSER; REVOKE dpc_owner FROM dpc_migrator; GRANT CREATE ON SCHEMA public TO dpc_migrator");
    const asMigrator = new URL(a.url);
    asMigrator.username = "dpc_migrator";
    const connection = await connectPostgres(asMigrator.toString());
    try {
      await b.query("ALTER DEFAULT PRIVILEGES FOR ROLE dpc_owner IN SCHEMA public GRANT SELECT ON TABLES TO dpc_reader;");
      const [from, to] = await Promise.all([readModel(a.url, ["public"]), readModel(b.url, ["public"])]);
      const { operations } = compare(from, to, { manage: new Set(ALL_MANAGED_KINDS) });
      const dir = writeMigrations([{ id: "d1", down: null, upgrade: operations.map((op) => renderOperation(op)).join("\n") }]);
      const upgrade = async () => {
        const { graph, modules } = await loadMigrations(dir);
        return migrate(connection, { graph, modules, direction: "up", target: "head", logger: memoryLogger() });
      };
      const entries = () => a.query("SELECT defaclacl::text AS acl FROM pg_default_acl");

      const failed = await upgrade();
      expect(failed.error).toBeInstanceOf(MigrationFailedError);
      expect(failed.error!.message).toContain(
        "cannot set the default privileges of dpc_reader on new tables of role dpc_owner in schema public: that is done FOR ROLE dpc_owner, " +
          "and role dpc_migrator, running the migration, is not a member of it (SQLSTATE 42501). " +
          'Hint: GRANT "dpc_owner" TO dpc_migrator, or run the migration as a superuser.',
      );
      expect(await entries()).toEqual([]);

      await a.query("GRANT dpc_owner TO dpc_migrator");
      const done = await upgrade();
      expect(done.error).toBeUndefined();
      expect(await entries()).toEqual([{ acl: "{dpc_reader=r/dpc_owner}" }]);
    } finally {
      await connection.close();
      await a.query("REVOKE dpc_owner FROM dpc_migrator");
      await Promise.all([a.drop(), b.drop()]);
      removeMigrationDirs();
    }
  });
});
