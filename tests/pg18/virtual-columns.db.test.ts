/**
 * Virtual generated columns (`GENERATED ALWAYS AS (...) VIRTUAL`, the default kind on PostgreSQL 18) on a
 * real PostgreSQL 18 from npm (CI runs 15, which has none): database A (with rows) and database B are
 * built from SQL, `compare(A, B)` gives the upgrade, which is rendered into a migration file (upgrade and
 * its derived downgrade) and run by the runner on A. Then comparing A with B finds nothing, the catalog
 * says what kind each column is (attgenerated) and what it computes, and the rows are kept; the
 * downgrade gives back A. In the slow suite (tests/slow-suites.js): it installs and starts its own server.
 */
import { Client } from "pg";
import { compare } from "../../src/compare";
import { introspect } from "../../src/introspect";
import type { SchemaModel } from "../../src/model/schema-model";
import { invertAll } from "../../src/ops/invert";
import { destructiveReason } from "../../src/ops/destructive";
import type { Operation } from "../../src/ops/operation";
import { renderBody } from "../../src/render/render-migration";
import { migrate } from "../../src/runner/runner";
import { compileOperations } from "../../src/sql/compile";
import { connect, loadMigrations, memoryLogger, removeMigrationDirs, writeMigrations } from "../runner/support/migrations";
import { startPg18, type Pg18 } from "./support/pg18-cluster";

let pg: Pg18;

beforeAll(async () => {
  pg = await startPg18();
}, 120_000);

afterAll(() => {
  pg?.stop();
  removeMigrationDirs();
});

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const read = (url: string): Promise<SchemaModel> => withClient(url, (c) => introspect(c, { schemas: ["public"] }));

/** `column: kind expression` of table `t`'s generated columns, as the catalog holds them. */
async function generatedColumns(url: string, table = "t"): Promise<string[]> {
  const rows = await withClient(url, (c) =>
    c.query<{ line: string }>(
      `SELECT attname || ': ' || attgenerated::text || ' ' || pg_get_expr(adbin, adrelid) AS line
         FROM pg_attribute JOIN pg_attrdef ON adrelid = attrelid AND adnum = attnum
        WHERE attrelid = $1::regclass AND attgenerated <> '' ORDER BY attname`,
      [table],
    ),
  );
  return rows.rows.map((r) => r.line);
}

async function rows(url: string, sql: string): Promise<unknown[]> {
  return withClient(url, async (c) => (await c.query(sql)).rows);
}

interface Trip {
  readonly a: string;
  readonly b: string;
  readonly ops: readonly Operation[];
  readonly sql: string[];
  readonly log: readonly string[];
  readonly upgradeSource: string;
  /** Runs the rendered migration on A: `up` to head, `down` to base. */
  run(direction: "up" | "down"): Promise<void>;
  /** What comparing A with `side` still finds, as log lines (expected: none). */
  leftOver(side: "a0" | "b"): Promise<readonly string[]>;
}

/** Builds A (`before`, then `data`) and B (`after`), and the migration from A to B. */
async function trip(before: string, after: string, data = ""): Promise<Trip> {
  const [a, b] = await Promise.all([pg.createDatabase("va"), pg.createDatabase("vb")]);
  await rows(a, before + data);
  await rows(b, after);
  const a0 = await read(a);
  const target = await read(b);
  const { operations: ops, log } = compare(a0, target);
  const upgradeSource = renderBody(ops);
  const dir = writeMigrations([{ id: "v1", down: null, upgrade: upgradeSource, downgrade: renderBody(invertAll(ops)) }]);
  return {
    a,
    b,
    ops,
    sql: compileOperations(ops).map((s) => s.sql),
    log,
    upgradeSource,
    async run(direction) {
      const db = await connect(a);
      try {
        const { graph, modules } = await loadMigrations(dir);
        const result = await migrate(db, { graph, modules, direction, target: direction === "up" ? "head" : "base", logger: memoryLogger() });
        if (result.error !== undefined) throw result.error;
      } finally {
        await db.close();
      }
    },
    async leftOver(side) {
      return compare(await read(a), side === "b" ? target : a0).log;
    },
  };
}

/** Upgrade, then downgrade: each leaves nothing to compare with its side. */
async function upAndDown(t: Trip, afterUp: () => Promise<void>, afterDown: () => Promise<void> = async () => undefined): Promise<void> {
  await t.run("up");
  expect(await t.leftOver("b")).toEqual([]);
  await afterUp();
  await t.run("down");
  expect(await t.leftOver("a0")).toEqual([]);
  await afterDown();
}

const TABLE = "CREATE TABLE t (id int PRIMARY KEY, a int, note text);";
const ROWS = "INSERT INTO t VALUES (1, 10, 'x'), (2, 20, 'y');";

