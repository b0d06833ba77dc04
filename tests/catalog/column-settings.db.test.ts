/**
 * A column's physical settings: its storage (`SET STORAGE`), compression (`SET COMPRESSION`), statistics
 * target (`SET STATISTICS`) and options (`SET (n_distinct = ...)`). PostgreSQL keeps them beside the type;
 * `ALTER COLUMN ... TYPE` resets the storage and compression to the new type's defaults and keeps the other
 * two; a dropped and re-added column has none. Compared between databases (managed kind `tableStorage`),
 * and kept as the database has them in entity mode (entities cannot say them), through retypes, renames
 * and recreated columns. Each case runs the upgrade and the derived downgrade on PostgreSQL 15 against
 * pg_dump, which prints every one of them. The cases compared the same way share a round trip, a schema
 * each (`sharedRoundTrip`), and assert on their own part.
 */
import type { RenameResolver } from "../../src/compare/compare-options";
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { compileOperations } from "../../src/sql/compile";
import { UncompilableOperationError } from "../../src/sql/uncompilable-operation-error";
import { expectRoundTrip, expectShared, renamedIn, sharedRoundTrip } from "./catalog-round-trip";

const SETTINGS =
  "ALTER TABLE t ALTER a SET STORAGE EXTERNAL, ALTER b SET COMPRESSION lz4, ALTER c SET STATISTICS 500, " +
  "ALTER c SET (n_distinct = 10), ALTER d SET (n_distinct = -0.5, n_distinct_inherited = 7);";

/** Cases by their titles. */
const byTitle = (cases: ReadonlyArray<readonly [string, string, string]>) => Object.fromEntries(cases.map(([title, before, after]) => [title, { before, after }]));

