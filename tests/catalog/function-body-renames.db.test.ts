/**
 * A function whose body is BEGIN ATOMIC (or RETURN) reads a table this migration renames, or renames a
 * column of: PostgreSQL follows the rename in the body, so the upgrade's CREATE OR REPLACE only restated
 * it, but its inverse in the derived downgrade ran before the renames back, with the old body, which
 * PostgreSQL parses when it is created: "column t.amount does not exist". The function is now dropped
 * before the renames and created again after them, with the view calling it, its grants and comment kept.
 * On PostgreSQL 15, judged by pg_dump with privileges.
 */
import type { RenameResolver } from "../../src/compare/compare-options";
import { ensureRoles, expectRoundTrip, roundTrip } from "./catalog-round-trip";

const SCHEMA = (table: string, column: string) => `
  CREATE TABLE ${table} (id int, ${column} int);
  CREATE FUNCTION total() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT sum(${column}) FROM ${table}; END;
  CREATE FUNCTION largest() RETURNS int LANGUAGE sql STABLE RETURN (SELECT max(${column}) FROM ${table});
  COMMENT ON FUNCTION total() IS 'the sum';
  REVOKE EXECUTE ON FUNCTION total() FROM PUBLIC;
  GRANT EXECUTE ON FUNCTION total() TO fn_reader;
  CREATE VIEW totals AS SELECT total() AS total, largest() AS largest;
  INSERT INTO ${table} VALUES (1, 2), (2, 5);`;

/** Pairs the one table and the one column each side has alone. */
const renames: RenameResolver = {
  resolveTables: ({ created, deleted }) => ({ created: [], renamed: deleted.map((from, i) => ({ from, to: created[i]! })), deleted: [] }),
  resolveColumns: ({ created, deleted }) => ({ created: [], renamed: deleted.map((from, i) => ({ from, to: created[i]! })), deleted: [] }),
};

describe("a function whose body reads what the migration renames", () => {
  beforeAll(() => ensureRoles(["fn_reader"]));

  it("a column: dropped before the rename and created again after it, both ways", async () => {
    const result = await roundTrip({
      before: SCHEMA("t", "amount"),
      after: SCHEMA("t", "amt"),
      options: { renames },
      privileges: true,
      rows: "SELECT * FROM totals",
    });
    const at = (sql: string) => result.upgradeSql.findIndex((s) => s.startsWith(sql));
    expect(at(`DROP FUNCTION "public"."total"()`)).toBeLessThan(at(`ALTER TABLE "public"."t" RENAME COLUMN "amount" TO "amt"`));
    expect(at(`DROP FUNCTION "public"."largest"()`)).toBeLessThan(at(`ALTER TABLE "public"."t" RENAME COLUMN "amount" TO "amt"`));
    expectRoundTrip(result);
    expect(result.rows!.downgraded).toEqual([{ total: "7", largest: 5 }]);
  });

  it("a table, renamed with its column", async () => {
    const result = await roundTrip({
      before: SCHEMA("t", "amount"),
      after: SCHEMA("ledger", "amt"),
      options: { renames },
      privileges: true,
      rows: "SELECT * FROM totals",
    });
    expect(result.upgrade.map((op) => op.kind)).not.toContain("dropTable");
    expectRoundTrip(result);
    expect(result.rows!.downgraded).toEqual([{ total: "7", largest: 5 }]);
  });
});
