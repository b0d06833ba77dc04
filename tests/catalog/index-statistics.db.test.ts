/**
 * The statistics targets of indexes' expression columns (`ALTER INDEX i ALTER COLUMN 2 SET STATISTICS
 * 500`, pg_attribute.attstattarget of the index): read, compared where both sides are databases and
 * changed in place (`alterIndexStatistics`), given to an index a migration creates, set again after a retype
 * that makes PostgreSQL rebuild the index (which resets them), and left as the database has them in entity
 * mode. Before, a diff only named them as not compared, and a migration retyping a column such an index
 * reads lost them without a word. On PostgreSQL 15, judged by pg_dump, which prints them.
 *
 * The cases compared the same way share a round trip, a schema each (`sharedRoundTrip`), and assert on
 * their own part; the one that takes the table gone as renamed to the new one does so through a resolver
 * that answers for its own schema only.
 */
import path from "node:path";
import { openProject } from "../../src/api/project";
import { upgrade } from "../../src/api/migrate";
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { tempProject } from "../cli/cli-support";
import { writeAsJavaScript } from "../safe/lock-safe-support";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { expectRoundTrip, expectShared, renamedIn, roundTrip, sharedRoundTrip, expectSharedEntityMode } from "./catalog-round-trip";

const entityMode = { manage: ENTITY_MANAGED_KINDS };

/** `t` with index `t_lower` on (id, lower(body), upper(body)), and `targets` (`ALTER COLUMN ...` actions) set on it. */
function indexed(targets: string, body = "varchar(100)"): string {
  const set = targets === "" ? "" : ` ALTER INDEX t_lower ${targets};`;
  return `CREATE TABLE t (id int, body ${body}); CREATE INDEX t_lower ON t (id, lower(body), upper(body));${set}`;
}

const parted = (set: string) =>
  `CREATE TABLE p (id int, body text) PARTITION BY RANGE (id); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);` +
  ` CREATE INDEX p_lower ON p (lower(body));${set}`;
const matview = (set: string) =>
  `CREATE TABLE t (id int, body text); CREATE MATERIALIZED VIEW m AS SELECT id, body FROM t; CREATE INDEX m_lower ON m (lower(body));${set}`;
const enumIndexed = (labels: string) =>
  `CREATE TYPE e AS ENUM (${labels}); CREATE TABLE t (x e, body text); CREATE INDEX t_x ON t ((x = 'a'), lower(body));` +
  " ALTER INDEX t_x ALTER COLUMN 1 SET STATISTICS 300, ALTER COLUMN 2 SET STATISTICS 30;";
const STAY = "ALTER COLUMN 2 SET STATISTICS 500";

/** The cases compared between databases (one with its table renamed, through a resolver answering for its schema only). */
const between = sharedRoundTrip(
  {
    changed: { before: indexed("ALTER COLUMN 2 SET STATISTICS 500"), after: indexed("ALTER COLUMN 2 SET STATISTICS 0, ALTER COLUMN 3 SET STATISTICS 300") },
    reset: { before: indexed("ALTER COLUMN 3 SET STATISTICS 300"), after: indexed("") },
    created: {
      before: "CREATE TABLE t (id int, body text); CREATE INDEX t_lower ON t (lower(body));",
      after:
        "CREATE TABLE t (id int, body text); CREATE INDEX t_lower ON t (lower(body)) WHERE id > 0; ALTER INDEX t_lower ALTER COLUMN 1 SET STATISTICS 200;" +
        " CREATE INDEX t_upper ON t (upper(body)); ALTER INDEX t_upper ALTER COLUMN 1 SET STATISTICS 100;" +
        " CREATE TABLE u (x text); CREATE INDEX u_lower ON u (lower(x)); ALTER INDEX u_lower ALTER COLUMN 1 SET STATISTICS 50;",
    },
    partitioned: { before: parted(""), after: parted(" ALTER INDEX p_lower ALTER COLUMN 1 SET STATISTICS 200;") },
    matview: { before: matview(""), after: matview(" ALTER INDEX m_lower ALTER COLUMN 1 SET STATISTICS 30;") },
    retypeStay: { before: indexed(STAY), after: indexed(STAY, "varchar(200)") },
    retypeChange: { before: indexed("ALTER COLUMN 2 SET STATISTICS 500"), after: indexed("ALTER COLUMN 3 SET STATISTICS 40", "varchar(200)") },
    enumRebuild: { before: enumIndexed("'a', 'b', 'c'"), after: enumIndexed("'a', 'b'") },
    renamedTable: { before: indexed(STAY), after: indexed(STAY, "varchar(200)").replace("TABLE t ", "TABLE t2 ").replace("ON t ", "ON t2 ") },
  },
  { options: { renames: renamedIn((): string => between.in("renamedTable")("public")) } },
);

