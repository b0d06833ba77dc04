/**
 * Entity mode on a database with history: what the entities do not describe stays exactly as it is, and is
 * never lost as a side effect of what the migration drops or creates again. Each case is a reduced form of
 * a problem found by running entity edits (retype, drop a column or table, enum labels) against a legacy
 * database holding grants, views, default privileges and other objects no entity maps; on PostgreSQL 15,
 * upgrade and derived downgrade, judged by pg_dump (GRANTs included).
 *
 * The round-trip cases share one round trip, a schema each (`sharedRoundTrip`: `public` in what a test
 * expects is its schema).
 */
import { execFileSync } from "node:child_process";
import { compare } from "../../src/compare";
import type { RenameResolver } from "../../src/compare/compare-options";
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { invertAll } from "../../src/ops/invert";
import { refuseUnmodelledRuleReaders } from "../../src/api/rule-readers";
import { RuleReaderError } from "../../src/compare/compare-errors";
import { connectPostgres } from "../../src/db";
import { rememberDroppedOwners } from "../../src/introspect/dropped-owners";
import { renderOperation } from "../../src/render/render-operation";
import { migrate } from "../../src/runner/runner";
import { MigrationFailedError } from "../../src/runner/runner-errors";
import { planOffline, renderOfflineSql } from "../../src/runner/offline-sql";
import { applyOperations } from "../support/apply";
import { loadMigrations, memoryLogger, removeMigrationDirs, versionRows, writeMigrations } from "../runner/support/migrations";
import { clientBin } from "../support/pg-cluster";
import { pgDump } from "../support/pg-dump";
import { createTestDatabase } from "../support/test-db";
import { asEntitySide, ensureRoles, expectRoundTrip, expectShared, readModel, sharedRoundTrip } from "./catalog-round-trip";

const entityMode = { options: { manage: ENTITY_MANAGED_KINDS }, targetAsEntities: true, privileges: true } as const;

// The grantee's own grant depends on the owner's grant to the grantor: the owner's REVOKE from the
// grantor is refused ("dependent privileges exist") unless it cascades. The object goes (dropped, or
// dropped and created again) and takes every grant with it anyway.
const CHAIN = (object: string) =>
  `GRANT SELECT ON ${object} TO lg_write WITH GRANT OPTION; SET ROLE lg_write; GRANT SELECT ON ${object} TO lg_other; RESET ROLE;`;

/**
 * `sql` in its own schema, `public` (which sharedRoundTrip renames to the case's), that lg_write may use
 * as it may use the public schema (its grants name objects in it).
 */
const inSchema = (sql: string) => `CREATE SCHEMA public; GRANT USAGE ON SCHEMA public TO lg_write; SET search_path = public; ${sql} RESET search_path;`;

const VIEW = (type: string, more: string) => inSchema(`CREATE TABLE t (a ${type}); CREATE VIEW v AS SELECT a FROM t; ${more}`);
const DEFAULTS = "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO lg_auditor;";

/** The round trips in entity mode, each case in a schema of its own. */
const legacy = sharedRoundTrip(
  {
    dropped: { before: inSchema(`CREATE TABLE keep (id int); CREATE TABLE orders (id int); ${CHAIN("orders")}`), after: inSchema("CREATE TABLE keep (id int);") },
    recreated: { before: VIEW("int", CHAIN("v")), after: VIEW("bigint", CHAIN("v")) },
    defaults: { before: VIEW("int", DEFAULTS), after: VIEW("bigint", DEFAULTS) },
  },
  { ...entityMode, renames: "public", setUp: () => ensureRoles(["lg_write", "lg_other", "lg_auditor"]) },
);

