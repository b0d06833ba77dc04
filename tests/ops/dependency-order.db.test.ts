/**
 * Dependency ordering against PostgreSQL 15: cases where the phase list alone gives a script Postgres
 * refuses, and what the databases' own dependency records (pg_depend) make of them. Each case diffs two
 * real databases, checks that the phase order fails (so that the case proves something), then applies the
 * dependency order and compares the result's dump with the target's. (Generated columns are ordered by
 * the models themselves now; their cases check the reversed order fails instead.)
 */
import { touchedObjects } from "../../src/api/diff";
import { compare } from "../../src/compare";
import { orderMigration } from "../../src/compare/dependency-order";
import { connectPostgres } from "../../src/db";
import { introspect } from "../../src/introspect";
import { readDependencies, readDependenciesAround } from "../../src/introspect/read-dependencies";
import type { ObjectDependencies } from "../../src/model/object-keys";
import type { Operation } from "../../src/ops/operation";
import { orderOperations } from "../../src/ops/phases";
import { invertAll } from "../../src/ops/invert";
import { applyOperations } from "../support/apply";
import { asEntitySide } from "../catalog/catalog-round-trip";
import { pgDump } from "../support/pg-dump";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const made: TestDatabase[] = [];

async function database(sql: string): Promise<TestDatabase> {
  const db = await createTestDatabase("deporder");
  made.push(db);
  if (sql !== "") await db.query(sql);
  return db;
}

async function read(url: string): Promise<{ model: Awaited<ReturnType<typeof introspect>>; deps: ObjectDependencies }> {
  const db = await connectPostgres(url);
  try {
    return { model: await introspect(db, { schemas: ["public"] }), deps: await readDependencies(db) };
  } finally {
    await db.close();
  }
}

/** The dependencies `autogen diff` reads: only around the objects `ops` touch (dependencies-around.sql). */
async function readAround(url: string, ops: readonly Operation[]): Promise<ObjectDependencies> {
  const db = await connectPostgres(url);
  try {
    return await readDependenciesAround(db, touchedObjects(ops));
  } finally {
    await db.close();
  }
}

/**
 * Diffs `from` into `to` (two fresh databases): the bare phase order, the order `autogen diff` gives
 * (the models' and the databases' dependencies), and a copy of `from`.
 */
async function diffCase(fromSql: string, toSql: string) {
  const [from, to, copy] = await Promise.all([database(fromSql), database(toSql), database(fromSql)]);
  const [a, b] = await Promise.all([read(from.url), read(to.url)]);
  const compared = compare(a.model, b.model).operations;
  const phased = orderOperations(compared);
  const ordered = orderMigration(compared, a.model, b.model, { from: a.deps, to: b.deps });
  // Read only around the operations, the dependencies order them the same.
  const [aroundFrom, aroundTo] = await Promise.all([readAround(from.url, compared), readAround(to.url, compared)]);
  expect(orderMigration(compared, a.model, b.model, { from: aroundFrom, to: aroundTo })).toEqual(ordered);
  return { from, to, copy, phased, ordered, models: [a.model, b.model] as const };
}

function kinds(ops: readonly Operation[]): string[] {
  return ops.map((op) => {
    if (op.kind === "addColumn") return `addColumn ${op.column.name}`;
    if (op.kind === "dropColumn") return `dropColumn ${op.column}`;
    if (op.kind === "createSequence") return `createSequence ${op.sequence.name}`;
    if (op.kind === "createTable") return `createTable ${op.table.name}`;
    return op.kind;
  });
}

afterAll(async () => {
  await Promise.all(made.map((db) => db.drop()));
});

