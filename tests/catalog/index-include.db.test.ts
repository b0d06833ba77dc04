/**
 * INCLUDE columns of an index, whose names the model holds as `quote_ident` prints them (`"createdAt"`):
 * they were quoted once more when the index was created (`INCLUDE ("""createdAt""")`, column does not
 * exist), by a database-to-database diff or a migration that creates such an index again. And those of
 * the index of a primary key or unique constraint (`PRIMARY KEY (id) INCLUDE (total)`), which were not
 * read at all: a diff did not see them, and a key created again lost them. On PostgreSQL 15, judged by
 * pg_dump.
 */
import type { RenameResolver } from "../../src/compare/compare-options";
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
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

describe("INCLUDE columns of a primary key's or unique constraint's index", () => {
  const KEYED = `CREATE TABLE k (id int, code int, "Total" int, note text`;

  it("are read and compared, added and taken away with the key", async () => {
    const result = await roundTrip({
      before: `${KEYED}, CONSTRAINT k_pkey PRIMARY KEY (id), CONSTRAINT k_code_key UNIQUE (code) INCLUDE (note));`,
      after: `${KEYED}, CONSTRAINT k_pkey PRIMARY KEY (id) INCLUDE ("Total", note), CONSTRAINT k_code_key UNIQUE (code));`,
    });
    expect(result.upgradeSql).toContain(`ALTER TABLE "public"."k" ADD CONSTRAINT "k_pkey" PRIMARY KEY ("id") INCLUDE ("Total", "note")`);
    expectRoundTrip(result);
  });

  it("come with a table created", async () => {
    const result = await roundTrip({
      before: "",
      after: `${KEYED}, CONSTRAINT k_pkey PRIMARY KEY (id) INCLUDE (code) WITH (fillfactor=70), CONSTRAINT k_u UNIQUE NULLS NOT DISTINCT (note) INCLUDE ("Total"));`,
    });
    expectRoundTrip(result);
  });

  // Entities cannot say INCLUDE: the database's is kept, also on a key created again under a new name.
  it("are kept in entity mode, on a key that stays and on a primary key created again", async () => {
    const entityMode = { manage: ENTITY_MANAGED_KINDS };
    const kept = `${KEYED}, CONSTRAINT k_pkey PRIMARY KEY (id) INCLUDE (note), CONSTRAINT k_code_key UNIQUE (code) INCLUDE ("Total"));`;
    expect((await roundTrip({ before: kept, after: kept, options: entityMode, targetAsEntities: true })).upgrade).toEqual([]);
    const result = await roundTrip({
      before: kept,
      after: `${KEYED}, CONSTRAINT "PK_k" PRIMARY KEY (id, code), CONSTRAINT k_code_key UNIQUE (code) INCLUDE ("Total"));`,
      options: entityMode,
      targetAsEntities: true,
    });
    expect(result.upgradeSql).toContain(`ALTER TABLE "public"."k" ADD CONSTRAINT "PK_k" PRIMARY KEY ("id", "code") INCLUDE ("note")`);
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
  });

  it("follow a column renamed", async () => {
    const renames: RenameResolver = {
      resolveTables: ({ created, deleted }) => ({ created: [...created], renamed: [], deleted: [...deleted] }),
      resolveColumns: ({ created, deleted }) => ({ created: [], renamed: deleted.map((from, i) => ({ from, to: created[i]! })), deleted: [] }),
    };
    const result = await roundTrip({
      before: "CREATE TABLE k (id int, note text, PRIMARY KEY (id) INCLUDE (note));",
      after: `CREATE TABLE k (id int, "Note" text, PRIMARY KEY (id) INCLUDE ("Note"));`,
      options: { renames },
    });
    expect(result.upgrade.map((op) => op.kind)).toEqual(["renameColumn"]);
    expectRoundTrip(result);
  });
});