describe("grants passed on by a role that holds them WITH GRANT OPTION", () => {
  beforeAll(() => ensureRoles(["lg_write", "lg_other"]));
  const dropped = () => legacy.of("dropped");
  const recreated = () => legacy.of("recreated");

  it("an entity's table dropped: the migration runs, and the downgrade gives the grant made by the owner back", async () => {
    const result = await dropped();
    const name = legacy.in("dropped");
    expect(result.upgraded).toEqual(result.target);
    expect(result.upgradeSql).toContain(name(`REVOKE SELECT ON TABLE "public"."orders" FROM "lg_write" CASCADE`));
    expect(result.downgraded).toContain(name("GRANT SELECT ON TABLE public.orders TO lg_write WITH GRANT OPTION;"));
  });

  it("a view created again around a retyped column: the migration runs, and the grant made by the owner comes back", async () => {
    const result = await recreated();
    const name = legacy.in("recreated");
    expect(result.remaining).toEqual([]);
    expect(result.upgradeSql).toContain(name(`REVOKE SELECT ON TABLE "public"."v" FROM "lg_write" CASCADE`));
    for (const dump of [result.upgraded, result.downgraded]) {
      expect(dump).toContain(name("GRANT SELECT ON TABLE public.v TO lg_write WITH GRANT OPTION;"));
    }
  });

  // lg_write's grant to lg_other is its own ACL entry (grantor lg_write): only lg_write can make it, so
  // the migration runs it as that role (SET ROLE), after the owner's grant of the option it comes from.
  it("a grant made by a role from its grant option survives its view being created again", async () => {
    const result = await recreated();
    expect(result.upgraded).toEqual(result.target);
    // The dump made by lg_write (pg_dump's SET SESSION AUTHORIZATION line is not kept; its RESET is).
    expect(result.upgraded).toContain(legacy.in("recreated")("GRANT SELECT ON TABLE public.v TO lg_other;\nRESET SESSION AUTHORIZATION;"));
  });

  it("the downgrade of a dropped table gives back the grant a role made from its grant option", async () => {
    const result = await dropped();
    expect(result.downgraded).toEqual(result.original);
    expect(result.downgraded).toContain(legacy.in("dropped")("GRANT SELECT ON TABLE public.orders TO lg_other;\nRESET SESSION AUTHORIZATION;"));
  });

  it(`the shared round trip (${legacy.names}): A reaches B and comes back; each statement is one case's`, async () => {
    await expectShared(legacy);
  });

  // A non-superuser migrating role (the owner of what the migration changes) that is not a member of the
  // grantor cannot act as it: the first statement run as lg_write fails, naming both roles and the view,
  // and the migration's transaction is rolled back (nothing half done). Made a member, it runs.
  it("a migrating role that cannot act as the grantor: the migration fails naming the roles and the view, and changes nothing", async () => {
    await ensureRoles(["lg_migrator"]);
    const [db, target] = await Promise.all([createTestDatabase("lg_role_a"), createTestDatabase("lg_role_b")]);
    // Roles are the cluster's: set through any of its databases.
    await db.query("ALTER ROLE lg_migrator LOGIN NOSUPERUSER; REVOKE lg_write FROM lg_migrator");
    const asMigrator = new URL(db.url);
    asMigrator.username = "lg_migrator";
    const connection = await connectPostgres(asMigrator.toString());
    try {
      const view = (type: string) =>
        `GRANT CREATE ON SCHEMA public TO lg_migrator; CREATE TABLE t (a ${type}); CREATE VIEW v AS SELECT a FROM t;
         ALTER TABLE t OWNER TO lg_migrator; ALTER VIEW v OWNER TO lg_migrator; ${CHAIN("v")}`;
      await Promise.all([db.query(view("int")), target.query(view("bigint"))]);
      const [from, to] = await Promise.all([readModel(db.url, ["public"]), readModel(target.url, ["public"])]);
      const { operations } = compare(from, asEntitySide(to), entityMode.options);
      const dir = writeMigrations([{ id: "a1", down: null, upgrade: operations.map((op) => renderOperation(op)).join("\n") }]);
      const upgrade = async () => {
        const { graph, modules } = await loadMigrations(dir);
        return migrate(connection, { graph, modules, direction: "up", target: "head", logger: memoryLogger() });
      };
      const state = () =>
        db.query(`SELECT format_type(atttypid, atttypmod) AS type, (SELECT relacl::text FROM pg_class WHERE relname = 'v') AS acl
          FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'a'`);
      const before = await state();
      expect(before).toEqual([{ type: "integer", acl: "{lg_migrator=arwdDxt/lg_migrator,lg_write=r*/lg_migrator,lg_other=r/lg_write}" }]);

      const failed = await upgrade();
      expect(failed.error).toBeInstanceOf(MigrationFailedError);
      expect(failed.error!.message).toContain(
        "cannot set the privileges role lg_write granted to lg_other on view v: that is done as role lg_write (SET ROLE), " +
          "and role lg_migrator, running the migration, is not a member of it (SQLSTATE 42501). " +
          'Hint: GRANT "lg_write" TO lg_migrator, or run the migration as a superuser. ' +
          "Its transaction was rolled back: the database is still at base (no revision applied).",
      );
      expect(await state()).toEqual(before);
      expect(await versionRows(connection)).toEqual([]);

      await db.query("GRANT lg_write TO lg_migrator");
      const done = await upgrade();
      expect(done.error).toBeUndefined();
      expect(await state()).toEqual([{ ...before[0], type: "bigint" }]);
      expect((await connection.query("SELECT current_user::text AS role")).rows).toEqual([{ role: "lg_migrator" }]);
    } finally {
      await connection.close();
      await db.query("REVOKE lg_write FROM lg_migrator");
      await Promise.all([db.drop(), target.drop()]);
      removeMigrationDirs();
    }
  });

  it("an offline (--sql) script applied with psql: the grant passed on comes back, and the session keeps its own role", async () => {
    const [db, target] = await Promise.all([createTestDatabase("lg_sql_a"), createTestDatabase("lg_sql_b")]);
    try {
      const view = (type: string) => `CREATE TABLE t (a ${type}); CREATE VIEW v AS SELECT a FROM t; ${CHAIN("v")}`;
      await Promise.all([db.query(view("int")), target.query(view("bigint"))]);
      const [from, to] = await Promise.all([readModel(db.url, ["public"]), readModel(target.url, ["public"])]);
      const { operations } = compare(from, asEntitySide(to), entityMode.options);
      const { graph, modules } = await loadMigrations(
        writeMigrations([{ id: "a1", down: null, upgrade: operations.map((op) => renderOperation(op)).join("\n") }]),
      );
      const script = await renderOfflineSql(planOffline(graph, "up", "head"), modules);
      const printed = execFileSync(clientBin("psql"), ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-d", db.url], {
        input: `${script}\nSELECT current_user = session_user, current_setting('role');\n`,
        encoding: "utf8",
      });
      expect(printed.trim()).toBe("t|none");
      // The script's version tables apart, the database dumps as the target does.
      const dump = (url: string) => pgDump(url, { privileges: true, args: ["--exclude-table=public.autogen_*"] });
      expect(dump(db.url)).toEqual(dump(target.url));
      expect(dump(db.url)).toContain("GRANT SELECT ON TABLE public.v TO lg_other;\nRESET SESSION AUTHORIZATION;");
    } finally {
      await Promise.all([db.drop(), target.drop()]);
      removeMigrationDirs();
    }
  });
});

