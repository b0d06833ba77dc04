/**
 * One migra fixture taken through our pipeline on the test cluster: load `a.sql` into A and `b.sql`
 * into B, introspect both, compare, apply the upgrade to A, then the derived downgrade. Each stage runs
 * once, on first demand, and keeps what the checks assert on, so that a failed stage fails every check
 * that needs it with the same error.
 */
import { compare, type CompareOptions } from "../../src/compare";
import { introspect } from "../../src/introspect";
import type { SchemaModel } from "../../src/model/schema-model";
import { invertAll } from "../../src/ops/invert";
import type { Operation } from "../../src/ops/operation";
import { compileOperations } from "../../src/sql/compile";
import { applyOperations } from "../support/apply";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import {
  databaseState,
  readFixtureFile,
  runScript,
  userSchemas,
  withDatabase,
  type DatabaseState,
} from "./corpus-support";
import type { SupportedFixture } from "./migra-fixtures";

/** Both databases loaded (and aligned), both models read, and the upgrade computed. */
export interface Prepared {
  readonly schemas: readonly string[];
  readonly target: SchemaModel;
  readonly upgrade: readonly Operation[];
  /** A before the upgrade: in scope, and (for a scoped fixture) outside it. */
  readonly original: DatabaseState;
  readonly originalOutside: DatabaseState | null;
  /** B, the state the upgrade must reach. */
  readonly expected: DatabaseState;
}

/** A after the upgrade. */
export interface Upgraded {
  /** What comparing the re-introspected A with B still finds: the statements, then the ops. */
  readonly remainingSql: readonly string[];
  readonly remaining: readonly Operation[];
  readonly state: DatabaseState;
  readonly outside: DatabaseState | null;
}

/** A after the upgrade and then the downgrade. */
export interface Downgraded {
  readonly state: DatabaseState;
  readonly outside: DatabaseState | null;
}

export class FixtureRun {
  private a: TestDatabase | null = null;
  private b: TestDatabase | null = null;
  private preparing: Promise<Prepared> | null = null;
  private upgrading: Promise<Upgraded> | null = null;
  private downgrading: Promise<Downgraded> | null = null;

  constructor(
    readonly fixture: SupportedFixture,
    /** Run `additions.sql` on A after loading it (migra's expected2 case). */
    readonly withAdditions: boolean,
  ) {}

  /** Compare options: the whole database is in play unless the fixture is scoped. */
  get compareOptions(): CompareOptions {
    const whole = this.fixture.scope === undefined;
    return { dropSchemas: whole, dropExtensions: whole };
  }

  /** Loads A and B, reads both models and computes the upgrade (once). */
  prepared(): Promise<Prepared> {
    this.preparing ??= this.prepare();
    return this.preparing;
  }

  /** Applies the upgrade to A, then reads what is left to compare and A's dump (once). */
  upgraded(): Promise<Upgraded> {
    this.upgrading ??= this.upgrade();
    return this.upgrading;
  }

  /** After the upgrade, applies `invertAll(upgrade)` to A and dumps it (once). */
  downgraded(): Promise<Downgraded> {
    this.downgrading ??= this.downgrade();
    return this.downgrading;
  }

  /** Drops both databases. */
  async dispose(): Promise<void> {
    await Promise.all([this.a?.drop(), this.b?.drop()]);
  }

  private async prepare(): Promise<Prepared> {
    const { fixture } = this;
    const name = fixture.name;
    this.a = await createTestDatabase("migra_a");
    this.b = await createTestDatabase("migra_b");
    const a = this.a.url;
    const b = this.b.url;
    await Promise.all([
      (async () => {
        await runScript(a, readFixtureFile(name, "a.sql"), `${name}/a.sql on A`);
        await runScript(a, fixture.align?.a ?? "", `the alignment SQL of ${name} on A`);
        if (this.withAdditions)
          await runScript(a, readFixtureFile(name, "additions.sql"), `${name}/additions.sql on A`);
      })(),
      (async () => {
        await runScript(b, readFixtureFile(name, "b.sql"), `${name}/b.sql on B`);
        await runScript(b, fixture.align?.b ?? "", `the alignment SQL of ${name} on B`);
      })(),
    ]);

    const schemas = fixture.scope?.schemas ?? (await everyUserSchema(a, b));
    const [from, target] = await Promise.all([readModel(a, schemas), readModel(b, schemas)]);
    const upgrade = compare(from, target, this.compareOptions).operations;
    const [original, originalOutside, expected] = await Promise.all([this.state(a), this.outside(a), this.state(b)]);
    return { schemas, target, upgrade, original, originalOutside, expected };
  }

  private async upgrade(): Promise<Upgraded> {
    const prepared = await this.prepared();
    const a = this.a!.url;
    await applyOperations(a, prepared.upgrade);
    const now = await readModel(a, prepared.schemas);
    const remaining = compare(now, prepared.target, this.compareOptions).operations;
    const [state, outside] = await Promise.all([this.state(a), this.outside(a)]);
    return { remainingSql: compileOperations(remaining).map((statement) => statement.sql), remaining, state, outside };
  }

  private async downgrade(): Promise<Downgraded> {
    const prepared = await this.prepared();
    await this.upgraded();
    const a = this.a!.url;
    await applyOperations(a, invertAll(prepared.upgrade));
    const [state, outside] = await Promise.all([this.state(a), this.outside(a)]);
    return { state, outside };
  }

  private state(url: string): Promise<DatabaseState> {
    const scope = this.fixture.scope;
    return databaseState(url, scope?.dumpArgs ?? [], scope === undefined);
  }

  private async outside(url: string): Promise<DatabaseState | null> {
    const scope = this.fixture.scope;
    return scope === undefined ? null : databaseState(url, scope.outsideDumpArgs, true);
  }
}

/** Every non-system schema of A and of B, sorted. */
async function everyUserSchema(a: string, b: string): Promise<string[]> {
  const [inA, inB] = await Promise.all([userSchemas(a), userSchemas(b)]);
  return [...new Set([...inA, ...inB])].sort();
}

async function readModel(url: string, schemas: readonly string[]): Promise<SchemaModel> {
  return withDatabase(url, (db) => introspect(db, { schemas }));
}
