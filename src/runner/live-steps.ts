/**
 * The online side of `op.step()` (see `MigrationOps.step`), and of statements run outside a transaction:
 * - a step already recorded as completed by an earlier run is skipped (its name must still match);
 * - a transactional step runs in its own transaction, recorded in it, and is run again from its start
 *   when it fails on a lock timeout (the transaction rolled back, so repeating it is safe);
 * - a step outside a transaction runs each statement alone, retried on a lock timeout, with an invalid
 *   index left by a failed concurrent build dropped and built again (`concurrent-index.ts`); it is
 *   recorded after its last statement.
 * @internal
 */
import { AutogenError } from "../errors";
import type { Direction } from "../revision/plan";
import { describeRevision, type RevisionRef } from "../revision/revision";
import { isRawStatement, type CompiledStatement } from "../sql/compiled-statement";
import { planConcurrentIndex } from "./concurrent-index";
import { BlockerWatcher, delay, isLockTimeout, LockTimeoutError, retryDelay, type Blocker, type LockRetryOptions } from "./lock-retry";
import type { RunSession } from "./run-session";
import { NoTransactionTooLateError } from "./runner-errors";
import { readCompletedSteps, recordCompletedStep, type CompletedStep } from "./step-progress";
import type { VersionTableConfig } from "./version-table";

/** What a run tells the steps of one migration. */
export interface StepHooks {
  readonly direction: Direction;
  readonly versionTable: VersionTableConfig;
  readonly retry?: LockRetryOptions;
  readonly watcher?: BlockerWatcher;
  readonly onNotice?: (notice: StepNotice) => void;
}

export type StepNotice =
  | { readonly kind: "stepSkipped"; readonly index: number; readonly name: string; readonly completedAt: Date }
  | { readonly kind: "stepDone"; readonly index: number; readonly name: string }
  | { readonly kind: "lockTimeoutRetry"; readonly sql: string; readonly attempt: number; readonly delayMs: number; readonly blockers: readonly Blocker[] }
  | { readonly kind: "indexNote"; readonly note: string };

/** The step in which a migration failed. */
export interface FailedStep {
  readonly index: number;
  readonly name: string;
  readonly transactional: boolean;
}

export interface StepRunner {
  /** True once the migration called `op.step()`. */
  readonly active: boolean;
  /** Steps completed, by this run or an earlier one. */
  readonly completed: number;
  readonly failed: FailedStep | null;
  step(name: string, transactional: boolean, fn: () => Promise<void>): Promise<void>;
  /** Runs the statements of one op call inside the current step. */
  run(statements: readonly CompiledStatement[]): Promise<void>;
  /** Runs a statement inside a transaction, watching for lock waits. */
  watch<T>(work: () => Promise<T>): Promise<T>;
  /** Runs a statement outside any transaction: concurrent index checks, lock-timeout retries. */
  executeAlone(statement: CompiledStatement, exec: (s: CompiledStatement) => Promise<void>): Promise<void>;
}

/** A step's name differs from the one recorded for its position by an earlier, partial run. */
export class StepChangedError extends AutogenError {
  constructor(
    readonly revision: RevisionRef,
    readonly index: number,
    readonly recorded: string,
    readonly found: string,
  ) {
    super(
      `Migration ${describeRevision(revision)} was partly applied by an earlier run, whose step ${index + 1} was ` +
        `"${recorded}"; the file now has "${found}" there. Steps already applied cannot be changed: restore the ` +
        `completed steps as they were (edit only the steps after them), then run again.`,
    );
  }
}

/** A statement that cannot run in a transaction, inside a transactional step. */
export class StepNeedsNoTransactionError extends AutogenError {
  constructor(
    readonly revision: RevisionRef,
    readonly step: string,
    readonly sql: string,
  ) {
    super(
      `Step "${step}" of migration ${describeRevision(revision)} runs in a transaction, but \`${sql.split("\n")[0]}\` ` +
        `cannot run inside one: give the step { transaction: false }.`,
    );
  }
}

interface Internals {
  /** Called at the first step: throws when operations ran before it. */
  beforeFirstStep(): void;
  execute(statement: CompiledStatement): Promise<void>;
  afterStepCommitted(): void;
}