const BETWEEN = [
  ["settings set", "CREATE TABLE t (a text, b text, c int, d text);", `CREATE TABLE t (a text, b text, c int, d text); ${SETTINGS}`],
  ["settings reset", `CREATE TABLE t (a text, b text, c int, d text); ${SETTINGS}`, "CREATE TABLE t (a text, b text, c int, d text);"],
  [
    "settings changed: another storage, compression, target and option",
    `CREATE TABLE t (a text, b text, c int, d text); ${SETTINGS}`,
    "CREATE TABLE t (a text, b text, c int, d text); ALTER TABLE t ALTER a SET STORAGE MAIN, ALTER b SET COMPRESSION pglz, " +
      "ALTER c SET STATISTICS 20, ALTER d SET (n_distinct = 3);",
  ],
  ["a created table with settings", "", `CREATE TABLE t (a text, b text, c int, d text); ${SETTINGS}`],
  [
    "an added column with settings",
    "CREATE TABLE t (a int);",
    "CREATE TABLE t (a int, b text); ALTER TABLE t ALTER b SET STORAGE MAIN, ALTER b SET COMPRESSION lz4, ALTER b SET STATISTICS 50;",
  ],
  [
    "retyped columns keep their settings (PostgreSQL resets storage and compression)",
    `CREATE TABLE t (a varchar(100), b varchar(100), c int, d text); ${SETTINGS}`,
    `CREATE TABLE t (a varchar(200), b text, c bigint, d varchar(50)); ${SETTINGS}`,
  ],
  [
    "a retype and a new storage at once",
    "CREATE TABLE t (a varchar(100)); ALTER TABLE t ALTER a SET STORAGE MAIN;",
    "CREATE TABLE t (a text); ALTER TABLE t ALTER a SET STORAGE EXTERNAL;",
  ],
  [
    "a retype to a type whose default is the old setting: text EXTERNAL to integer",
    "CREATE TABLE t (a text); ALTER TABLE t ALTER a SET STORAGE EXTERNAL, ALTER a SET COMPRESSION lz4;",
    "CREATE TABLE t (a int);",
  ],
  [
    "a generated column re-added for its new expression keeps its settings",
    "CREATE TABLE t (x text, g text GENERATED ALWAYS AS (upper(x)) STORED); ALTER TABLE t ALTER g SET STORAGE EXTERNAL, ALTER g SET STATISTICS 400;",
    "CREATE TABLE t (x text, g text GENERATED ALWAYS AS (lower(x)) STORED); ALTER TABLE t ALTER g SET STORAGE EXTERNAL, ALTER g SET STATISTICS 400;",
  ],
  [
    "a partitioned table's column retyped: each partition keeps its own settings",
    "CREATE TABLE t (k int, a varchar(10)) PARTITION BY LIST (k); CREATE TABLE t1 PARTITION OF t FOR VALUES IN (1); " +
      "CREATE TABLE t2 PARTITION OF t FOR VALUES IN (2); ALTER TABLE ONLY t ALTER a SET STORAGE MAIN; " +
      "ALTER TABLE ONLY t1 ALTER a SET STORAGE EXTERNAL, ALTER a SET COMPRESSION lz4;",
    "CREATE TABLE t (k int, a varchar(20)) PARTITION BY LIST (k); CREATE TABLE t1 PARTITION OF t FOR VALUES IN (1); " +
      "CREATE TABLE t2 PARTITION OF t FOR VALUES IN (2); ALTER TABLE ONLY t ALTER a SET STORAGE MAIN; " +
      "ALTER TABLE ONLY t1 ALTER a SET STORAGE EXTERNAL, ALTER a SET COMPRESSION lz4;",
  ],
  [
    "an inheritance parent's column retyped and one added: the child keeps its own settings",
    "CREATE TABLE t (a varchar(10)); CREATE TABLE c (x int) INHERITS (t); ALTER TABLE ONLY c ALTER a SET STORAGE EXTERNAL, ALTER a SET STATISTICS 90;",
    "CREATE TABLE t (a varchar(20), n text); CREATE TABLE c (x int) INHERITS (t); ALTER TABLE ONLY c ALTER a SET STORAGE EXTERNAL, ALTER a SET STATISTICS 90; " +
      "ALTER TABLE ONLY t ALTER n SET STORAGE MAIN;",
  ],
  [
    "a partition and a child created under a parent with settings: one copies them, one keeps the defaults",
    "CREATE TABLE t (k int, a text) PARTITION BY LIST (k); ALTER TABLE ONLY t ALTER a SET STORAGE EXTERNAL, ALTER a SET COMPRESSION lz4; " +
      "CREATE TABLE p (a text, b text); ALTER TABLE p ALTER a SET STORAGE MAIN, ALTER b SET COMPRESSION lz4;",
    "CREATE TABLE t (k int, a text) PARTITION BY LIST (k); ALTER TABLE ONLY t ALTER a SET STORAGE EXTERNAL, ALTER a SET COMPRESSION lz4; " +
      "CREATE TABLE p (a text, b text); ALTER TABLE p ALTER a SET STORAGE MAIN, ALTER b SET COMPRESSION lz4; " +
      "CREATE TABLE t1 PARTITION OF t FOR VALUES IN (1); CREATE TABLE t2 PARTITION OF t FOR VALUES IN (2); " +
      "ALTER TABLE ONLY t2 ALTER a SET STORAGE EXTENDED, ALTER a SET COMPRESSION DEFAULT; " +
      "CREATE TABLE c (x int) INHERITS (p); ALTER TABLE ONLY c ALTER a SET STORAGE EXTENDED;",
  ],
  [
    "a domain rebuilt for a new base type, and a composite type for a retyped attribute, under columns with settings",
    "CREATE DOMAIN dm AS varchar(50); CREATE TYPE ct AS (x int, y text); CREATE TABLE t (a dm, b ct); " +
      "ALTER TABLE t ALTER a SET STORAGE EXTERNAL, ALTER a SET COMPRESSION lz4, ALTER b SET STORAGE MAIN, ALTER a SET STATISTICS 60;",
    "CREATE DOMAIN dm AS varchar(100); CREATE TYPE ct AS (x bigint, y text); CREATE TABLE t (a dm, b ct); " +
      "ALTER TABLE t ALTER a SET STORAGE EXTERNAL, ALTER a SET COMPRESSION lz4, ALTER b SET STORAGE MAIN, ALTER a SET STATISTICS 60;",
  ],
] as const;
const REBUILT_UNDER_PARENT = "an inheritance child's and a partition's storage of a column whose domain is rebuilt";
const REBUILT_SETTINGS = "ALTER TABLE ONLY c ALTER a SET STORAGE EXTERNAL; ALTER TABLE ONLY q1 ALTER a SET COMPRESSION lz4;";
const REBUILT_TABLES = "CREATE TABLE p (a dm); CREATE TABLE c () INHERITS (p); CREATE TABLE q (k int, a dm) PARTITION BY LIST (k); " +
  "CREATE TABLE q1 PARTITION OF q FOR VALUES IN (1);";

/** The cases between databases, and the type rebuilt under a parent's column (below), in one round trip. */
const between = sharedRoundTrip<string>({
  ...byTitle(BETWEEN),
  [REBUILT_UNDER_PARENT]: {
    before: `CREATE DOMAIN dm AS varchar(50); ${REBUILT_TABLES} ${REBUILT_SETTINGS}`,
    after: `CREATE DOMAIN dm AS varchar(100); ${REBUILT_TABLES} ${REBUILT_SETTINGS}`,
  },
});

describe("between databases", () => {
  it(between.names, async () => {
    await expectShared(between);
    // Each setting is said in the log.
    const own = between.in("settings set");
    expect((await between.of("settings set")).log).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(own(String.raw`^Detected storage change from the default to 'EXTERNAL' on 'public\.t\.a'`)))]),
    );
  });
});

const entityMode = { manage: ENTITY_MANAGED_KINDS };
const RETYPED = "widened and retyped columns";
const TO_INTEGER = "text EXTERNAL lz4 to integer: the storage and compression go (PostgreSQL refuses them on integer), the target stays";
const UNTOUCHED_SQL = `CREATE TABLE t (a text, b text, c int, d text); ${SETTINGS}`;

const RENAMED = "renamed";
const renamedSettings = (t: string, a: string) =>
  `ALTER TABLE ${t} ALTER ${a} SET STORAGE EXTERNAL, ALTER ${a} SET COMPRESSION lz4, ALTER ${a} SET STATISTICS 300, ALTER ${a} SET (n_distinct = 4);`;
