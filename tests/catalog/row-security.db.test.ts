/**
 * Row-level security on PostgreSQL 15, database to database: ENABLE / FORCE and policies (permissive and
 * restrictive, commands, roles, USING / WITH CHECK) created, changed and dropped, each with its derived
 * downgrade; and policies kept through a retyped column they read.
 */
import { ensureRoles, expectRoundTrip, roundTrip } from "./catalog-round-trip";

const BASE = `
  CREATE TABLE accounts (manager text, company text, balance integer);
  CREATE TABLE ledger (id integer);
  CREATE FUNCTION is_manager(m text) RETURNS boolean LANGUAGE sql STABLE AS 'SELECT m = current_user';
`;

const SECURED = `
  ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
  ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
  CREATE POLICY managers ON accounts TO rls_manager, rls_auditor USING (is_manager(manager));
  CREATE POLICY no_negative ON accounts AS RESTRICTIVE FOR INSERT WITH CHECK (balance >= 0);
  CREATE POLICY read_all ON ledger FOR SELECT USING (true);
`;

describe("row-level security: database to database on PostgreSQL 15", () => {
  beforeAll(() => ensureRoles(["rls_manager", "rls_auditor"]));

  it("enables and forces row security and creates policies", async () => {
    const result = await roundTrip({ before: BASE, after: BASE + SECURED });
    expectRoundTrip(result);
    expect(result.upgradeSql).toEqual([
      `CREATE POLICY "managers" ON "public"."accounts" AS PERMISSIVE FOR ALL TO "rls_manager", "rls_auditor" USING (public.is_manager(manager))`,
      `CREATE POLICY "no_negative" ON "public"."accounts" AS RESTRICTIVE FOR INSERT TO PUBLIC WITH CHECK (balance >= 0)`,
      `CREATE POLICY "read_all" ON "public"."ledger" AS PERMISSIVE FOR SELECT TO PUBLIC USING (true)`,
      `ALTER TABLE "public"."accounts" ENABLE ROW LEVEL SECURITY`,
      `ALTER TABLE "public"."accounts" FORCE ROW LEVEL SECURITY`,
    ]);
  });

  it("disables row security and drops policies", async () => {
    const result = await roundTrip({ before: BASE + SECURED, after: BASE });
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toEqual(["setRowSecurity", "dropPolicy", "dropPolicy", "dropPolicy"]);
  });

  it("changes policies (permissive to restrictive, roles, expressions) and the FORCE flag alone", async () => {
    const after = SECURED.replace("ALTER TABLE accounts FORCE ROW LEVEL SECURITY;", "")
      .replace("ON accounts TO rls_manager, rls_auditor", "ON accounts AS RESTRICTIVE TO rls_manager")
      .replace("balance >= 0", "balance > -100");
    const result = await roundTrip({ before: BASE + SECURED, after: BASE + after });
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toEqual([
      "setRowSecurity",
      "dropPolicy",
      "dropPolicy",
      "createPolicy",
      "createPolicy",
    ]);
    expect(result.upgradeSql[0]).toBe(`ALTER TABLE "public"."accounts" NO FORCE ROW LEVEL SECURITY`);
  });

  it("drops and creates again a policy reading a column that is retyped", async () => {
    const result = await roundTrip({ before: BASE + SECURED, after: (BASE + SECURED).replace("balance integer", "balance bigint") });
    expectRoundTrip(result);
    expect(result.upgrade.map((op) => op.kind)).toEqual(["dropPolicy", "alterColumn", "createPolicy"]);
  });
});
