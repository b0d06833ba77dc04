/**
 * A database-to-database round trip on the PostgreSQL 15 test cluster, for the catalog kinds: A and B are
 * built from SQL (A with rows), `compare(A, B)` gives the upgrade, which is applied to A; then comparing A
 * with B finds nothing and A dumps like B; the derived downgrade (`invertAll`) applied to A gives back A's
 * original dump (`pg_dump --schema-only`, see tests/support/pg-dump.ts).
 */
import { Client } from "pg";
import { compare, type CompareOptions, type CompareResult } from "../../../src/compare";
import { introspect } from "../../../src/introspect";
import type { SchemaModel } from "../../../src/model/schema-model";
import { invertAll } from "../../../src/ops/invert";
import type { Operation } from "../../../src/ops/operation";
import { compileOperations } from "../../../src/sql/compile";
import { applyOperations } from "../../support/apply";
import { pgDump } from "../../support/pg-dump";
import { createTestDatabase, type TestDatabase } from "../../support/test-db";

export interface RoundTrip {
  readonly a: TestDatabase;
  readonly b: TestDatabase;
  /** The upgrade and its log. */
  readonly result: CompareResult;
  /** The upgrade's SQL, statement by statement. */
  readonly sql: readonly string[];
  /** A's dump before the upgrade, B's dump. */
  readonly originalDump: string;
  readonly targetDump: string;
  dispose(): Promise<void>;
}

export async function read(db: TestDatabase, schemas: readonly string[] = ["public"]): Promise<SchemaModel> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    return await introspect(client, { schemas });
  } finally {
    await client.end();
  }
}

/**
 * Dumps compared with column order ignored (a column added by ALTER TABLE goes last) and the storage
 * parameters of `WITH (...)` sorted: Postgres keeps them in the order they were set, which has no meaning
 * (the model holds them sorted).
 */
export function dump(db: TestDatabase): string {
  return pgDump(db.url, { ignoreColumnOrder: true, ignoreStatementOrder: true }).replace(
    /^WITH \((.*)\)/gm,
    (_, list: string) => `WITH (${list.split(", ").sort().join(", ")})`,
  );
}

/** Builds A (`before`, then `rows`) and B (`after`) and computes the upgrade. */
export async function prepareRoundTrip(
  before: string,
  after: string,
  options: { readonly rows?: string; readonly compare?: CompareOptions; readonly schemas?: readonly string[] } = {},
): Promise<RoundTrip> {
  const [a, b] = await Promise.all([createTestDatabase("rta"), createTestDatabase("rtb")]);
  await a.query(before);
  if (options.rows) await a.query(options.rows);
  await b.query(after);
  const result = compare(await read(a, options.schemas), await read(b, options.schemas), options.compare);
  return {
    a,
    b,
    result,
    sql: compileOperations(result.operations).map((s) => s.sql),
    originalDump: dump(a),
    targetDump: dump(b),
    dispose: async () => {
      await Promise.all([a.drop(), b.drop()]);
    },
  };
}

/** Applies the upgrade to A; what a second comparison with B still finds (expected: nothing). */
export async function upgrade(run: RoundTrip, schemas?: readonly string[]): Promise<CompareResult> {
  await applyOperations(run.a.url, run.result.operations);
  return compare(await read(run.a, schemas), await read(run.b, schemas));
}

/** Applies the derived downgrade to A. */
export async function downgrade(run: RoundTrip): Promise<readonly Operation[]> {
  const ops = invertAll(run.result.operations);
  await applyOperations(run.a.url, ops);
  return ops;
}
