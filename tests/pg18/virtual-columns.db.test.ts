/**
 * Virtual generated columns (`GENERATED ALWAYS AS (...) VIRTUAL`, the default kind on PostgreSQL 18) on a
 * real PostgreSQL 18 from npm (CI runs 15, which has none): database A (with rows) and database B are
 * built from SQL, `compare(A, B)` gives the upgrade, which is rendered into a migration file (upgrade and
 * its derived downgrade) and run by the runner on A. Then comparing A with B finds nothing, the catalog
 * says what kind each column is (attgenerated) and what it computes, and the rows are kept; the
 * downgrade gives back A. In the slow suite (tests/slow-suites.js): it installs and starts its own server.
 */
import { destructiveReason } from "../../src/ops/destructive";
import { usePg18 } from "./support/pg18-cluster";
import { generatedColumns, rows, trip, upAndDown } from "./support/round-trip";

const pg = usePg18();

const TABLE = "CREATE TABLE t (id int PRIMARY KEY, a int, note text);";
const ROWS = "INSERT INTO t VALUES (1, 10, 'x'), (2, 20, 'y');";

test("reads a virtual column and adds one, and a table created with one, upgrade and downgrade", async () => {
  const t = await trip(
    pg(),
    TABLE,
    TABLE.replace(");", ", v int GENERATED ALWAYS AS (a * 2));") +
      "CREATE TABLE n (x text, y text GENERATED ALWAYS AS (upper(x)) VIRTUAL NOT NULL); COMMENT ON COLUMN n.y IS 'shouted';",
    ROWS,
  );
  expect(t.sql).toContain(
    'ALTER TABLE "public"."t" ADD COLUMN "v" integer GENERATED ALWAYS AS (a * 2) VIRTUAL',
  );
  expect(t.sql.join("\n")).toContain('"y" text GENERATED ALWAYS AS (upper(x)) VIRTUAL NOT NULL');
  expect(t.upgradeSource).toContain("virtual: true");
  await upAndDown(
    t,
    async () => {
      expect(await generatedColumns(t.a)).toEqual(["v: v (a * 2)"]);
      expect(await generatedColumns(t.a, "n")).toEqual(["y: v upper(x)"]);
      expect(await rows(t.a, "SELECT id, v FROM t ORDER BY id")).toEqual([
        { id: 1, v: 20 },
        { id: 2, v: 40 },
      ]);
    },
    async () =>
      expect(await rows(t.a, "SELECT id, a FROM t ORDER BY id")).toEqual([
        { id: 1, a: 10 },
        { id: 2, a: 20 },
      ]),
  );
});

test("a virtual column's new expression is set in place (SET EXPRESSION), keeping its position, NOT NULL and comment", async () => {
  const before =
    "CREATE TABLE t (id int PRIMARY KEY, a int, v int GENERATED ALWAYS AS (a * 2) NOT NULL, note text); COMMENT ON COLUMN t.v IS 'doubled';";
  const t = await trip(
    pg(),
    before,
    before.replace("a * 2", "a * 3"),
    "INSERT INTO t (id, a, note) VALUES (1, 10, 'x');",
  );
  expect(t.sql).toEqual(['ALTER TABLE "public"."t" ALTER COLUMN "v" SET EXPRESSION AS (a * 3)']);
  expect(t.ops.map(destructiveReason)).toEqual([null]);
  const position =
    "SELECT attnum FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'v'";
  await upAndDown(
    t,
    async () => {
      expect(await rows(t.a, "SELECT v FROM t")).toEqual([{ v: 30 }]);
      expect(await rows(t.a, position)).toEqual([{ attnum: 3 }]);
    },
    async () => expect(await rows(t.a, "SELECT v FROM t")).toEqual([{ v: 20 }]),
  );
});

test("STORED <-> VIRTUAL: dropped and added again (the index of the stored column goes first), values computed again", async () => {
  const stored = TABLE.replace(
    ");",
    ", s bigint GENERATED ALWAYS AS (a + 1) STORED); CREATE INDEX t_s ON t (s);",
  );
  const virtual = TABLE.replace(");", ", s bigint GENERATED ALWAYS AS (a + 1) VIRTUAL);");
  const t = await trip(pg(), stored, virtual, ROWS);
  expect(t.log.join("\n")).toContain("changing from STORED to VIRTUAL");
  expect(t.ops.map(destructiveReason)).toEqual(t.ops.map(() => null));
  expect(t.sql).toContain(
    'ALTER TABLE "public"."t" DROP COLUMN "s", ADD COLUMN "s" bigint GENERATED ALWAYS AS (a + 1) VIRTUAL',
  );
  await upAndDown(
    t,
    async () => {
      expect(await generatedColumns(t.a)).toEqual(["s: v (a + 1)"]);
      expect(await rows(t.a, "SELECT s FROM t ORDER BY id")).toEqual([{ s: "11" }, { s: "21" }]);
    },
    async () => {
      expect(await generatedColumns(t.a)).toEqual(["s: s (a + 1)"]);
      expect(await rows(t.a, "SELECT s FROM t ORDER BY id")).toEqual([{ s: "11" }, { s: "21" }]);
    },
  );
});

