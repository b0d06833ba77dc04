/**
 * Objects kept in a tablespace of their own (a legacy database's layout) stay there when a migration drops
 * and creates them again, and the derived downgrade puts the old objects back there: an index whose
 * definition changes, a primary key re-created under a new name with a new column, a unique and an
 * exclusion constraint changed, a table created again for a new partition key (with its key, index and
 * partition), a materialized view and its index created again around a retyped column, an index and an
 * exclusion an enum rebuild re-creates, an index on a generated column added again, a table and partitions
 * dropped for good (back in the downgrade, one in the default tablespace under a parent elsewhere). Tablespaces alone are never compared: an object that differs only by its
 * tablespace is left where it is, and an object the database does not have is created in the default
 * tablespace whatever the other side says. Between two databases (compare + compile, as `autogen diff`
 * does, and the `diff()` API itself) and in entity mode (the target as entities give it: no tablespace at
 * all), on PostgreSQL 15 with a tablespace of the file's own, read back from pg_class after the upgrade
 * and after the downgrade.
 */
import { Client } from "pg";
import { diff } from "../../src/api/diff";
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { invertAll } from "../../src/ops/invert";
import { applyOperations } from "../support/apply";
import { createTablespace, tablespaceName, tablespacesIn, type TestTablespace } from "../support/tablespace";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { expectShared, sharedRoundTrip, type RoundTrip, type SharedCase } from "./catalog-round-trip";

const TS = tablespaceName("rt_ts");
let ts: TestTablespace | null = null;

beforeAll(async () => {
  ts = await createTablespace(TS);
});

// Every database holding something in the tablespace is dropped by then (each round trip drops its own).
afterAll(async () => {
  await ts?.drop();
});

type Placement = Readonly<Record<string, string>>;

/** A case, and where A's relations are at the start, after the upgrade, and (by default as at the start) after the downgrade. */
interface PlacedCase extends SharedCase {
  readonly original: Placement;
  readonly upgraded: Placement;
}

