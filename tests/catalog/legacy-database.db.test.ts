/**
 * Entity mode on a database with history: what the entities do not describe stays exactly as it is, and is
 * never lost as a side effect of what the migration drops or creates again. Each case is a reduced form of
 * a problem found by running entity edits (retype, drop a column or table, enum labels) against a legacy
 * database holding grants, views, default privileges and other objects no entity maps; on PostgreSQL 15,
 * upgrade and derived downgrade, judged by pg_dump (GRANTs included).
 */
import { compare } from "../../src/compare";
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { invertAll } from "../../src/ops/invert";
import { applyOperations } from "../support/apply";
import { pgDump } from "../support/pg-dump";
import { createTestDatabase } from "../support/test-db";
import { asEntitySide, ensureRoles, expectRoundTrip, readModel, roundTrip } from "./catalog-round-trip";

const entityMode = { options: { manage: ENTITY_MANAGED_KINDS }, targetAsEntities: true, privileges: true } as const;

describe("grants passed on by a role that holds them WITH GRANT OPTION", () => {
  beforeAll(() => ensureRoles(["lg_write", "lg_other"]));
  // The grantee's own grant depends on the owner's grant to the grantor: the owner's REVOKE from the
  // grantor is refused ("dependent privileges exist") unless it cascades. The object goes (dropped, or
  // dropped and created again) and takes every grant with it anyway.
  const CHAIN = (object: string) =>
    `GRANT SELECT ON ${object} TO lg_write WITH GRANT OPTION; SET ROLE lg_write; GRANT SELECT ON ${object} TO lg_other; RESET ROLE;`;

  const dropped = () =>
    roundTrip({ ...entityMode, before: `CREATE TABLE keep (id int); CREATE TABLE orders (id int); ${CHAIN("orders")}`, after: "CREATE TABLE keep (id int);" });
  const recreated = () => {
    const view = (type: string) => `CREATE TABLE t (a ${type}); CREATE VIEW v AS SELECT a FROM t; ${CHAIN("v")}`;
    return roundTrip({ ...entityMode, before: view("int"), after: view("bigint") });
  };

  it("an entity's table dropped: the migration runs, and the downgrade gives the grant made by the owner back", async () => {
    const result = await dropped();
    expect(result.upgraded).toEqual(result.target);
    expect(result.upgradeSql).toContain(`REVOKE SELECT ON TABLE "public"."orders" FROM "lg_write" CASCADE`);
    expect(result.downgraded).toContain("GRANT SELECT ON TABLE public.orders TO lg_write WITH GRANT OPTION;");
  });

  it("a view created again around a retyped column: the migration runs, and the grant made by the owner comes back", async () => {
    const result = await recreated();
    expect(result.remaining).toEqual([]);
    expect(result.upgradeSql).toContain(`REVOKE SELECT ON TABLE "public"."v" FROM "lg_write" CASCADE`);
    for (const dump of [result.upgraded, result.downgraded]) {
      expect(dump).toContain("GRANT SELECT ON TABLE public.v TO lg_write WITH GRANT OPTION;");
    }
  });

  // The catalog reader keeps only the grants the owner made (privileges.sql: grantor = owner): lg_write's
  // grant to lg_other is unknown to the model, so the view created again comes back without it, and the
  // downgrade of the dropped table does not give it back. Bringing it back needs the grantor in the model
  // and the GRANT run as that role (PostgreSQL 15 takes GRANTED BY only for the current user).
  it.failing("[known failure] a grant made by a role from its grant option survives its view being created again", async () => {
    const result = await recreated();
    expect(result.upgraded).toEqual(result.target);
  });

  it.failing("[known failure] the downgrade of a dropped table gives back the grant a role made from its grant option", async () => {
    const result = await dropped();
    expect(result.downgraded).toEqual(result.original);
  });
});

describe("views the configuration leaves out (exclude) that read what an entity edit changes", () => {
  // Postgres refuses to retype a column, or drop a column or table, that a view reads. An entity view is
  // dropped and created again around it; a view left out of the comparison is not looked at (compareViews
  // keeps only the views in scope), so the migration is written and fails when it runs ("cannot alter
  // type of a column used by a view or rule"). It should refuse when generated, naming the view (or, for
  // a retype, create it again as it is with what hangs on it). Telling a dropped column the view reads
  // from one it does not needs the view's column dependencies (pg_depend), which views.sql does not read.
  it.failing("[known failure] a retype under an excluded view is refused when generated, naming the view", async () => {
    const db = await createTestDatabase("lg_excl_a");
    const target = await createTestDatabase("lg_excl_b");
    try {
      const legacy = "CREATE VIEW legacy_emails AS SELECT id, email FROM customers;";
      await db.query(`CREATE TABLE customers (id int, email varchar(100)); ${legacy}`);
      await target.query(`CREATE TABLE customers (id int, email varchar(200)); ${legacy}`);
      const [from, to] = await Promise.all([readModel(db.url, ["public"]), readModel(target.url, ["public"])]);
      const options = { manage: ENTITY_MANAGED_KINDS, exclude: (o: { name: string }) => o.name.startsWith("legacy_") };
      expect(() => compare(from, asEntitySide(to), options)).toThrow(/legacy_emails/);
    } finally {
      await Promise.all([db.drop(), target.drop()]);
    }
  });
});

describe("default privileges (ALTER DEFAULT PRIVILEGES) on what the migration creates again", () => {
  beforeAll(() => ensureRoles(["lg_auditor"]));
  // A view created again gets what the default privileges give a new table, on top of the grants the
  // migration sets again: the model reads the object's ACL, not pg_default_acl, so nothing takes the
  // extra grant away. Up and down, the view ends with a SELECT for lg_auditor it never had.
  it.failing("[known failure] a view created again around a retyped column does not gain the default privileges' grants", async () => {
    const defaults = "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO lg_auditor;";
    const view = (type: string) => `CREATE TABLE t (a ${type}); CREATE VIEW v AS SELECT a FROM t; ${defaults}`;
    const result = await roundTrip({ ...entityMode, before: view("int"), after: view("bigint") });
    expect(result.upgraded).not.toContain("GRANT SELECT ON TABLE public.v TO lg_auditor;");
    expectRoundTrip(result);
  });
});

describe("an entity's table dropped: its owner", () => {
  beforeAll(() => ensureRoles(["lg_owner"]));
  // keepOwner remembers an owner into a session setting and restores it in the same migration: it serves
  // objects dropped and created again, not a table the upgrade drops and the downgrade (another session)
  // creates. The downgrade's table belongs to the role that runs it.
  it.failing("[known failure] the downgrade creates the table again with the owner it had", async () => {
    const db = await createTestDatabase("lg_owner_a");
    const target = await createTestDatabase("lg_owner_b");
    try {
      await db.query("CREATE TABLE keep (id int); CREATE TABLE orders (id int); ALTER TABLE orders OWNER TO lg_owner;");
      await target.query("CREATE TABLE keep (id int);");
      const dump = () => pgDump(db.url, { owners: true });
      const original = dump();
      const [from, to] = await Promise.all([readModel(db.url, ["public"]), readModel(target.url, ["public"])]);
      const upgrade = compare(from, asEntitySide(to), { manage: ENTITY_MANAGED_KINDS }).operations;
      await applyOperations(db.url, upgrade);
      await applyOperations(db.url, invertAll(upgrade));
      expect(dump()).toEqual(original);
    } finally {
      await Promise.all([db.drop(), target.drop()]);
    }
  });
});
