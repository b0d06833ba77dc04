/**
 * INCLUDE columns of an index, whose names the model holds as `quote_ident` prints them (`"createdAt"`):
 * they were quoted once more when the index was created (`INCLUDE ("""createdAt""")`, column does not
 * exist), by a database-to-database diff or a migration that creates such an index again. On PostgreSQL
 * 15, judged by pg_dump.
 */
import type { RenameResolver } from "../../src/compare/compare-options";
import { expectRoundTrip, roundTrip } from "./catalog-round-trip";

const TABLE = `CREATE TABLE t (a int, "createdAt" int, "b c" int, plain int);`;

describe("INCLUDE columns of an index", () => {
  it("that need quotes are created and dropped", async () => {
    const result = await roundTrip({ before: TABLE, after: `${TABLE} CREATE INDEX i ON t (a) INCLUDE ("createdAt", "b c", plain);` });
    expect(result.upgradeSql).toContain(`CREATE INDEX "i" ON "public"."t" USING btree (a) INCLUDE ("createdAt", "b c", plain)`);
    expectRoundTrip(result);
  });

  it("that need quotes come back on an index created again for another predicate", async () => {
    const result = await roundTrip({
      before: `${TABLE} CREATE INDEX i ON t (a) INCLUDE ("createdAt");`,
      after: `${TABLE} CREATE INDEX i ON t (a) INCLUDE ("createdAt") WHERE a > 0;`,
    });
    expectRoundTrip(result);
  });

  // The renamed column's index is the same index: nothing is dropped or created, in either direction.
  it("follow a column renamed", async () => {
    const renames: RenameResolver = {
      resolveTables: ({ created, deleted }) => ({ created: [...created], renamed: [], deleted: [...deleted] }),
      resolveColumns: ({ created, deleted }) => ({ created: [], renamed: deleted.map((from, i) => ({ from, to: created[i]! })), deleted: [] }),
    };
    const result = await roundTrip({
      before: `CREATE TABLE t (a int, "createdAt" int); CREATE INDEX i ON t (a) INCLUDE ("createdAt");`,
      after: `CREATE TABLE t (a int, "Created At" int); CREATE INDEX i ON t (a) INCLUDE ("Created At");`,
      options: { renames },
    });
    expect(result.upgrade.map((op) => op.kind)).toEqual(["renameColumn"]);
    expectRoundTrip(result);
  });
});