const CASES = {
  index: {
    before: `CREATE TABLE t (a int, b int); CREATE INDEX t_a ON t (a) TABLESPACE ${TS};`,
    after: "CREATE TABLE t (a int, b int); CREATE INDEX t_a ON t (a, b);",
    original: { t: "-", t_a: TS },
    upgraded: { t: "-", t_a: TS },
  },
  primaryKey: {
    before: `CREATE TABLE k (a int, b int, CONSTRAINT k_pkey PRIMARY KEY (a) USING INDEX TABLESPACE ${TS});`,
    after: "CREATE TABLE k (a int, b int, CONSTRAINT pk_k PRIMARY KEY (a, b));",
    original: { k: "-", k_pkey: TS },
    upgraded: { k: "-", pk_k: TS },
  },
  unique: {
    before: `CREATE TABLE u (a int, b int, CONSTRAINT u_a UNIQUE (a) USING INDEX TABLESPACE ${TS} DEFERRABLE);`,
    after: "CREATE TABLE u (a int, b int, CONSTRAINT u_a UNIQUE (a, b) DEFERRABLE);",
    original: { u: "-", u_a: TS },
    upgraded: { u: "-", u_a: TS },
  },
  exclusion: {
    before: `CREATE TABLE x (a int, r int4range, CONSTRAINT x_r EXCLUDE USING gist (r WITH &&) USING INDEX TABLESPACE ${TS} WHERE (a > 0));`,
    after: "CREATE TABLE x (a int, r int4range, CONSTRAINT x_r EXCLUDE USING gist (r WITH &&) WHERE (a > 1));",
    original: { x: "-", x_r: TS },
    upgraded: { x: "-", x_r: TS },
  },
  partitionKey: {
    before:
      `CREATE TABLE p (a int, b int, PRIMARY KEY (a, b) USING INDEX TABLESPACE ${TS}) PARTITION BY RANGE (a) TABLESPACE ${TS}; ` +
      `CREATE INDEX p_b ON p (b) TABLESPACE ${TS}; CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);`,
    after:
      "CREATE TABLE p (a int, b int, PRIMARY KEY (a, b)) PARTITION BY RANGE (b); CREATE INDEX p_b ON p (b); " +
      "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);",
    original: { p: TS, p_pkey: TS, p_b: TS, p1: TS, p1_pkey: TS, p1_b_idx: TS },
    upgraded: { p: TS, p_pkey: TS, p_b: TS, p1: TS, p1_pkey: TS, p1_b_idx: TS },
  },
  materializedView: {
    before: `CREATE TABLE m (a int); CREATE MATERIALIZED VIEW mv TABLESPACE ${TS} AS SELECT a FROM m; CREATE INDEX mv_a ON mv (a) TABLESPACE ${TS};`,
    after: "CREATE TABLE m (a bigint); CREATE MATERIALIZED VIEW mv AS SELECT a FROM m; CREATE INDEX mv_a ON mv (a);",
    original: { m: "-", mv: TS, mv_a: TS },
    upgraded: { m: "-", mv: TS, mv_a: TS },
  },
  enumRebuild: {
    before:
      "CREATE TYPE e AS ENUM ('a', 'b', 'c'); " +
      `CREATE TABLE en (s e, r int4range, CONSTRAINT en_x EXCLUDE USING gist (r WITH &&) USING INDEX TABLESPACE ${TS} WHERE (s <> 'a')); ` +
      `CREATE INDEX en_s ON en (r) TABLESPACE ${TS} WHERE s <> 'a';`,
    after:
      "CREATE TYPE e AS ENUM ('a', 'b'); " +
      "CREATE TABLE en (s e, r int4range, CONSTRAINT en_x EXCLUDE USING gist (r WITH &&) WHERE (s <> 'a')); " +
      "CREATE INDEX en_s ON en (r) WHERE s <> 'a';",
    original: { en: "-", en_s: TS, en_x: TS },
    upgraded: { en: "-", en_s: TS, en_x: TS },
  },
  generatedColumn: {
    before: `CREATE TABLE g (a int, dbl int GENERATED ALWAYS AS (a * 2) STORED); CREATE INDEX g_dbl ON g (dbl) TABLESPACE ${TS};`,
    after: "CREATE TABLE g (a bigint, dbl bigint GENERATED ALWAYS AS (a * 2) STORED); CREATE INDEX g_dbl ON g (dbl);",
    original: { g: "-", g_dbl: TS },
    upgraded: { g: "-", g_dbl: TS },
  },
  droppedTable: {
    before: `CREATE TABLE gone (a int PRIMARY KEY USING INDEX TABLESPACE ${TS}, b int) TABLESPACE ${TS}; CREATE INDEX gone_b ON gone (b) TABLESPACE ${TS};`,
    after: "",
    original: { gone: TS, gone_pkey: TS, gone_b: TS },
    upgraded: {},
  },
  // The partition in the default tablespace comes back there, not in its parent's.
  droppedPartitions: {
    before:
      `CREATE TABLE dp (a int) PARTITION BY RANGE (a) TABLESPACE ${TS}; ` +
      "CREATE TABLE dp1 PARTITION OF dp FOR VALUES FROM (0) TO (10) TABLESPACE pg_default; " +
      `CREATE TABLE dp2 PARTITION OF dp FOR VALUES FROM (10) TO (20) TABLESPACE ${TS}; ` +
      "CREATE TABLE dp3 PARTITION OF dp FOR VALUES FROM (20) TO (30);",
    after: "CREATE TABLE dp (a int) PARTITION BY RANGE (a); CREATE TABLE dp3 PARTITION OF dp FOR VALUES FROM (20) TO (30);",
    original: { dp: TS, dp1: "-", dp2: TS, dp3: TS },
    upgraded: { dp: TS, dp3: TS },
  },
  onlyTablespaces: {
    before: `CREATE TABLE same (a int PRIMARY KEY USING INDEX TABLESPACE ${TS}) TABLESPACE ${TS}; CREATE INDEX same_a ON same (a) TABLESPACE ${TS};`,
    after: "CREATE TABLE same (a int PRIMARY KEY); CREATE INDEX same_a ON same (a);",
    original: { same: TS, same_pkey: TS, same_a: TS },
    upgraded: { same: TS, same_pkey: TS, same_a: TS },
  },
  newObjects: {
    before: "",
    after: `CREATE TABLE fresh (a int PRIMARY KEY USING INDEX TABLESPACE ${TS}) TABLESPACE ${TS}; CREATE INDEX fresh_a ON fresh (a) TABLESPACE ${TS};`,
    original: {},
    upgraded: { fresh: "-", fresh_pkey: "-", fresh_a: "-" },
  },
} satisfies Record<string, PlacedCase>;

type CaseName = keyof typeof CASES;

