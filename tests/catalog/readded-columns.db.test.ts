/**
 * A stored generated column whose expression changes (or a plain column that becomes generated) is dropped
 * and added again: PostgreSQL 15 has no SET EXPRESSION. PostgreSQL drops with it every index naming or
 * reading it, every constraint on it or reading it, its grants and comment, and refuses to drop it while a
 * trigger, policy, view or another table's foreign key depends on it. The migration puts all of it back,
 * as the target has it, and the derived downgrade as the start had it. Each shape runs the upgrade and the
 * downgrade on PostgreSQL 15 against pg_dump (column order aside: the column comes back at the end of its
 * table), with GRANTs.
 */
import type { RenameResolver } from "../../src/compare/compare-options";
import { ALL_MANAGED_KINDS, ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import {
  ensureRoles,
  expectRoundTrip,
  expectShared,
  roundTrip,
  sharedRoundTrip,
  type SharedCase,
} from "./catalog-round-trip";

/** `CREATE TABLE t` with `g` generated as `x * k`, and `rest` after it (run with `k` 2 before and 3 after). */
const shape =
  (
    rest: string,
    table = "CREATE TABLE t (id int PRIMARY KEY, x int, g int GENERATED ALWAYS AS (x * %k) STORED);",
  ) =>
  (k: number) =>
    `${table.replace("%k", String(k))} INSERT INTO t (id, x) VALUES (1, 1), (2, 5); ${rest}`;

const TRIGGER_FUNCTION =
  "CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;";

const shapes = {
  indexes: shape(
    "CREATE INDEX t_g ON t (g); CREATE INDEX t_gx ON t (g, x); CREATE INDEX t_inc ON t (x) INCLUDE (g); " +
      "CREATE INDEX t_expr ON t ((g + 1)); CREATE INDEX t_part ON t (x) WHERE g > 3; CREATE INDEX t_other ON t (x);",
  ),
  checks: shape(
    "ALTER TABLE t ADD CONSTRAINT g_pos CHECK (g > 0), ADD CONSTRAINT gx CHECK (g >= x), ADD CONSTRAINT x_pos CHECK (x > 0);",
  ),
  uniqueKey: shape(
    "ALTER TABLE t ADD CONSTRAINT t_g_key UNIQUE (g), ADD CONSTRAINT t_xg_key UNIQUE (x) INCLUDE (g);",
  ),
  primaryKey: shape(
    "",
    "CREATE TABLE t (id int, x int, g int GENERATED ALWAYS AS (x * %k) STORED PRIMARY KEY);",
  ),
  foreignKeyOn: shape(
    "ALTER TABLE t ADD CONSTRAINT t_g_fkey FOREIGN KEY (g) REFERENCES p (id);",
    "CREATE TABLE p (id int PRIMARY KEY); INSERT INTO p SELECT generate_series(1, 20); " +
      "CREATE TABLE t (id int PRIMARY KEY, x int, g int GENERATED ALWAYS AS (x * %k) STORED);",
  ),
  referenced: shape(
    "ALTER TABLE t ADD CONSTRAINT t_g_key UNIQUE (g); CREATE TABLE r (g int CONSTRAINT r_g_fkey REFERENCES t (g));",
  ),
  exclusion: shape("ALTER TABLE t ADD CONSTRAINT t_g_excl EXCLUDE USING btree ((g + x) WITH =);"),
  grants: shape(
    "GRANT SELECT (g), UPDATE (x) ON t TO readd_reader; GRANT SELECT (id) ON t TO readd_reader;",
  ),
  trigger: shape(
    `${TRIGGER_FUNCTION} CREATE TRIGGER t_upd BEFORE UPDATE OF g ON t FOR EACH ROW EXECUTE FUNCTION stamp();`,
  ),
  policy: shape("ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY t_pos ON t USING (g > 0);"),
  statistics: shape("CREATE STATISTICS t_stats ON x, g FROM t;"),
  view: shape("CREATE VIEW v AS SELECT id, g FROM t;"),
  comment: shape("COMMENT ON COLUMN t.g IS 'derived';"),
  settings: shape("ALTER TABLE t ALTER g SET STATISTICS 300, ALTER g SET (n_distinct = 5);"),
  // The column of a partition or an inheritance child goes with its parent's, with what is on it.
  partition: shape(
    "CREATE INDEX pt_g ON pt (g); CREATE INDEX t_expr ON t ((g + 1)); ALTER TABLE t ADD CONSTRAINT t_ck CHECK (g > -5); " +
      "GRANT SELECT (g) ON t TO readd_reader;",
    "CREATE TABLE pt (id int, x int, g int GENERATED ALWAYS AS (x * %k) STORED) PARTITION BY RANGE (id); " +
      "CREATE TABLE t PARTITION OF pt FOR VALUES FROM (0) TO (100);",
  ),
  inheritanceChild: shape(
    "CREATE INDEX t_g ON t (g); GRANT SELECT (g) ON t TO readd_reader;",
    "CREATE TABLE par (id int, x int, g int GENERATED ALWAYS AS (x * %k) STORED); CREATE TABLE t (y int) INHERITS (par);",
  ),
};

const cases = Object.fromEntries(
  Object.entries(shapes).map(([name, side]) => [name, { before: side(2), after: side(3) }]),
) as Record<keyof typeof shapes, SharedCase>;

const managed = { manage: new Set(ALL_MANAGED_KINDS) };

/** What reads a generated column dropped and added again for a column it reads retyped, or a function it calls. */
const readers =
  "ALTER TABLE t ADD CONSTRAINT g_pos CHECK (g > 0); CREATE INDEX t_expr ON t ((g + 1)); CREATE INDEX t_part ON t (a) WHERE g > 3; " +
  "GRANT SELECT (g) ON t TO readd_reader; INSERT INTO t (a) VALUES (1), (5);";
const fn = (arg: string) =>
  `CREATE FUNCTION dbl(${arg} int) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT ${arg} * 2';`;
const retyped = {
  before: `CREATE TABLE t (a int, g int GENERATED ALWAYS AS (a * 2) STORED); ${readers}`,
  after: `CREATE TABLE t (a bigint, g int GENERATED ALWAYS AS (a * 2) STORED); ${readers}`,
};

/** Entity mode, with the column retyped under what reads it (below), which the entity side compares in the same way. */
const entityMode = sharedRoundTrip<string>({ ...cases, retyped }, {
  options: { manage: ENTITY_MANAGED_KINDS },
  privileges: true,
  targetAsEntities: true,
});

describe("a generated column dropped and added again for its new expression takes nothing else along", () => {
  beforeAll(() => ensureRoles(["readd_reader"]));
  const modes = {
    managed: sharedRoundTrip(cases, { options: managed, privileges: true }),
    "not managed": sharedRoundTrip(cases, { privileges: true }),
    "entity mode (what entities say, managing what they manage)": entityMode,
  };
  it.each((Object.keys(modes) as (keyof typeof modes)[]).map((mode) => [mode, modes[mode].names] as const))(
    "%s: %s",
    async (mode) => {
      await expectShared(modes[mode]);
    },
  );

  it("drops and creates again only what names or reads the column", async () => {
    const of = (name: keyof typeof shapes) => modes.managed.of(name);
    const recreated = async (name: keyof typeof shapes) =>
      (await of(name)).upgradeSql
        .flatMap(
          (sql) => /(?:CREATE (?:UNIQUE )?INDEX|ADD CONSTRAINT) "([^"]+)"/.exec(sql)?.[1] ?? [],
        )
        .sort();
    expect(await recreated("indexes")).toEqual(["t_expr", "t_g", "t_gx", "t_inc", "t_part"]);
    expect(await recreated("checks")).toEqual(["g_pos", "gx"]);
    expect(await recreated("exclusion")).toEqual(["t_g_excl"]);
    expect(await recreated("uniqueKey")).toEqual(["t_g_key", "t_xg_key"]);
  });
});

