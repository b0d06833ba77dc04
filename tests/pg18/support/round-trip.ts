/**
 * A database-to-database round trip on the PostgreSQL 18 of tests/pg18 (pg-autogen's own read of each
 * schema is the judge: the npm server has no pg_dump, and the system's 15 refuses an 18 server): A (with
 * rows) and B built from SQL, `compare(A, B)` rendered into a migration file with its derived downgrade,
 * run by the runner on A.
 */
import { Client } from "pg";
import { compare } from "../../../src/compare";
import { introspect } from "../../../src/introspect";
import type { SchemaModel } from "../../../src/model/schema-model";
import { invertAll } from "../../../src/ops/invert";
import type { Operation } from "../../../src/ops/operation";
import { renderBody } from "../../../src/render/render-migration";
import { migrate } from "../../../src/runner/runner";
import { compileOperations } from "../../../src/sql/compile";
import {
  connect,
  loadMigrations,
  memoryLogger,
  writeMigrations,
} from "../../runner/support/migrations";
import type { Pg18 } from "./pg18-cluster";

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const read = (url: string): Promise<SchemaModel> =>
  withClient(url, (c) => introspect(c, { schemas: ["public"] }));

/** `column: kind expression` of table `t`'s generated columns, as the catalog holds them. */
export async function generatedColumns(url: string, table = "t"): Promise<string[]> {
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

export async function rows(url: string, sql: string): Promise<unknown[]> {
  return withClient(url, async (c) => (await c.query(sql)).rows);
}

export interface Trip {
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
export async function trip(pg: Pg18, before: string, after: string, data = ""): Promise<Trip> {
  const [a, b] = await Promise.all([pg.createDatabase("va"), pg.createDatabase("vb")]);
  await rows(a, before + data);
  await rows(b, after);
  const a0 = await read(a);
  const target = await read(b);
  const { operations: ops, log } = compare(a0, target);
  const upgradeSource = renderBody(ops);
  const dir = writeMigrations([
    { id: "v1", down: null, upgrade: upgradeSource, downgrade: renderBody(invertAll(ops)) },
  ]);
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
        const result = await migrate(db, {
          graph,
          modules,
          direction,
          target: direction === "up" ? "head" : "base",
          logger: memoryLogger(),
        });
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
export async function upAndDown(
  t: Trip,
  afterUp: () => Promise<void>,
  afterDown: () => Promise<void> = async () => undefined,
): Promise<void> {
  await t.run("up");
  expect(await t.leftOver("b")).toEqual([]);
  await afterUp();
  await t.run("down");
  expect(await t.leftOver("a0")).toEqual([]);
  await afterDown();
}