test("a virtual column that becomes a plain one starts empty, marked DESTRUCTIVE; a plain one becoming virtual too", async () => {
  const virtual = TABLE.replace(");", ", v int GENERATED ALWAYS AS (a * 2) VIRTUAL);");
  const plain = TABLE.replace(");", ", v int DEFAULT 7);");
  const t = await trip(pg(), virtual, plain, ROWS);
  expect(t.ops.map(destructiveReason).join("\n")).toMatch(
    /drops virtual generated column t\.v .* the values it computed are not kept/,
  );
  expect(t.upgradeSource).toContain("DESTRUCTIVE");
  await upAndDown(
    t,
    async () =>
      expect(await rows(t.a, "SELECT v FROM t ORDER BY id")).toEqual([{ v: 7 }, { v: 7 }]),
    async () =>
      expect(await rows(t.a, "SELECT v FROM t ORDER BY id")).toEqual([{ v: 20 }, { v: 40 }]),
  );
});

test("retyping the column a virtual column reads drops and adds the virtual column around the retype", async () => {
  const before = TABLE.replace(");", ", v int GENERATED ALWAYS AS (a * 2) VIRTUAL);");
  const t = await trip(
    pg(),
    before,
    before.replace("a int", "a bigint").replace("v int", "v bigint"),
    ROWS,
  );
  await upAndDown(
    t,
    async () =>
      expect(await rows(t.a, "SELECT v FROM t ORDER BY id")).toEqual([{ v: "20" }, { v: "40" }]),
    async () =>
      expect(await rows(t.a, "SELECT v FROM t ORDER BY id")).toEqual([{ v: 20 }, { v: 40 }]),
  );
});

test("a virtual column's new expression in a table with CHECK constraints: they are dropped around SET EXPRESSION", async () => {
  const before = TABLE.replace(
    ");",
    ", v int GENERATED ALWAYS AS (a * 2) VIRTUAL, CONSTRAINT t_a_pos CHECK (a > 0), CONSTRAINT t_v_max CHECK (v < 100));",
  );
  const t = await trip(pg(), before, before.replace("a * 2", "a * 3"), ROWS);
  expect(t.sql).toEqual([
    'ALTER TABLE "public"."t" DROP CONSTRAINT "t_a_pos"',
    'ALTER TABLE "public"."t" DROP CONSTRAINT "t_v_max"',
    'ALTER TABLE "public"."t" ALTER COLUMN "v" SET EXPRESSION AS (a * 3)',
    'ALTER TABLE "public"."t" ADD CONSTRAINT "t_a_pos" CHECK ((a > 0))',
    'ALTER TABLE "public"."t" ADD CONSTRAINT "t_v_max" CHECK ((v < 100))',
  ]);
  await upAndDown(
    t,
    async () =>
      expect(await rows(t.a, "SELECT v FROM t ORDER BY id")).toEqual([{ v: 30 }, { v: 60 }]),
    async () =>
      expect(await rows(t.a, "SELECT v FROM t ORDER BY id")).toEqual([{ v: 20 }, { v: 40 }]),
  );
});

test("a partitioned table's virtual column reaches its partition, and its new expression too", async () => {
  const partitioned = (v: string) =>
    `CREATE TABLE m (k int, a int${v}) PARTITION BY RANGE (k); CREATE TABLE m1 PARTITION OF m FOR VALUES FROM (0) TO (10);`;
  const t = await trip(
    pg(),
    partitioned(""),
    partitioned(", v int GENERATED ALWAYS AS (a * 2)"),
    "INSERT INTO m VALUES (1, 10);",
  );
  await upAndDown(
    t,
    async () => {
      expect(await generatedColumns(t.a, "m1")).toEqual(["v: v (a * 2)"]);
      expect(await rows(t.a, "SELECT v FROM m1")).toEqual([{ v: 20 }]);
    },
    async () => expect(await generatedColumns(t.a, "m1")).toEqual([]),
  );
  const changed = await trip(
    pg(),
    partitioned(", v int GENERATED ALWAYS AS (a * 2)"),
    partitioned(", v int GENERATED ALWAYS AS (a * 3)"),
    "INSERT INTO m VALUES (1, 10);",
  );
  await upAndDown(changed, async () =>
    expect(await rows(changed.a, "SELECT v FROM m1")).toEqual([{ v: 30 }]),
  );
});

test("VIRTUAL -> STORED takes nothing else along: the check reading the column and its grant come back", async () => {
  const grant =
    "DO $$ BEGIN CREATE ROLE v_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$; GRANT SELECT (v) ON t TO v_reader;";
  const table = (kind: string) =>
    TABLE.replace(
      ");",
      `, v int GENERATED ALWAYS AS (a * 2) ${kind}, CONSTRAINT t_a_pos CHECK (a > 0), CONSTRAINT t_v_max CHECK (v < 100));`,
    ) + grant;
  const t = await trip(pg(), table("VIRTUAL"), table("STORED"), ROWS);
  expect(t.sql.filter((sql) => /CONSTRAINT/.test(sql))).toEqual([
    'ALTER TABLE "public"."t" DROP CONSTRAINT "t_v_max"',
    'ALTER TABLE "public"."t" ADD CONSTRAINT "t_v_max" CHECK ((v < 100))',
  ]);
  const acl =
    "SELECT attacl::text AS acl FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'v'";
  await upAndDown(
    t,
    async () => {
      expect(await generatedColumns(t.a)).toEqual(["v: s (a * 2)"]);
      expect(await rows(t.a, acl)).toEqual([{ acl: expect.stringContaining("v_reader=r/") }]);
    },
    async () => {
      expect(await generatedColumns(t.a)).toEqual(["v: v (a * 2)"]);
      expect(await rows(t.a, acl)).toEqual([{ acl: expect.stringContaining("v_reader=r/") }]);
    },
  );
});
