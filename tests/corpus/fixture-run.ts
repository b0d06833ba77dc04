/**
 * One corpus case driven as a user drives `autogen diff`: load `a.sql` (and `additions.sql`) into A and
 * `b.sql` into B, copy A, then per direction print the diff, apply it with psql (to the copy of A, or to B
 * for the reverse diff), dump the result, and diff again. Each stage runs once, on first demand, and keeps
 * what the checks assert on.
 */
import { diff, diffScript, downgradeSteps, type DiffOptions, type DiffResult } from "../../src/api/diff";
import {
  autogen,
  cloneDatabase,
  databaseState,
  dropDatabases,
  psqlApply,
  readFixtureFile,
  runScript,
  type DatabaseState,
} from "./corpus-support";
import type { CorpusCase } from "./migra-fixtures";
import { touchedObjects } from "../../src/api/diff";
import { orderMigration } from "../../src/compare/dependency-order";
import { connectPostgres } from "../../src/db/postgres";
import { readDependencies, readDependenciesAround } from "../../src/introspect/read-dependencies";
import type { ObjectDependencies } from "../../src/model/object-keys";
import { edgesMissingAround } from "../support/dependency-reads";
import type { Operation } from "../../src/ops/operation";
import { randomBytes } from "node:crypto";

/** A and B loaded, A copied, and the states each direction must reach. */
interface Prepared {
  readonly a: string;
  readonly b: string;
  /** A copy of A that the upgrade (then the downgrade) is applied to. */
  readonly a1: string;
  readonly stateA: DatabaseState;
  readonly stateB: DatabaseState;
  readonly outsideA: DatabaseState | null;
  readonly outsideB: DatabaseState | null;
}

/** What one direction produced: the script, whether it applied, the state reached, the diff after it. */
export interface DirectionOutcome {
  /** The diff's exit code and stderr (the script is `script`). */
  readonly diffRun: { readonly code: number; readonly stderr: string };
  readonly script: string;
  /** psql's error, or null when the script applied. */
  readonly applyError: string | null;
  readonly state: DatabaseState | null;
  readonly expected: DatabaseState;
  readonly outside: DatabaseState | null;
  readonly expectedOutside: DatabaseState | null;
  /** A second diff after applying: nothing to print, exit 0. Null when not reached. */
  readonly again: { readonly code: number; readonly stdout: string; readonly stderr: string } | null;
}

export class CaseRun {
  private readonly databases: string[] = [];
  /** Each database's URL as the case's role -> as the superuser. */
  private readonly admin = new Map<string, string>();
  private preparing: Promise<Prepared> | null = null;
  private upgrading: Promise<DirectionOutcome> | null = null;
  private downgrading: Promise<DirectionOutcome> | null = null;
  private reversing: Promise<DirectionOutcome> | null = null;
  private result: DiffResult | null = null;
  private orders: DependencyOrders | null = null;

  constructor(readonly spec: CorpusCase) {}

  prepared(): Promise<Prepared> {
    this.preparing ??= this.prepare();
    return this.preparing;
  }

  /**
   * `autogen diff A B` applied to the copy of A: the script the CLI prints, made by the API the CLI calls
   * (so that the same diff also gives the derived downgrade); the second diff runs through the CLI.
   */
  upgrade(): Promise<DirectionOutcome> {
    this.upgrading ??= this.runUpgrade();
    return this.upgrading;
  }

  /** After the upgrade, its derived downgrade applied to the same copy; a diff with A then finds nothing. */
  downgrade(): Promise<DirectionOutcome> {
    this.downgrading ??= this.runDowngrade();
    return this.downgrading;
  }

  /**
   * `autogen diff B A` (the CLI) applied to B itself, once the upgrade, which diffs against B, is done
   * (a copy would cost a database for nothing).
   */
  reverse(): Promise<DirectionOutcome> {
    this.reversing ??= Promise.all([this.prepared(), this.upgrade()]).then(async ([p]) =>
      this.apply(p.b, p.b, p.a, p.stateA, p.outsideB),
    );
    return this.reversing;
  }

  /**
   * The upgrade's operations ordered with A's and B's whole dependency read and with the read around the
   * objects they touch, which `autogen diff` takes for a diff touching little of a database; null when
   * the diff failed.
   */
  async dependencyOrders(): Promise<DependencyOrders | null> {
    await this.upgrade();
    return this.orders;
  }

  async dispose(): Promise<void> {
    await Promise.allSettled([this.upgrading, this.downgrading, this.reversing, this.preparing]);
    await dropDatabases(this.databases);
  }

  private get fixture() {
    return this.spec.fixture;
  }

  private async prepare(): Promise<Prepared> {
    const name = this.fixture.name;
    const stem = `migra_${randomBytes(4).toString("hex")}`;
    const owner = this.spec.ownedBy;
    const [a, b] = await Promise.all([
      cloneDatabase("template0", `${stem}_a`, owner),
      cloneDatabase("template0", `${stem}_b`, owner),
    ]);
    this.databases.push(a.name, b.name);
    await Promise.all([
      (async () => {
        await runScript(a.url, readFixtureFile(name, "a.sql"), `${name}/a.sql on A`);
        if (this.spec.withAdditions) await runScript(a.url, readFixtureFile(name, "additions.sql"), `${name}/additions.sql on A`);
      })(),
      runScript(b.url, readFixtureFile(name, "b.sql"), `${name}/b.sql on B`),
    ]);
    const a1 = await cloneDatabase(a.name, `${a.name}_x`, owner);
    this.databases.push(a1.name);
    for (const db of [a, b, a1]) this.admin.set(db.url, db.adminUrl);
    const [stateA, stateB, outsideA, outsideB] = await Promise.all([
      this.state(a.url),
      this.state(b.url),
      this.outside(a.url),
      this.outside(b.url),
    ]);
    return { a: a.url, b: b.url, a1: a1.url, stateA, stateB, outsideA, outsideB };
  }

