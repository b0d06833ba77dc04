/**
 * Storage parameters of a table's TOAST table (`WITH (toast.autovacuum_enabled = false)`), which
 * PostgreSQL keeps in the TOAST table's reloptions, not the table's: they were not read, so a diff to a
 * database that has them left them out (the upgraded database was not the target), and a table created
 * again lost them. On PostgreSQL 15, judged by pg_dump.
 *
 * The cases compared between databases share a round trip, a schema each (`sharedRoundTrip`), and assert
 * on their own part; the one in entity mode runs alone.
 */
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { expectRoundTrip, expectShared, roundTrip, sharedRoundTrip } from "./catalog-round-trip";

const TABLE = (options: string) => `CREATE TABLE docs (id int PRIMARY KEY, body text)${options}; INSERT INTO docs VALUES (1, 'x');`;
const ROWS = "SELECT * FROM docs";

const shared = sharedRoundTrip({
  changed: {
    before: TABLE(" WITH (fillfactor = 80, toast.autovacuum_vacuum_cost_delay = 5)"),
    after: TABLE(" WITH (fillfactor = 70, toast.autovacuum_enabled = false, toast.vacuum_truncate = off)"),
    rows: ROWS,
  },
  created: {
    before: "CREATE TABLE plain (id int, note text);",
    after:
      "CREATE TABLE plain (id int, note text) WITH (toast.autovacuum_enabled = false);" +
      "CREATE TABLE made (id int, note text) WITH (toast_tuple_target = 256, toast.autovacuum_freeze_max_age = 100000000);",
  },
});

describe("storage parameters of a table's TOAST table", () => {
  it(`in one round trip: ${shared.names}`, async () => {
    await expectShared(shared);
  });

  it("are set, changed and reset with the table's own", async () => {
    const result = await shared.of("changed");
    expect(result.upgradeSql).toEqual([
      shared.in("changed")(
        `ALTER TABLE "public"."docs" RESET ("toast"."autovacuum_vacuum_cost_delay"), ` +
          `SET ("fillfactor" = '70', "toast"."autovacuum_enabled" = 'false', "toast"."vacuum_truncate" = 'off')`,
      ),
    ]);
    expectRoundTrip(result);
    expect(result.rows!.upgraded).toEqual(result.rows!.original);
    // Entities say none: the database's are kept (alone: entity mode's options differ).
    const entities = await roundTrip({
      before: TABLE(" WITH (toast.autovacuum_enabled = false)"),
      after: TABLE(""),
      options: { manage: ENTITY_MANAGED_KINDS },
      targetAsEntities: true,
    });
    expect(entities.upgrade).toEqual([]);
    expect(entities.upgraded).toContain("toast.autovacuum_enabled='false'");
  });

  it("come with a table created, and with one whose only parameters they are", async () => {
    expectRoundTrip(await shared.of("created"));
  });
});
