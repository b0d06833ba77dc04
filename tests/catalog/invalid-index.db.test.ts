/**
 * An index a `CREATE INDEX CONCURRENTLY` left INVALID (it failed: a duplicate key, a lock timeout, a
 * cancel) is not used by queries, nor does a unique one enforce anything, while every write still keeps it
 * up. `check` said the database was in sync with it; now it is read as INVALID, and a migration drops it
 * and builds it again. On PostgreSQL 15 (`indisvalid` set false by hand, as the failed build leaves it).
 */
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { expectEachInOneCase, roundTrip, sharedRoundTrip } from "./catalog-round-trip";

const TABLE = "CREATE TABLE t (id int, email text); CREATE UNIQUE INDEX t_email_key ON t (email);";
const INVALID = "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 't_email_key'::regclass;";

/**
 * The cases compared between databases share a round trip, a schema each (the index named through the search
 * path). The one against entities runs alone: it is compared in entity mode.
 */
const between = sharedRoundTrip({
  invalid: { before: `${TABLE} ${INVALID}`, after: TABLE },
  bothSides: { before: `${TABLE} ${INVALID}`, after: `${TABLE} ${INVALID}` },
});

const againstEntities = () => roundTrip({ before: `${TABLE} ${INVALID}`, after: TABLE, options: { manage: ENTITY_MANAGED_KINDS }, targetAsEntities: true });

describe("an INVALID index", () => {
  // Not compared with the original after the downgrade, as in the case itself: the index comes back valid.
  it(`in one round trip (nothing remains, A dumps as B, each statement one case's): ${between.names}`, async () => {
    const result = await between.whole();
    expect(result.remaining).toEqual([]);
    expect(result.upgraded).toEqual(result.target);
    expectEachInOneCase(result, between.schemas);
  });

  it.each([
    ["against another database", () => between.of("invalid"), between.in("invalid")],
    ["against entities", againstEntities, (text: string) => text],
  ])("is dropped and built again, %s", async (_what, run, own) => {
    const result = await run();
    expect(result.upgradeSql).toEqual([
      `DROP INDEX "public"."t_email_key"`,
      `CREATE UNIQUE INDEX "t_email_key" ON "public"."t" USING btree (email)`,
    ].map(own));
    expect(result.log.join("\n")).toContain(own("Index 't_email_key' on 'public.t' is INVALID"));
    expect(result.remaining).toEqual([]);
    expect(result.upgraded).toEqual(result.target);
    // The downgrade builds the index again, valid: nothing makes an index INVALID again.
  });

  it("on both sides is no difference", async () => {
    const result = await between.of("bothSides");
    expect(result.upgrade).toEqual([]);
  });
});