// Alone: the only case here compared without options and without GRANTs.
describe("the other columns keep their rows", () => {
  it("a plain column made generated, and a generated one given a new expression, with an index on each", async () => {
    const result = await roundTrip({
      before:
        "CREATE TABLE t (id int PRIMARY KEY, x int, g int GENERATED ALWAYS AS (x * 2) STORED, h int, note text); " +
        "CREATE INDEX t_g ON t (g); CREATE UNIQUE INDEX t_h ON t (h); ALTER TABLE t ADD CONSTRAINT h_pos CHECK (h > 0); " +
        "INSERT INTO t (id, x, h, note) VALUES (1, 1, 10, 'one'), (2, 5, 20, 'two');",
      after:
        "CREATE TABLE t (id int PRIMARY KEY, x int, g int GENERATED ALWAYS AS (x * 3) STORED, h int GENERATED ALWAYS AS (x + 100) STORED, note text); " +
        "CREATE INDEX t_g ON t (g); CREATE UNIQUE INDEX t_h ON t (h); ALTER TABLE t ADD CONSTRAINT h_pos CHECK (h > 0);",
      rows: "SELECT id, x, g, note FROM t ORDER BY id",
    });
    expectRoundTrip(result);
    expect(result.rows).toEqual({
      original: [
        { id: 1, x: 1, g: 2, note: "one" },
        { id: 2, x: 5, g: 10, note: "two" },
      ],
      upgraded: [
        { id: 1, x: 1, g: 3, note: "one" },
        { id: 2, x: 5, g: 15, note: "two" },
      ],
      downgraded: [
        { id: 1, x: 1, g: 2, note: "one" },
        { id: 2, x: 5, g: 10, note: "two" },
      ],
    });
  });
});

