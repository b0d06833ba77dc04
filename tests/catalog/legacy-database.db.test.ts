/**
 * Entity mode on a database with history: what the entities do not describe stays exactly as it is, and is
 * never lost as a side effect of what the migration drops or creates again. Each case is a reduced form of
 * a problem found by running entity edits (retype, drop a column or table, enum labels) against a legacy
 * database holding grants, views, default privileges and other objects no entity maps; on PostgreSQL 15,
 * upgrade and derived downgrade, judged by pg_dump (GRANTs included).
 */
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { ensureRoles, roundTrip } from "./catalog-round-trip";

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
