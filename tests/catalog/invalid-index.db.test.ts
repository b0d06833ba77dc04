/**
 * An index a `CREATE INDEX CONCURRENTLY` left INVALID (it failed: a duplicate key, a lock timeout, a
 * cancel) is not used by queries, nor does a unique one enforce anything, while every write still keeps it
 * up. `check` said the database was in sync with it; now it is read as INVALID, and a migration drops it
 * and builds it again. On PostgreSQL 15 (`indisvalid` set false by hand, as the failed build leaves it).
 */
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { roundTrip } from "./catalog-round-trip";

const TABLE = "CREATE TABLE t (id int, email text); CREATE UNIQUE INDEX t_email_key ON t (email);";
const INVALID = "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 't_email_key'::regclass;";

describe("an INVALID index", () => {
  it.each([
    ["against another database", {}],
    ["against entities", { options: { manage: ENTITY_MANAGED_KINDS }, targetAsEntities: true }],
  ])("is dropped and built again, %s", async (_what, side) => {
    const result = await roundTrip({ before: `${TABLE} ${INVALID}`, after: TABLE, ...side });
    expect(result.upgradeSql).toEqual([
      `DROP INDEX "public"."t_email_key"`,
      `CREATE UNIQUE INDEX "t_email_key" ON "public"."t" USING btree (email)`,
    ]);
    expect(result.log.join("\n")).toContain("Index 't_email_key' on 'public.t' is INVALID");
    expect(result.remaining).toEqual([]);
    expect(result.upgraded).toEqual(result.target);
    // The downgrade builds the index again, valid: nothing makes an index INVALID again.
  });

  it("on both sides is no difference", async () => {
    const result = await roundTrip({ before: `${TABLE} ${INVALID}`, after: `${TABLE} ${INVALID}` });
    expect(result.upgrade).toEqual([]);
  });
});
