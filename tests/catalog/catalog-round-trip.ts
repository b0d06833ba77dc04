/**
 * The round trip every catalog-object test runs on the PostgreSQL 15 test cluster: build the start (A)
 * and the target (B) in two databases, compare them (and, as `autogen diff` does, name the owners whose
 * own privileges change as A has them, unless `ownersAtRunTime`), apply the upgrade to A, check that comparing again
 * finds nothing and that A dumps like B, then apply the derived downgrade and check that A dumps as it
 * did at the start (pg_dump --schema-only, privileges included when asked).
 */
import { Client } from "pg";
import { compare, type CompareOptions } from "../../src/compare";
import { introspect } from "../../src/introspect";
import { nameOwnerGrantees } from "../../src/introspect/owner-grantees";
import type { SchemaModel } from "../../src/model/schema-model";
import { invertAll } from "../../src/ops/invert";
import type { Operation } from "../../src/ops/operation";
import { compileOperations } from "../../src/sql/compile";
import { applyOperations } from "../support/apply";
import { pgDump } from "../support/pg-dump";
import { createTestDatabase, serverUrl, type TestDatabase } from "../support/test-db";

export interface RoundTripCase {
  /** SQL of the start, run on A. */
  readonly before: string;
  /** SQL of the target, run on B. */
  readonly after: string;
  readonly options?: CompareOptions;
  readonly schemas?: readonly string[];
  /** Compare the dumps with their GRANTs. */
  readonly privileges?: boolean;
  /**
   * Keep the comparison's owner lookups (`setPrivileges` with `owner`, DO blocks that find the owner
   * when they run) instead of naming A's owners as `autogen diff` does.
   */
  readonly ownersAtRunTime?: boolean;
  /**
   * Compare with B's model as the entity side gives one: without what only a database's catalog knows
   * (`generatedReads`, `partitionKeyColumns`, `functionCalls`, views' options, columns' physical settings).
   */
  readonly targetAsEntities?: boolean;
}

/** A model without the fields only the database side has. */
export function asEntitySide(model: SchemaModel): SchemaModel {
  const { generatedReads: _, partitionKeyColumns: __, functionCalls: ___, ...rest } = model;
  // TypeORM's @ViewEntity gives no options.
  const views = Object.fromEntries(Object.entries(rest.views).map(([key, { options: _o, ...view }]) => [key, view]));
  // Nor a column's storage, compression, statistics target or options.
  const tables = Object.fromEntries(
    Object.entries(rest.tables).map(([key, table]) => [
      key,
      {
        ...table,
        columns: table.columns.map(({ storage: _s, compression: _c, statisticsTarget: _t, attributeOptions: _a, ...column }) => column),
      },
    ]),
  );
  return { ...rest, views, tables };
}

export interface RoundTrip {
  readonly upgrade: readonly Operation[];
  readonly upgradeSql: readonly string[];
  readonly log: readonly string[];
  /** What comparing the upgraded A with B still finds (should be nothing). */
  readonly remaining: readonly Operation[];
  readonly upgraded: string;
  readonly target: string;
  readonly original: string;
  readonly downgraded: string;
}

export async function readModel(url: string, schemas: readonly string[]): Promise<SchemaModel> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await introspect(client, { schemas });
  } finally {
    await client.end();
  }
}

/** Creates cluster-wide roles if missing (other test files may create them at the same time). */
export async function ensureRoles(roles: readonly string[]): Promise<void> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    for (const role of roles) {
      await client.query(
        `DO $$ BEGIN CREATE ROLE "${role}"; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
      );
    }
  } finally {
    await client.end();
  }
}

async function withOwnersOf(url: string, operations: readonly Operation[]): Promise<Operation[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await nameOwnerGrantees(client, operations);
  } finally {
    await client.end();
  }
}

/** Runs the round trip; the databases are dropped afterwards. */
export async function roundTrip(c: RoundTripCase): Promise<RoundTrip> {
  const schemas = c.schemas ?? ["public"];
  const dump = (url: string) => pgDump(url, { ignoreColumnOrder: true, privileges: c.privileges ?? false });
  let a: TestDatabase | null = null;
  let b: TestDatabase | null = null;
  try {
    a = await createTestDatabase("cat_a");
    b = await createTestDatabase("cat_b");
    await a.query(c.before);
    await b.query(c.after);
    const [from, read] = await Promise.all([readModel(a.url, schemas), readModel(b.url, schemas)]);
    const to = c.targetAsEntities ? asEntitySide(read) : read;
    const compared = compare(from, to, c.options);
    const log = compared.log;
    const upgrade = c.ownersAtRunTime ? compared.operations : await withOwnersOf(a.url, compared.operations);
    const original = dump(a.url);
    const target = dump(b.url);
    await applyOperations(a.url, upgrade);
    const remaining = compare(await readModel(a.url, schemas), to, c.options).operations;
    const upgraded = dump(a.url);
    await applyOperations(a.url, invertAll(upgrade));
    const downgraded = dump(a.url);
    return {
      upgrade,
      upgradeSql: compileOperations(upgrade).map((s) => s.sql),
      log,
      remaining,
      upgraded,
      target,
      original,
      downgraded,
    };
  } finally {
    await Promise.all([a?.drop(), b?.drop()]);
  }
}

/** The three checks of a round trip, as one assertion each. */
export function expectRoundTrip(result: RoundTrip): void {
  expect(result.remaining).toEqual([]);
  expect(result.upgraded).toEqual(result.target);
  expect(result.downgraded).toEqual(result.original);
}
