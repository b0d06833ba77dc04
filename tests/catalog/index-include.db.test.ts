/**
 * INCLUDE columns of an index, whose names the model holds as `quote_ident` prints them (`"createdAt"`):
 * they were quoted once more when the index was created (`INCLUDE ("""createdAt""")`, column does not
 * exist), by a database-to-database diff or a migration that creates such an index again. And those of
 * the index of a primary key or unique constraint (`PRIMARY KEY (id) INCLUDE (total)`), which were not
 * read at all: a diff did not see them, and a key created again lost them. On PostgreSQL 15, judged by
 * pg_dump. The cases compared the same way share a round trip, a schema each (`sharedRoundTrip`), and
 * assert on their own part.
 */
import type { RenameResolver } from "../../src/compare/compare-options";
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { expectRoundTrip, expectShared, sharedRoundTrip, expectSharedEntityMode } from "./catalog-round-trip";

const TABLE = `CREATE TABLE t (a int, "createdAt" int, "b c" int, plain int);`;
const KEYED = `CREATE TABLE k (id int, code int, "Total" int, note text`;
const KEPT = `${KEYED}, CONSTRAINT k_pkey PRIMARY KEY (id) INCLUDE (note), CONSTRAINT k_code_key UNIQUE (code) INCLUDE ("Total"));`;

/**
 * In the schemas `schemas()` names (the renamed cases', known once their group is made), every column gone
 * is taken as renamed to the new one at the same place in its table; elsewhere columns are created and
 * dropped, as without a resolver.
 */
function renamesIn(schemas: () => readonly string[]): RenameResolver {
  return {
    resolveTables: ({ created, deleted }) => ({ created: [...created], renamed: [], deleted: [...deleted] }),
    resolveColumns: ({ created, deleted, table }) =>
      schemas().includes(table.schema)
        ? { created: [], renamed: deleted.map((from, i) => ({ from, to: created[i]! })), deleted: [] }
        : { created: [...created], renamed: [], deleted: [...deleted] },
  };
}

/** The cases compared between databases; those whose columns are renamed through a resolver answering for their schemas only. */
const between = sharedRoundTrip(
  {
    quoted: { before: TABLE, after: `${TABLE} CREATE INDEX i ON t (a) INCLUDE ("createdAt", "b c", plain);` },
    createdAgain: { before: `${TABLE} CREATE INDEX i ON t (a) INCLUDE ("createdAt");`, after: `${TABLE} CREATE INDEX i ON t (a) INCLUDE ("createdAt") WHERE a > 0;` },
    keys: {
      before: `${KEYED}, CONSTRAINT k_pkey PRIMARY KEY (id), CONSTRAINT k_code_key UNIQUE (code) INCLUDE (note));`,
      after: `${KEYED}, CONSTRAINT k_pkey PRIMARY KEY (id) INCLUDE ("Total", note), CONSTRAINT k_code_key UNIQUE (code));`,
    },
    createdTable: {
      before: "",
      after: `${KEYED}, CONSTRAINT k_pkey PRIMARY KEY (id) INCLUDE (code) WITH (fillfactor=70), CONSTRAINT k_u UNIQUE NULLS NOT DISTINCT (note) INCLUDE ("Total"));`,
    },
    renamedIndex: {
      before: `CREATE TABLE t (a int, "createdAt" int); CREATE INDEX i ON t (a) INCLUDE ("createdAt");`,
      after: `CREATE TABLE t (a int, "Created At" int); CREATE INDEX i ON t (a) INCLUDE ("Created At");`,
    },
    renamedKey: { before: "CREATE TABLE k (id int, note text, PRIMARY KEY (id) INCLUDE (note));", after: `CREATE TABLE k (id int, "Note" text, PRIMARY KEY (id) INCLUDE ("Note"));` },
  },
  { options: { renames: renamesIn((): string[] => [between.in("renamedIndex")("public"), between.in("renamedKey")("public")]) } },
);

/** Entity mode, where A keeps the INCLUDE columns the entities cannot say: nothing remains and A comes back, but A does not dump as B. */
const entities = sharedRoundTrip(
  {
    kept: { before: KEPT, after: KEPT },
    primaryKeyRenamed: { before: KEPT, after: `${KEYED}, CONSTRAINT "PK_k" PRIMARY KEY (id, code), CONSTRAINT k_code_key UNIQUE (code) INCLUDE ("Total"));` },
  },
  { options: { manage: ENTITY_MANAGED_KINDS }, targetAsEntities: true },
);

describe("shared round trips", () => {
  it(`between databases: ${between.names}`, async () => {
    await expectShared(between);
  });

  it(`in entity mode (nothing remains, the downgrade gives A back, each statement one case's): ${entities.names}`, async () => {
    await expectSharedEntityMode(entities);
  });
});

describe("INCLUDE columns of an index", () => {
  it("that need quotes are created and dropped", async () => {
    const result = await between.of("quoted");
    expect(result.upgradeSql).toContain(between.in("quoted")(`CREATE INDEX "i" ON "public"."t" USING btree (a) INCLUDE ("createdAt", "b c", plain)`));
    expectRoundTrip(result);
  });

  it("that need quotes come back on an index created again for another predicate", async () => {
    expectRoundTrip(await between.of("createdAgain"));
  });

  // The renamed column's index is the same index: nothing is dropped or created, in either direction.
  it("follow a column renamed", async () => {
    const result = await between.of("renamedIndex");
    expect(result.upgrade.map((op) => op.kind)).toEqual(["renameColumn"]);
    expectRoundTrip(result);
  });
});

describe("INCLUDE columns of a primary key's or unique constraint's index", () => {
  it("are read and compared, added and taken away with the key", async () => {
    const result = await between.of("keys");
    expect(result.upgradeSql).toContain(between.in("keys")(`ALTER TABLE "public"."k" ADD CONSTRAINT "k_pkey" PRIMARY KEY ("id") INCLUDE ("Total", "note")`));
    expectRoundTrip(result);
  });

  it("come with a table created", async () => {
    expectRoundTrip(await between.of("createdTable"));
  });

  // Entities cannot say INCLUDE: the database's is kept, also on a key created again under a new name.
  it("are kept in entity mode, on a key that stays and on a primary key created again", async () => {
    expect((await entities.of("kept")).upgrade).toEqual([]);
    const result = await entities.of("primaryKeyRenamed");
    expect(result.upgradeSql).toContain(entities.in("primaryKeyRenamed")(`ALTER TABLE "public"."k" ADD CONSTRAINT "PK_k" PRIMARY KEY ("id", "code") INCLUDE ("note")`));
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
  });

  it("follow a column renamed", async () => {
    const result = await between.of("renamedKey");
    expect(result.upgrade.map((op) => op.kind)).toEqual(["renameColumn"]);
    expectRoundTrip(result);
  });
});