/** A lock timeout wrapped with the sessions that blocked it; anything else as it is. */
export function withBlockers(error: unknown, watcher: BlockerWatcher | undefined, attempts: number): unknown {
  return isLockTimeout(error) && !(error instanceof LockTimeoutError)
    ? new LockTimeoutError(error, watcher?.lastBlockers ?? [], attempts)
    : error;
}

export function createStepRunner(
  session: RunSession,
  revision: RevisionRef,
  hooks: StepHooks | undefined,
  internals: Internals,
): StepRunner {
  let active = false;
  let count = 0;
  let completed = 0;
  let failed: FailedStep | null = null;
  let current: FailedStep | null = null;
  let recorded: Map<number, CompletedStep> | null = null;
  const watcher = hooks?.watcher;
  const notice = (n: StepNotice) => hooks?.onNotice?.(n);
  const watch = <T>(work: () => Promise<T>): Promise<T> => (watcher ? watcher.watch(work) : work());

  const record = async (index: number, name: string): Promise<void> => {
    if (hooks === undefined) return;
    await recordCompletedStep(session.db, hooks.versionTable, revision.id, hooks.direction, index, name);
  };

  const runTransactional = async (index: number, name: string, fn: () => Promise<void>): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      await session.begin();
      current = { index, name, transactional: true };
      try {
        await fn();
        await record(index, name);
        current = null;
        await session.commit();
        return;
      } catch (error) {
        current = null;
        await session.rollback();
        const wait = isLockTimeout(error) ? retryDelay(hooks?.retry, attempt) : null;
        if (wait === null) throw withBlockers(error, watcher, attempt);
        notice({ kind: "lockTimeoutRetry", sql: `step "${name}"`, attempt, delayMs: wait, blockers: watcher?.lastBlockers ?? [] });
        await delay(wait);
      }
    }
  };

  return {
    get active() {
      return active;
    },
    get completed() {
      return completed;
    },
    get failed() {
      return failed;
    },
    watch,
    async step(name, transactional, fn) {
      if (!active) internals.beforeFirstStep();
      active = true;
      if (current !== null) throw new NoTransactionTooLateError(revision, `op.step() inside step "${current.name}"`);
      const index = count++;
      // With a transaction per run, what earlier migrations did is committed before the steps begin.
      await session.commit();
      recorded ??= hooks ? await readCompletedSteps(session.db, hooks.versionTable, revision.id, hooks.direction) : new Map();
      const done = recorded.get(index);
      if (done !== undefined) {
        if (done.name !== name) throw new StepChangedError(revision, index, done.name, name);
        completed++;
        notice({ kind: "stepSkipped", index, name, completedAt: done.completedAt });
        return;
      }
      try {
        if (transactional) await runTransactional(index, name, fn);
        else {
          current = { index, name, transactional: false };
          await fn();
          current = null;
          await record(index, name);
        }
      } catch (error) {
        current = null;
        failed = { index, name, transactional };
        throw error;
      }
      completed++;
      internals.afterStepCommitted();
      notice({ kind: "stepDone", index, name });
    },
    async run(statements) {
      if (current === null) throw new NoTransactionTooLateError(revision, "op.step()");
      for (const statement of statements) {
        if (current.transactional && !statement.transactional) {
          throw new StepNeedsNoTransactionError(revision, current.name, statement.sql);
        }
        await internals.execute(statement);
      }
    },
    async executeAlone(statement, exec) {
      const resuming = current !== null && !current.transactional;
      for (let attempt = 1; ; attempt++) {
        const plan = await planConcurrentIndex(session.db, statement, resuming);
        if (plan.note !== null) notice({ kind: "indexNote", note: plan.note });
        try {
          for (const before of plan.before) await watch(() => exec(before));
          if (!plan.run) return;
          await watch(() => exec(statement));
          return;
        } catch (error) {
          const wait = isLockTimeout(error) && !isRawStatement(statement) ? retryDelay(hooks?.retry, attempt) : null;
          if (wait === null) throw withBlockers(error, watcher, attempt);
          notice({ kind: "lockTimeoutRetry", sql: statement.sql, attempt, delayMs: wait, blockers: watcher?.lastBlockers ?? [] });
          await delay(wait);
        }
      }
    },
  };
}