/**
 * The cases in entity mode, where A keeps targets the entities do not give: nothing remains and the
 * downgrade gives A back, but A does not dump as B.
 */
const entities = sharedRoundTrip(
  {
    retyped: { before: indexed(`${STAY}, ALTER COLUMN 3 SET STATISTICS 20`), after: indexed("", "varchar(200)") },
    same: { before: indexed(STAY), after: indexed(STAY) },
    createdAgain: {
      before: indexed("ALTER COLUMN 2 SET STATISTICS 500, ALTER COLUMN 3 SET STATISTICS 20"),
      after: "CREATE TABLE t (id int, body varchar(100)); CREATE INDEX t_lower ON t (id, lower(body), (body || 'x'));",
    },
  },
  { options: entityMode, targetAsEntities: true },
);

describe("shared round trips", () => {
  it(`between databases: ${between.names}`, async () => {
    await expectShared(between);
  });

  it(`in entity mode (nothing remains, the downgrade gives A back, each statement one case's): ${entities.names}`, async () => {
    await expectSharedEntityMode(entities);
  });
});

describe("statistics targets of index expressions, compared between databases", () => {
  it("are set, changed and reset in place, and the downgrade puts them back", async () => {
    const [result, own] = [await between.of("changed"), between.in("changed")];
    expect(result.upgradeSql).toEqual([own(`ALTER INDEX "public"."t_lower" ALTER COLUMN 2 SET STATISTICS 0, ALTER COLUMN 3 SET STATISTICS 300`)]);
    expect(result.upgraded).toContain(own("ALTER INDEX public.t_lower ALTER COLUMN 3 SET STATISTICS 300;"));
    expectRoundTrip(result);
  });

  it("go back to the default in the other direction", async () => {
    const [result, own] = [await between.of("reset"), between.in("reset")];
    expect(result.upgradeSql).toEqual([own(`ALTER INDEX "public"."t_lower" ALTER COLUMN 3 SET STATISTICS -1`)]);
    expect(result.original).toContain(own("ALTER INDEX public.t_lower ALTER COLUMN 3 SET STATISTICS 300;"));
    expectRoundTrip(result);
  });

  it("come with an index created, alone or with its table, and with one created again", async () => {
    const [result, own] = [await between.of("created"), between.in("created")];
    expect(result.upgradeSql).toContain(own(`ALTER INDEX "public"."t_upper" ALTER COLUMN 1 SET STATISTICS 100`));
    expectRoundTrip(result);
  });

  it("of a partitioned table's index are set on it, and reach its partitions' indexes", async () => {
    const [result, own] = [await between.of("partitioned"), between.in("partitioned")];
    expect(result.upgradeSql).toEqual([own(`ALTER INDEX "public"."p_lower" ALTER COLUMN 1 SET STATISTICS 200`)]);
    expectRoundTrip(result);
  });

  it("of a materialized view's index are changed in place", async () => {
    const [result, own] = [await between.of("matview"), between.in("matview")];
    expect(result.upgradeSql).toEqual([own(`ALTER INDEX "public"."m_lower" ALTER COLUMN 1 SET STATISTICS 30`)]);
    expectRoundTrip(result);
  });
});