  /** Diffs `from` into `to` with the CLI, applies the script to `copy` (a copy of `from`), diffs again. */
  private async apply(
    copy: string,
    from: string,
    to: string,
    expected: DatabaseState,
    expectedOutside: DatabaseState | null,
  ): Promise<DirectionOutcome> {
    const run = await autogen(["diff", ...this.fixture.flags, from, to]);
    const diffRun = { code: run.code, stderr: run.stderr };
    const base = { diffRun, script: run.stdout, expected, expectedOutside };
    if (run.code === 2 || (run.code === 1 && run.stdout === "")) {
      return { ...base, applyError: `the diff failed (exit ${run.code}): ${run.stderr.trim()}`, state: null, outside: null, again: null };
    }
    const applyError = await psqlApply(copy, run.stdout).then(
      () => null,
      (error: Error) => error.message,
    );
    const [state, outside] = await Promise.all([this.state(copy), this.outside(copy)]);
    const again = applyError === null ? await autogen(["diff", ...this.fixture.flags, copy, to]) : null;
    return { ...base, applyError, state, outside, again };
  }

  private async runUpgrade(): Promise<DirectionOutcome> {
    const p = await this.prepared();
    const base = { expected: p.stateB, expectedOutside: p.outsideA };
    let result: DiffResult;
    try {
      result = await diff(p.a, p.b, this.diffOptions());
    } catch (error) {
      const diffRun = { code: 1, stderr: (error as Error).message };
      return { ...base, diffRun, script: "", applyError: `the diff failed: ${(error as Error).message}`, state: null, outside: null, again: null };
    }
    this.result = result;
    // Before anything changes A or B (the reverse direction applies to B).
    this.orders = await dependencyOrders(p.a, p.b, result);
    const script = diffScript(result);
    const diffRun = { code: result.upToDate ? 0 : 1, stderr: result.warnings.map((w) => `${w}\n`).join("") };
    const applyError = await psqlApply(p.a1, script).then(
      () => null,
      (error: Error) => error.message,
    );
    const [state, outside] = await Promise.all([this.state(p.a1), this.outside(p.a1)]);
    const again = applyError === null ? await autogen(["diff", ...this.fixture.flags, p.a1, p.b]) : null;
    return { ...base, diffRun, script, applyError, state, outside, again };
  }

  /** The derived downgrade of the upgrade's diff, applied to the upgraded copy: A's dump again. */
  private async runDowngrade(): Promise<DirectionOutcome> {
    const [p, up] = await Promise.all([this.prepared(), this.upgrade()]);
    const base = { expected: p.stateA, expectedOutside: p.outsideA };
    if (this.result === null || up.applyError !== null) {
      const reason = `the upgrade did not apply: ${up.applyError}`;
      return { ...base, diffRun: up.diffRun, script: "", applyError: reason, state: null, outside: null, again: null };
    }
    const script = diffScript({ steps: downgradeSteps(this.result) });
    const applyError = await psqlApply(p.a1, script).then(
      () => null,
      (error: Error) => error.message,
    );
    const [state, outside] = await Promise.all([this.state(p.a1), this.outside(p.a1)]);
    const again = applyError === null ? await autogen(["diff", ...this.fixture.flags, p.a1, p.a]) : null;
    return { ...base, diffRun: up.diffRun, script, applyError, state, outside, again };
  }

  /** The fixture's CLI flags as API options. */
  private diffOptions(): DiffOptions {
    const flags = this.fixture.flags;
    const values = (flag: string) => flags.flatMap((f, i) => (f === flag ? [flags[i + 1]!] : []));
    return {
      withPrivileges: flags.includes("--with-privileges"),
      schemas: values("--schema"),
      excludeSchemas: values("--exclude-schema"),
    };
  }

  private state(url: string): Promise<DatabaseState> {
    return databaseState(this.admin.get(url) ?? url, this.fixture.dumpArgs, this.fixture.extensions);
  }

  private async outside(url: string): Promise<DatabaseState | null> {
    const args = this.fixture.outsideDumpArgs;
    return args === undefined ? null : databaseState(this.admin.get(url) ?? url, args, true);
  }
}

/** See `CaseRun.dependencyOrders`. */
export interface DependencyOrders {
  readonly whole: readonly Operation[];
  readonly around: readonly Operation[];
  /** Edges of the whole read with both ends inside touched objects that the read around them lacks. */
  readonly missing: readonly string[];
}

async function dependencyOrders(a: string, b: string, result: DiffResult): Promise<DependencyOrders> {
  const keys = touchedObjects(result.operations);
  const read = async (url: string): Promise<[ObjectDependencies, ObjectDependencies]> => {
    const db = await connectPostgres(url);
    try {
      return [await readDependencies(db), await readDependenciesAround(db, keys)];
    } finally {
      await db.close();
    }
  };
  const [[wholeA, aroundA], [wholeB, aroundB]] = await Promise.all([read(a), read(b)]);
  const missing = [...edgesMissingAround(wholeA, aroundA, keys), ...edgesMissingAround(wholeB, aroundB, keys)];
  return {
    whole: orderMigration(result.operations, result.from, result.to, { from: wholeA, to: wholeB }),
    around: orderMigration(result.operations, result.from, result.to, { from: aroundA, to: aroundB }),
    missing,
  };
}