// A generated column is also dropped and added again when a column it reads is retyped, or a function it
// calls is dropped and created again (src/compare/retype-dependents.ts, function-dependents.ts): those took
// along the indexes and keys naming it, and lost its checks and the indexes reading it in an expression.
describe("a generated column dropped and added again for what it reads takes nothing else along either", () => {
  beforeAll(() => ensureRoles(["readd_reader"]));
  const partitioned = (type: string) =>
    `CREATE TABLE pt (k int, a ${type}, g int GENERATED ALWAYS AS (a * 2) STORED) PARTITION BY RANGE (k); ` +
    "CREATE TABLE t PARTITION OF pt FOR VALUES FROM (0) TO (100); CREATE INDEX t_expr ON t ((g + 1)); " +
    "ALTER TABLE t ADD CONSTRAINT t_ck CHECK (g > -5); GRANT SELECT (g) ON t TO readd_reader; INSERT INTO pt VALUES (1, 1);";
  const group = sharedRoundTrip(
    {
      retyped,
      // The partition's own index, check and grant on its column go with the parent's generated column.
      retypedUnderPartition: { before: partitioned("int"), after: partitioned("bigint") },
      functionRecreated: {
        before: `${fn("n")} CREATE TABLE t (a int, g int GENERATED ALWAYS AS (dbl(a)) STORED); ${readers}`,
        after: `${fn("m")} CREATE TABLE t (a int, g int GENERATED ALWAYS AS (dbl(a)) STORED); ${readers}`,
      },
    },
    { options: managed, privileges: true },
  );
  it(group.names, async () => {
    await expectShared(group);
  });

  // The entity side does not know what a check or an index expression reads: each is created once every
  // column of its table is there.
  it("retyped, in entity mode", async () => {
    expectRoundTrip(await entityMode.of("retyped"));
  });
});

// Renames run before the column is dropped and added again: what reads it is named as the database has
// it when dropped, and as the target has it when created again.
describe("a generated column given a new expression in a renamed table, or renamed itself", () => {
  beforeAll(() => ensureRoles(["readd_reader"]));
  const renames: RenameResolver = {
    resolveTables: ({ created, deleted }) => ({
      created: [],
      renamed: deleted.map((from, i) => ({ from, to: created[i]! })),
      deleted: [],
    }),
    resolveColumns: ({ created, deleted }) => ({
      created: [],
      renamed: deleted.map((from, i) => ({ from, to: created[i]! })),
      deleted: [],
    }),
  };
  const table = (name: string, column: string, k: number) =>
    `CREATE TABLE ${name} (id int PRIMARY KEY, x int, ${column} int GENERATED ALWAYS AS (x * ${k}) STORED); ` +
    `INSERT INTO ${name} (id, x) VALUES (1, 1); ALTER TABLE ${name} ADD CONSTRAINT ck CHECK (${column} > 0); ` +
    `CREATE INDEX ${name}_expr ON ${name} ((${column} + 1)); CREATE INDEX ${name}_plain ON ${name} (${column}); ` +
    `GRANT SELECT (${column}) ON ${name} TO readd_reader;`;
  // Both in one round trip, a schema each: the table renamed is the only one deleted and created, and the
  // column renamed the only one of its table, so the resolver answers each as it did alone.
  const group = sharedRoundTrip(
    {
      tableRenamed: { before: table("old_t", "g", 2), after: table("new_t", "g", 3).replace(/new_t_(expr|plain)/g, "old_t_$1") },
      columnRenamed: { before: table("t", "g", 2), after: table("t", "h", 3).replace(/new_t_(expr|plain)/g, "old_t_$1") },
    },
    { options: { ...managed, renames }, privileges: true },
  );
  it(`in one round trip: ${group.names}`, async () => {
    await expectShared(group);
  });

  it.each([
    ["the table renamed", "tableRenamed"],
    ["the column renamed", "columnRenamed"],
  ] as const)("%s", async (_name, key) => {
    const result = await group.of(key);
    expectRoundTrip(result);
  });
});