// ALTER COLUMN ... TYPE rebuilds every index reading the column, and the rebuilt index has the default
// targets again (probed on PostgreSQL 15): the migration sets them again after, the downgrade too.
describe("statistics targets of index expressions across a retype of a column the index reads", () => {
  it("stay, in the upgrade and in the downgrade", async () => {
    const result = await between.of("retypeStay");
    expect(result.upgradeSql.at(-1)).toBe(between.in("retypeStay")(`ALTER INDEX "public"."t_lower" ALTER COLUMN 2 SET STATISTICS 500`));
    expectRoundTrip(result);
  });

  it("change with it", async () => {
    expectRoundTrip(await between.of("retypeChange"));
  });

  it("stay across an enum rebuild (a label removed) re-casting the column an index expression reads", async () => {
    expectRoundTrip(await between.of("enumRebuild"));
  });

  it("stay on a table renamed in the same migration", async () => {
    const result = await between.of("renamedTable");
    expect(result.upgradeSql.at(-1)).toBe(between.in("renamedTable")(`ALTER INDEX "public"."t_lower" ALTER COLUMN 2 SET STATISTICS 500`));
    expectRoundTrip(result);
  });

  it("stay in entity mode", async () => {
    const result = await entities.of("retyped");
    expect(result.upgraded).toContain(entities.in("retyped")("ALTER INDEX public.t_lower ALTER COLUMN 2 SET STATISTICS 500;"));
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
  });
});

describe("statistics targets of index expressions, in entity mode (entities never give them)", () => {
  it("are left as the database has them", async () => {
    expect((await entities.of("same")).upgrade).toEqual([]);
  });

  it("stay with an index created again on the same expressions, and only on them", async () => {
    const result = await entities.of("createdAgain");
    expect(result.upgradeSql).toContain(entities.in("createdAgain")(`ALTER INDEX "public"."t_lower" ALTER COLUMN 2 SET STATISTICS 500`));
    expect(result.upgraded).not.toContain("ALTER COLUMN 3 SET STATISTICS");
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
  });
});

// The lock-safe forms run outside a transaction: a concurrent build, and a partitioned table's index built
// partition by partition (`ON ONLY`, then each partition's, attached); the targets are set once it stands.
describe("statistics targets of an index created in a lock-safe form, run by the migration runner", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("index_stats_safe");
  });
  afterAll(async () => {
    await db.drop();
  });

  it("are set on a concurrent index and on a partitioned table's index and its partitions'", async () => {
    const dir = tempProject({ "autogen.config.json": JSON.stringify({ migrations: "migrations", databaseUrl: db.url }) });
    writeAsJavaScript(
      path.join(dir, "migrations", "s1.ts"),
      `export const revision = "s1";\nexport const downRevision = null;\n` +
        `export async function upgrade(op: any): Promise<void> {\n` +
        `  await op.step("tables", async () => {\n` +
        `    await op.execute("CREATE TABLE t (id int, body text)");\n` +
        `    await op.execute("CREATE TABLE p (id int, body text) PARTITION BY RANGE (id)");\n` +
        `    await op.execute("CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10)");\n` +
        `  });\n` +
        `  await op.step("build", { transaction: false }, async () => {\n` +
        `    await op.createIndex("t", { name: "t_lower", keys: ["lower(body)"], statisticsTargets: { 1: 300 } }, { concurrently: true });\n` +
        `    await op.createPartitionedIndex("p", { name: "p_lower", keys: ["lower(body)"], statisticsTargets: { 1: 200 } });\n` +
        `  });\n}\nexport async function downgrade(): Promise<void> {}\n`,
    );
    const project = await openProject({ cwd: dir, logger: { info: () => undefined, warn: () => undefined } });
    const run = await upgrade(project, "head");
    if (run.mode !== "online") throw new Error("unreachable");
    expect(run.result.error?.message).toBeUndefined();
    const targets = await db.query(
      "SELECT c.relname AS index, a.attstattarget AS target FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid " +
        "WHERE c.relname IN ('t_lower', 'p_lower') OR c.relname LIKE 'p1%' AND c.relkind = 'i' ORDER BY 1",
    );
    expect(targets).toEqual([
      { index: "p1_p_lower", target: 200 },
      { index: "p_lower", target: 200 },
      { index: "t_lower", target: 300 },
    ]);
  }, 120_000);
});