test("reads a virtual column and adds one, and a table created with one, upgrade and downgrade", async () => {
  const t = await trip(
    TABLE,
    TABLE.replace(");", ", v int GENERATED ALWAYS AS (a * 2));") +
      "CREATE TABLE n (x text, y text GENERATED ALWAYS AS (upper(x)) VIRTUAL NOT NULL); COMMENT ON COLUMN n.y IS 'shouted';",
    ROWS,
  );
  expect(t.sql).toContain('ALTER TABLE "public"."t" ADD COLUMN "v" integer GENERATED ALWAYS AS (a * 2) VIRTUAL');
  expect(t.sql.join("\n")).toContain('"y" text GENERATED ALWAYS AS (upper(x)) VIRTUAL NOT NULL');
  expect(t.upgradeSource).toContain("virtual: true");
  await upAndDown(
    t,
    async () => {
      expect(await generatedColumns(t.a)).toEqual(["v: v (a * 2)"]);
      expect(await generatedColumns(t.a, "n")).toEqual(["y: v upper(x)"]);
      expect(await rows(t.a, "SELECT id, v FROM t ORDER BY id")).toEqual([{ id: 1, v: 20 }, { id: 2, v: 40 }]);
    },
    async () => expect(await rows(t.a, "SELECT id, a FROM t ORDER BY id")).toEqual([{ id: 1, a: 10 }, { id: 2, a: 20 }]),
  );
});

test("a virtual column's new expression is set in place (SET EXPRESSION), keeping its position, NOT NULL and comment", async () => {
  const before = "CREATE TABLE t (id int PRIMARY KEY, a int, v int GENERATED ALWAYS AS (a * 2) NOT NULL, note text); COMMENT ON COLUMN t.v IS 'doubled';";
  const t = await trip(before, before.replace("a * 2", "a * 3"), "INSERT INTO t (id, a, note) VALUES (1, 10, 'x');");
  expect(t.sql).toEqual(['ALTER TABLE "public"."t" ALTER COLUMN "v" SET EXPRESSION AS (a * 3)']);
  expect(t.ops.map(destructiveReason)).toEqual([null]);
  const position = "SELECT attnum FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'v'";
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
  const stored = TABLE.replace(");", ", s bigint GENERATED ALWAYS AS (a + 1) STORED); CREATE INDEX t_s ON t (s);");
  const virtual = TABLE.replace(");", ", s bigint GENERATED ALWAYS AS (a + 1) VIRTUAL);");
  const t = await trip(stored, virtual, ROWS);
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
  const t = await trip(virtual, plain, ROWS);
  expect(t.ops.map(destructiveReason).join("\n")).toMatch(/drops virtual generated column t\.v .* the values it computed are not kept/);
  expect(t.upgradeSource).toContain("DESTRUCTIVE");
  await upAndDown(
    t,
    async () => expect(await rows(t.a, "SELECT v FROM t ORDER BY id")).toEqual([{ v: 7 }, { v: 7 }]),
    async () => expect(await rows(t.a, "SELECT v FROM t ORDER BY id")).toEqual([{ v: 20 }, { v: 40 }]),
  );
});

test("retyping the column a virtual column reads drops and adds the virtual column around the retype", async () => {
  const before = TABLE.replace(");", ", v int GENERATED ALWAYS AS (a * 2) VIRTUAL);");
  const t = await trip(before, before.replace("a int", "a bigint").replace("v int", "v bigint"), ROWS);
  await upAndDown(
    t,
    async () => expect(await rows(t.a, "SELECT v FROM t ORDER BY id")).toEqual([{ v: "20" }, { v: "40" }]),
    async () => expect(await rows(t.a, "SELECT v FROM t ORDER BY id")).toEqual([{ v: 20 }, { v: 40 }]),
  );
});

test("a virtual column's new expression in a table with CHECK constraints: they are dropped around SET EXPRESSION", async () => {
  const before = TABLE.replace(");", ", v int GENERATED ALWAYS AS (a * 2) VIRTUAL, CONSTRAINT t_a_pos CHECK (a > 0), CONSTRAINT t_v_max CHECK (v < 100));");
  const t = await trip(before, before.replace("a * 2", "a * 3"), ROWS);
  expect(t.sql).toEqual([
    'ALTER TABLE "public"."t" DROP CONSTRAINT "t_a_pos"',
    'ALTER TABLE "public"."t" DROP CONSTRAINT "t_v_max"',
    'ALTER TABLE "public"."t" ALTER COLUMN "v" SET EXPRESSION AS (a * 3)',
    'ALTER TABLE "public"."t" ADD CONSTRAINT "t_a_pos" CHECK ((a > 0))',
    'ALTER TABLE "public"."t" ADD CONSTRAINT "t_v_max" CHECK ((v < 100))',
  ]);
  await upAndDown(
    t,
    async () => expect(await rows(t.a, "SELECT v FROM t ORDER BY id")).toEqual([{ v: 30 }, { v: 60 }]),
    async () => expect(await rows(t.a, "SELECT v FROM t ORDER BY id")).toEqual([{ v: 20 }, { v: 40 }]),
  );
});