/**
 * In the schema `schema()` names (the renamed case's, known once its group is made), the table gone is taken
 * as renamed to the one created (`renamedIn`), and its columns gone as renamed to those created at the same
 * place; every other table and column created or deleted stays so, as without a resolver.
 */
function renamesIn(schema: () => string): RenameResolver {
  return {
    ...renamedIn(schema),
    resolveColumns: ({ created, deleted, table }) =>
      table.schema === schema()
        ? { created: [], renamed: created.map((to, i) => ({ from: deleted[i]!, to })), deleted: [] }
        : { created: [...created], renamed: [], deleted: [...deleted] },
  };
}

/** The cases in entity mode, in one round trip; the renamed one's resolver answers for its own schema only. */
const entities = sharedRoundTrip(
  {
    [RETYPED]: {
      before: `CREATE TABLE t (a varchar(100), b varchar(100), c int, d text); ${SETTINGS}`,
      after: `CREATE TABLE t (a varchar(200), b varchar(200), c bigint, d varchar(50)); ${SETTINGS}`,
    },
    [TO_INTEGER]: {
      before: "CREATE TABLE t (a text); ALTER TABLE t ALTER a SET STORAGE EXTERNAL, ALTER a SET COMPRESSION lz4, ALTER a SET STATISTICS 70;",
      after: "CREATE TABLE t (a int); ALTER TABLE t ALTER a SET STATISTICS 70;",
    },
    untouched: { before: UNTOUCHED_SQL, after: UNTOUCHED_SQL },
    [RENAMED]: {
      before: `CREATE TABLE old_t (a varchar(10), b int); ${renamedSettings("old_t", "a")}`,
      after: `CREATE TABLE new_t (renamed varchar(20), b int); ${renamedSettings("new_t", "renamed")}`,
    },
  },
  { options: { ...entityMode, renames: renamesIn((): string => entities.in(RENAMED)("public")) }, targetAsEntities: true },
);

describe("in entity mode: the database's settings are kept", () => {
  it(`through retypes, and a storage dropped where the new type cannot have it (in one round trip: ${entities.names})`, async () => {
    await expectShared(entities);
    expectRoundTrip(await entities.of(RETYPED));
    expectRoundTrip(await entities.of(TO_INTEGER));
  });

  it("an untouched column with settings gives no change at all", async () => {
    const result = await entities.of("untouched");
    expect(result.upgrade).toEqual([]);
  });

  it("a renamed table and a renamed column keep theirs, retyped too", async () => {
    expectRoundTrip(await entities.of(RENAMED));
  });
});

describe("compiled by hand", () => {
  const table = { schema: "public", name: "t" };

  it("a storage back to its default without `existing` is refused by name (PostgreSQL 15 cannot name the default)", () => {
    expect(() => compileOperations([{ kind: "alterColumn", table, column: "a", changes: { storage: null } }])).toThrow(UncompilableOperationError);
    expect(() => compileOperations([{ kind: "alterColumn", table, column: "a", changes: { storage: null } }])).toThrow(
      /column "public"\."t"\."a".*storage goes back to its type's default/s,
    );
  });

  it("settings are checked: no storage, compression or option text reaches SQL unchecked", () => {
    const bad = [
      { storage: { mode: "EXTERNAL; DROP TABLE x" as never, typeDefault: "EXTENDED" as const } },
      { compression: "lz4; DROP TABLE x" },
      { attributeOptions: ["n_distinct) = 1; DROP TABLE x; --=1"] },
    ];
    for (const changes of bad) {
      expect(() => compileOperations([{ kind: "alterColumn", table, column: "a", changes }])).toThrow(UncompilableOperationError);
    }
    // An option's value is a quoted literal, whatever it holds.
    const quoted = compileOperations([{ kind: "alterColumn", table, column: "a", changes: { attributeOptions: ["n_distinct=1'); DROP TABLE x; --"] } }]);
    expect(quoted.map((s) => s.sql).at(-1)).toMatch(/SET \("n_distinct" = '1''\); DROP TABLE x; --'\)$/);
  });

  it("options without `existing`: those not set again are reset", () => {
    const sql = compileOperations([{ kind: "alterColumn", table, column: "a", changes: { attributeOptions: ["n_distinct=5"], statisticsTarget: null } }]).map(
      (s) => s.sql,
    );
    expect(sql).toEqual([
      `ALTER TABLE ONLY "public"."t" ALTER COLUMN "a" SET STATISTICS -1, ALTER COLUMN "a" RESET ("n_distinct_inherited"), ALTER COLUMN "a" SET ("n_distinct" = '5')`,
    ]);
  });
});

// Found while building the above (2026-12-05; a named known failure until the re-cast carried them): a
// domain or composite type rebuilt under a parent's column re-casts the parent only (the re-cast reaches
// the children), so the children's settings are set again with the parent's.
describe("a type rebuilt under a parent's column", () => {
  it(REBUILT_UNDER_PARENT, async () => {
    expectRoundTrip(await between.of(REBUILT_UNDER_PARENT));
  });
});