describe("views the configuration leaves out (exclude) that read what an entity edit changes", () => {
  // Postgres refuses to retype a column, or drop a column or table, that a view reads. An entity view is
  // dropped and created again around it; a view left out of the comparison is not looked at (compareViews
  // keeps only the views in scope), so the migration was written and failed when it ran ("cannot alter
  // type of a column used by a view or rule"). Generation (compare, then the check against the database
  // the migration is for: refuseUnmodelledRuleReaders) refuses it, naming the view; pg_depend tells which
  // columns the view reads, so dropping another column of its table goes on.
  const options = { manage: ENTITY_MANAGED_KINDS, exclude: (o: { name: string }) => o.name.startsWith("legacy_") };
  const LEGACY = "CREATE VIEW legacy_emails AS SELECT id, email FROM customers;";

  /**
   * Generates the migration from `before` (the database) to `after` (the entities), both with `LEGACY`
   * after them when `legacy` gives it, and applies it to the database: its operations and its views after.
   */
  async function generate(before: string, after: string, legacy: { before: string; after: string }, renames?: RenameResolver) {
    const db = await createTestDatabase("lg_excl_a");
    const target = await createTestDatabase("lg_excl_b");
    try {
      await db.query(`${before} ${legacy.before}`);
      await target.query(`${after} ${legacy.after}`);
      const [from, to] = await Promise.all([readModel(db.url, ["public"]), readModel(target.url, ["public"])]);
      const { operations } = compare(from, asEntitySide(to), { ...options, renames });
      const connection = await connectPostgres(db.url);
      await refuseUnmodelledRuleReaders(connection, operations).finally(() => connection.close());
      await applyOperations(db.url, operations);
      return { operations, views: await db.query(`SELECT viewname, definition FROM pg_views WHERE schemaname = 'public'`) };
    } finally {
      await Promise.all([db.drop(), target.drop()]);
    }
  }
  const onBoth = { before: LEGACY, after: LEGACY };
  const onDatabase = { before: LEGACY, after: "" };

  it("a retype under an excluded view is refused when generated, naming the view", async () => {
    const generated = generate("CREATE TABLE customers (id int, email varchar(100));", "CREATE TABLE customers (id int, email varchar(200));", onBoth);
    await expect(generated).rejects.toThrow(RuleReaderError);
    await expect(generated).rejects.toThrow(/legacy_emails/);
    await expect(generated).rejects.toThrow(
      "view public.legacy_emails reads column public.customers.email, which the migration retypes to character varying(200)",
    );
  });

  it("a dropped column the excluded view reads is refused when generated", async () => {
    const generated = generate("CREATE TABLE customers (id int, email text);", "CREATE TABLE customers (id int);", onDatabase);
    await expect(generated).rejects.toThrow("view public.legacy_emails reads column public.customers.email, which the migration drops");
  });

  it("a dropped column the excluded view does not read is dropped: the migration runs and the view stays as it was", async () => {
    const result = await generate("CREATE TABLE customers (id int, email text, phone text);", "CREATE TABLE customers (id int, email text);", onBoth);
    expect(result.operations.map((op) => op.kind)).toEqual(["dropColumn"]);
    expect(result.views).toEqual([{ viewname: "legacy_emails", definition: " SELECT customers.id,\n    customers.email\n   FROM customers;" }]);
  });

  it("a dropped table the excluded view reads is refused when generated", async () => {
    const generated = generate("CREATE TABLE keep (id int); CREATE TABLE customers (id int, email text);", "CREATE TABLE keep (id int);", onDatabase);
    await expect(generated).rejects.toThrow("view public.legacy_emails reads public.customers, which the migration drops");
  });

  it("a view of a schema the comparison leaves out, reading a retyped column, is refused when generated", async () => {
    const elsewhere = "CREATE SCHEMA reports; CREATE VIEW reports.emails AS SELECT email FROM customers;";
    const generated = generate("CREATE TABLE customers (id int, email varchar(100));", "CREATE TABLE customers (id int, email varchar(200));", { before: elsewhere, after: "" });
    await expect(generated).rejects.toThrow("view reports.emails reads column public.customers.email, which the migration retypes");
  });

  // (A rule on a compared table is already refused by the comparison, which knows it: hanging.ts.)
  it("a dropped column a rule on an excluded table reads is refused when generated", async () => {
    const rule = "CREATE TABLE legacy_log (id int); CREATE RULE peek AS ON INSERT TO legacy_log DO ALSO SELECT c.email FROM customers c WHERE c.id = NEW.id;";
    const generated = generate("CREATE TABLE customers (id int, email text);", "CREATE TABLE customers (id int);", { before: rule, after: "" });
    await expect(generated).rejects.toThrow("rule peek on public.legacy_log reads column public.customers.email, which the migration drops");
  });

  it("a compared view over a retyped column is not refused: it is created again around it and the migration runs", async () => {
    const view = "CREATE VIEW emails AS SELECT id, email FROM customers;";
    const result = await generate(`CREATE TABLE customers (id int, email varchar(100)); ${view}`, `CREATE TABLE customers (id int, email varchar(200)); ${view}`, { before: "", after: "" });
    expect(result.operations.map((op) => op.kind)).toEqual(expect.arrayContaining(["dropView", "alterColumn", "createView"]));
    expect(result.views.map((v) => v.viewname)).toEqual(["emails"]);
  });

  it("an excluded view reading a compared view that a retype creates again is refused, naming both", async () => {
    const view = "CREATE VIEW emails AS SELECT id, email FROM customers;";
    const legacy = { before: "CREATE VIEW legacy_copy AS SELECT email FROM emails;", after: "" };
    const generated = generate(`CREATE TABLE customers (id int, email varchar(100)); ${view}`, `CREATE TABLE customers (id int, email varchar(200)); ${view}`, legacy);
    await expect(generated).rejects.toThrow("view public.legacy_copy reads public.emails, which the migration drops");
  });

  it("a renamed table's renamed column retyped under the excluded view is refused, named as the database has it", async () => {
    const renames: RenameResolver = {
      resolveTables: ({ created, deleted }) => ({ created: [], renamed: [{ from: deleted[0]!, to: created[0]! }], deleted: [] }),
      resolveColumns: ({ created, deleted }) => ({ created: [], renamed: [{ from: deleted[0]!, to: created[0]! }], deleted: [] }),
    };
    const generated = generate("CREATE TABLE customers (id int, email varchar(100));", "CREATE TABLE clients (id int, mail varchar(200));", onDatabase, renames);
    await expect(generated).rejects.toThrow("view public.legacy_emails reads column public.customers.email, which the migration retypes to character varying(200)");
  });

  it("an enum rebuilt under a column the excluded view reads is refused when generated", async () => {
    const table = (labels: string) => `CREATE TYPE mood AS ENUM (${labels}); CREATE TABLE customers (id int, email mood);`;
    const generated = generate(table("'a', 'b'"), table("'a'"), onDatabase);
    await expect(generated).rejects.toThrow("view public.legacy_emails reads column public.customers.email, which the migration re-casts to the enum public.mood created again");
  });
});