describe("dependency ordering on real databases", () => {
  // What a generated column reads is in the models (the database's `generatedReads`; on the entity side,
  // every ordinary column of its table), so these two are ordered without the databases' records too.
  it("adds the column a generated column reads before the generated column", async () => {
    const c = await diffCase(
      "CREATE TABLE t (id int)",
      "CREATE TABLE t (id int, x int GENERATED ALWAYS AS (y * 2) STORED, y int)",
    );
    const [a, b] = c.models;
    const backwards = [...c.ordered].reverse();
    expect(kinds(backwards)).toEqual(["addColumn x", "addColumn y"]);
    await expect(applyOperations(c.from.url, backwards)).rejects.toThrow(/column "y" does not exist/);
    expect(kinds(c.ordered)).toEqual(["addColumn y", "addColumn x"]);
    expect(orderMigration(backwards, a, b)).toEqual(c.ordered);
    expect(orderMigration(backwards, a, asEntitySide(b))).toEqual(c.ordered);
    await applyOperations(c.copy.url, c.ordered);
    // Added columns go last: the order inside the table differs from B's, nothing else.
    expect(pgDump(c.copy.url, { ignoreColumnOrder: true })).toEqual(pgDump(c.to.url, { ignoreColumnOrder: true }));
  });

  // The partition's edge on its parent held every op on the partition both before the parent's drop
  // and after its create: one cycle, in which its NOT NULL came after the ATTACH that needs it.
  it("sets a partition's NOT NULL before attaching it to its parent created again for a new key", async () => {
    const tree = (v: string, key: string, bound: string) =>
      `CREATE TABLE m (id int, at date, b int, v int ${v}) PARTITION BY RANGE (${key});
       CREATE TABLE m_2020 PARTITION OF m FOR VALUES ${bound};`;
    const c = await diffCase(
      tree("", "at", "FROM ('2020-01-01') TO ('2021-01-01')") + "INSERT INTO m VALUES (1, '2020-02-02', 1, 1);",
      tree("NOT NULL", "at, b", "FROM ('2020-01-01', 0) TO ('2021-01-01', 100)"),
    );
    const table = (op: Operation) => ("table" in op && typeof op.table === "object" ? ` ${op.table.name}` : "");
    expect(c.ordered.map((op) => `${op.kind}${table(op)}`).filter((op) => !op.startsWith("keepOwner") && !op.startsWith("resetPrivileges"))).toEqual([
      "detachPartition m_2020",
      "dropTable m",
      "createTable m",
      "alterColumn m_2020",
      "attachPartition m_2020",
    ]);
    await applyOperations(c.copy.url, c.ordered);
    expect(pgDump(c.copy.url)).toEqual(pgDump(c.to.url));
    await applyOperations(c.copy.url, invertAll(c.ordered));
    expect(pgDump(c.copy.url)).toEqual(pgDump(c.from.url));
  });

  it("drops a generated column before the column it reads", async () => {
    const c = await diffCase("CREATE TABLE t (id int, y int, x int GENERATED ALWAYS AS (y * 2) STORED)", "CREATE TABLE t (id int)");
    const [a, b] = c.models;
    const backwards = [...c.ordered].reverse();
    expect(kinds(backwards)).toEqual(["dropColumn y", "dropColumn x"]);
    await expect(applyOperations(c.from.url, backwards)).rejects.toThrow(/other objects depend on it/);
    expect(kinds(c.ordered)).toEqual(["dropColumn x", "dropColumn y"]);
    expect(orderMigration(backwards, a, b)).toEqual(c.ordered);
    await applyOperations(c.copy.url, c.ordered);
    expect(pgDump(c.copy.url)).toEqual(pgDump(c.to.url));
  });

  it("creates a sequence owned by a column after the table that holds the column", async () => {
    const c = await diffCase("", "CREATE TABLE t (id int, n bigint); CREATE SEQUENCE s OWNED BY t.n");
    expect(kinds(c.phased)).toEqual(["createSequence s", "createTable t"]);
    await expect(applyOperations(c.from.url, c.phased)).rejects.toThrow(/relation "public.t" does not exist/);
    expect(kinds(c.ordered)).toEqual(["createTable t", "createSequence s"]);
    await applyOperations(c.copy.url, c.ordered);
    expect(pgDump(c.copy.url)).toEqual(pgDump(c.to.url));
  });

  it("sets a moved partition's columns NOT NULL before attaching it, though its key depends on the table the DETACH and ATTACH alter", async () => {
    const parents = `
      CREATE TABLE archive (id int, placed date NOT NULL) PARTITION BY RANGE (placed);
      CREATE TABLE orders (id int, placed date NOT NULL, PRIMARY KEY (id, placed)) PARTITION BY RANGE (placed);`;
    const c = await diffCase(
      `${parents} CREATE TABLE orders_2023 PARTITION OF archive FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');`,
      `${parents} CREATE TABLE orders_2023 PARTITION OF orders FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');`,
    );
    // The partition's key (orders_2023_pkey on its own columns) is an edge inside the table: both ends are
    // found through the table, which the DETACH and the ATTACH alter; it must not tie them into one cycle
    // run before the column change (ATTACH then fails: column "id" in child table must be marked NOT NULL).
    expect(kinds(c.ordered)).toEqual(["detachPartition", "alterColumn", "attachPartition"]);
    await applyOperations(c.copy.url, c.ordered);
    expect(pgDump(c.copy.url)).toEqual(pgDump(c.to.url));
  });

  it("creates a function before the domain whose check calls it", async () => {
    const c = await diffCase(
      "",
      `CREATE FUNCTION is_even(i integer) RETURNS boolean LANGUAGE sql IMMUTABLE RETURN i % 2 = 0;
       CREATE DOMAIN even AS integer CHECK (is_even(VALUE));
       CREATE TABLE t (n even);`,
    );
    expect(kinds(c.phased)).toEqual(["createDomain", "createFunction", "createTable t"]);
    await expect(applyOperations(c.from.url, c.phased)).rejects.toThrow(/function public.is_even\(integer\) does not exist/);
    expect(kinds(c.ordered)).toEqual(["createFunction", "createDomain", "createTable t"]);
    await applyOperations(c.copy.url, c.ordered);
    expect(pgDump(c.copy.url)).toEqual(pgDump(c.to.url));
  });

  it("creates a function that reads a table between that table and the default that calls it", async () => {
    const c = await diffCase(
      "CREATE TABLE u (id int)",
      `CREATE TABLE t (id int);
       CREATE FUNCTION next_id() RETURNS integer LANGUAGE sql STABLE BEGIN ATOMIC SELECT coalesce(max(id), 0) + 1 FROM t; END;
       CREATE TABLE u (id int, x int DEFAULT next_id());`,
    );
    expect(kinds(c.phased)).toEqual(["createTable t", "addColumn x", "createFunction"]);
    await expect(applyOperations(c.from.url, c.phased)).rejects.toThrow(/function public.next_id\(\) does not exist/);
    expect(kinds(c.ordered)).toEqual(["createTable t", "createFunction", "addColumn x"]);
    await applyOperations(c.copy.url, c.ordered);
    expect(pgDump(c.copy.url)).toEqual(pgDump(c.to.url));
    // Dropped the other way: the default before the function, the function before the table.
    const back = await diffCase(
      `CREATE TABLE t (id int);
       CREATE FUNCTION next_id() RETURNS integer LANGUAGE sql STABLE BEGIN ATOMIC SELECT coalesce(max(id), 0) + 1 FROM t; END;
       CREATE TABLE u (id int, x int DEFAULT next_id());`,
      "CREATE TABLE u (id int)",
    );
    // (The resets mark where the downgrade, creating the function and the table again, brings them to the built-in privileges.)
    expect(kinds(back.phased)).toEqual(["resetPrivileges", "resetPrivileges", "dropFunction", "dropTable", "dropColumn x"]);
    await expect(applyOperations(back.from.url, back.phased)).rejects.toThrow(/other objects depend on it/);
    expect(kinds(back.ordered)).toEqual(["resetPrivileges", "resetPrivileges", "dropColumn x", "dropFunction", "dropTable"]);
    await applyOperations(back.copy.url, back.ordered);
    expect(pgDump(back.copy.url)).toEqual(pgDump(back.to.url));
  });

  it("reads dependencies as object keys: internal parts folded into their owner, extension members into the extension", async () => {
    const db = await database(`
      CREATE TABLE t (id serial PRIMARY KEY, y int, x int GENERATED ALWAYS AS (y * 2) STORED);
      CREATE TABLE u (t_id int REFERENCES t);
      CREATE VIEW v AS SELECT x FROM t;
      CREATE FUNCTION f(a int, b t) RETURNS int LANGUAGE sql AS 'SELECT 1';
      CREATE TABLE w (z int DEFAULT f(1, NULL));`);
    const { deps } = await read(db.url);
    const edges = deps.edges.map((e) => `${e.dependent} -> ${e.referenced}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        'rel:"public"."t"/col:"x" -> rel:"public"."t"/col:"y"',
        'rel:"public"."u"/con:"u_t_id_fkey" -> rel:"public"."t"/con:"t_pkey"',
        'rel:"public"."v" -> rel:"public"."t"/col:"x"',
        'fn:"public"."f"(a integer, b public.t) -> rel:"public"."t"',
        // A default is an object of its own inside its column (set and removed on its own).
        'rel:"public"."w"/col:"z"/def:"default" -> fn:"public"."f"(a integer, b public.t)',
        'rel:"public"."t_id_seq" -> rel:"public"."t"/col:"id"',
      ]),
    );
    expect(edges.filter((e) => e.includes("_RETURN") || e.includes('type:"public"."t"'))).toEqual([]);
  });
});