/** `where` by relation name, without the case's schema. */
function byName(where: Placement): Placement {
  return Object.fromEntries(Object.entries(where).map(([relation, tablespace]) => [relation.slice(relation.indexOf(".") + 1), tablespace]));
}

/** Where A's relations are at each stage of a case's part of the round trip. */
function placements(result: RoundTrip): Record<"original" | "upgraded" | "downgraded", Placement> {
  const { original, upgraded, downgraded } = result.tablespaces!;
  return { original: byName(original), upgraded: byName(upgraded), downgraded: byName(downgraded) };
}

function expectPlacements(result: RoundTrip, c: PlacedCase): void {
  expect(placements(result)).toEqual({ original: c.original, upgraded: c.upgraded, downgraded: c.original });
}

describe("tablespaces between two databases", () => {
  const group = sharedRoundTrip(CASES, { tablespaces: true });

  it(`round trip: ${group.names}`, () => expectShared(group));

  it.each(Object.keys(CASES) as CaseName[])("%s: where A's relations are after the upgrade and after the downgrade", async (name) => {
    expectPlacements(await group.of(name), CASES[name]);
  });

  it("leaves an object that differs only by its tablespace alone", async () => {
    expect((await group.of("onlyTablespaces")).upgrade).toEqual([]);
  });
});

/** What entities can describe (no partition key change, no object only the other database has). */
const ENTITY_CASES = (({ partitionKey: _, droppedPartitions: __, onlyTablespaces: ___, ...rest }) => rest)(CASES);

describe("tablespaces in entity mode (the target without any)", () => {
  const group = sharedRoundTrip(ENTITY_CASES, { tablespaces: true, targetAsEntities: true, options: { manage: ENTITY_MANAGED_KINDS } });

  it(`round trip: ${group.names}`, () => expectShared(group));

  it.each(Object.keys(ENTITY_CASES) as (keyof typeof ENTITY_CASES)[])(
    "%s: where A's relations are after the upgrade and after the downgrade",
    async (name) => {
      expectPlacements(await group.of(name), ENTITY_CASES[name]);
    },
  );
});

describe("tablespaces through the diff() API", () => {
  let a: TestDatabase;
  let b: TestDatabase;

  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase("ts_diff_a"), createTestDatabase("ts_diff_b")]);
    await Promise.all([
      a.query(`${CASES.index.before} ${CASES.primaryKey.before} ${CASES.materializedView.before}`),
      b.query(`${CASES.index.after} ${CASES.primaryKey.after} ${CASES.materializedView.after}`),
    ]);
  });

  afterAll(async () => {
    await Promise.all([a?.drop(), b?.drop()]);
  });

  it("writes each recreated object's tablespace in its statements, and both ways put them back there", async () => {
    const result = await diff(a.url, b.url);
    const created = result.steps.flatMap((step) => step.statements.map((s) => s.sql)).filter((sql) => /^(CREATE|ALTER TABLE .* ADD)/.test(sql));
    expect(created).toEqual([
      `ALTER TABLE "public"."k" ADD CONSTRAINT "pk_k" PRIMARY KEY ("a", "b") USING INDEX TABLESPACE "${TS}"`,
      `CREATE INDEX "t_a" ON "public"."t" USING btree (a, b) TABLESPACE "${TS}"`,
      `CREATE MATERIALIZED VIEW "public"."mv" TABLESPACE "${TS}" AS SELECT m.a\n   FROM public.m`,
      `CREATE INDEX "mv_a" ON "public"."mv" USING btree (a) TABLESPACE "${TS}"`,
    ]);
    const where = async () => byName(await tablespacesIn(a.url, ["public"]));
    const original = await where();
    await applyOperations(a.url, result.operations);
    expect(await where()).toEqual({ k: "-", pk_k: TS, t: "-", t_a: TS, m: "-", mv: TS, mv_a: TS });
    // Nothing left to do: the tablespaces are not compared.
    expect((await diff(a.url, b.url)).operations).toEqual([]);
    await applyOperations(a.url, invertAll([...result.operations]));
    expect(await where()).toEqual(original);
    const client = new Client({ connectionString: a.url });
    await client.connect();
    try {
      expect((await client.query("SELECT indexname, tablespace FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1")).rows).toEqual([
        { indexname: "k_pkey", tablespace: TS },
        { indexname: "mv_a", tablespace: TS },
        { indexname: "t_a", tablespace: TS },
      ]);
    } finally {
      await client.end();
    }
  });
});