describe("default privileges (ALTER DEFAULT PRIVILEGES) on what the migration creates again", () => {
  beforeAll(() => ensureRoles(["lg_auditor"]));
  // A view created again gets what the default privileges give a new table, on top of the grants the
  // migration sets again: the model reads the object's ACL, not pg_default_acl, so nothing takes the
  // extra grant away. Up and down, the view ends with a SELECT for lg_auditor it never had.
  it("a view created again around a retyped column does not gain the default privileges' grants", async () => {
    const result = await legacy.of("defaults");
    expect(result.upgraded).not.toContain(legacy.in("defaults")("GRANT SELECT ON TABLE public.v TO lg_auditor;"));
    expectRoundTrip(result);
  });
});

describe("an entity's table dropped: its owner", () => {
  beforeAll(() => ensureRoles(["lg_owner"]));
  // keepOwner remembers an owner into a session setting and restores it in the same migration: it serves
  // objects dropped and created again. A table the upgrade drops is created again by the downgrade in
  // another session: its owner is read where the migration is generated (rememberDroppedOwners, as
  // autogenerate and diff do) and given back by the downgrade, each applied on a connection of its own.
  it("the downgrade creates the table again with the owner it had", async () => {
    const db = await createTestDatabase("lg_owner_a");
    const target = await createTestDatabase("lg_owner_b");
    try {
      await db.query("CREATE TABLE keep (id int); CREATE TABLE orders (id int); ALTER TABLE orders OWNER TO lg_owner;");
      await target.query("CREATE TABLE keep (id int);");
      const dump = () => pgDump(db.url, { owners: true });
      const original = dump();
      const [from, to] = await Promise.all([readModel(db.url, ["public"]), readModel(target.url, ["public"])]);
      const compared = compare(from, asEntitySide(to), { manage: ENTITY_MANAGED_KINDS }).operations;
      const connection = await connectPostgres(db.url);
      const upgrade = await rememberDroppedOwners(connection, compared).finally(() => connection.close());
      expect(upgrade[0]).toEqual({ kind: "keepOwner", object: { kind: "table", schema: "public", name: "orders" }, stage: "remember", owner: "lg_owner" });
      await applyOperations(db.url, upgrade);
      await applyOperations(db.url, invertAll(upgrade));
      expect(dump()).toEqual(original);
    } finally {
      await Promise.all([db.drop(), target.drop()]);
    }
  });
});
