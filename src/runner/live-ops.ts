/**
 * The online `op` object: every call is compiled and executed on the run's connection, inside the
 * migration's transaction.
 *
 * The transaction begins at the migration's first operation (not before), so that a migration whose
 * first call is `op.noTransaction()` runs in autocommit instead. A statement that cannot run inside a
 * transaction (`CREATE INDEX CONCURRENTLY`) ends the transaction: what ran so far is committed, the statement runs on its own, and
 * a new transaction begins for the rest, as Alembic's `autocommit_block()` does. A query that generates
 * the statements to run (`createPartitionedIndex`) runs with them, outside any transaction
 * (`statement-generator.ts`).
 */
import { introspect, introspectInTransaction } from "../introspect/introspect";
import { qualifiedName } from "../model/names";
import type { SchemaModel } from "../model/schema-model";
import type { MigrationOps } from "../ops/migration-ops";
import type { RevisionRef } from "../revision/revision";
import type { CompiledStatement } from "../sql/compile";
import { statementGeneratorOf } from "../sql/compiled-statement";
import type { RunSession } from "./run-session";
import { NoTransactionTooLateError } from "./runner-errors";
import { statementOps, type PrepareOperation } from "./statement-ops";
import { runGenerated, type GeneratedRow } from "./statement-generator";
import type { VersionTableConfig } from "./version-table";
import { createStepRunner, type StepHooks, type StepRunner } from "./live-steps";

export interface LiveOpsOptions {
  /** The migration running, for messages. */
  readonly revision: RevisionRef;
  /** The schemas `op.inspect()` reads. */
  readonly schemas: readonly string[];
  /** The bookkeeping tables, left out of `op.inspect()`. */
  readonly versionTable: VersionTableConfig;
  /** Called before each statement runs; `autocommit` when it runs outside any transaction. */
  readonly onStatement?: (sql: string, autocommit: boolean) => void;
  /**
   * Called when a statement that cannot run inside a transaction made a transactional migration commit
   * its work so far (the migration did not call `op.noTransaction()`).
   */
  readonly onTransactionSplit?: (sql: string) => void;
  /** Steps (`op.step()`), lock-timeout retries outside transactions, concurrent index checks. */
  readonly steps?: StepHooks;
  /** Applied to each op before it is compiled: the run takes out the tablespaces the database lacks. */
  readonly prepare?: PrepareOperation;
}

/** The `op` object of one migration, and what the runner needs to know about how it ran. */
export interface LiveOps {
  readonly ops: MigrationOps;
  /** True once the migration called `op.noTransaction()`. */
  readonly autocommit: boolean;
  /** True once some of the migration's statements were committed (autocommit, or a non-transactional statement). */
  readonly partlyCommitted: boolean;
  /** The statement that failed, if one did (the first, when the migration caught an error and went on). */
  readonly failedStatement: string | null;
  /** The error `failedStatement` met; undefined when none failed. */
  readonly failedError: unknown;
  /** The migration's steps, when it uses `op.step()`. */
  readonly steps: StepRunner;
}

/**
 * Creates the `op` object of one migration running on `session`.
 * @example
 * const live = createLiveOps(session, { revision, schemas: ["public"], versionTable });
 * await module.upgrade(live.ops);
 */
export function createLiveOps(session: RunSession, options: LiveOpsOptions): LiveOps {
  let started = false;
  let autocommit = false;
  let ranStatements = false;
  let partlyCommitted = false;
  let failedStatement: string | null = null;
  let failedError: unknown = undefined;

  const start = async (): Promise<void> => {
    if (started) return;
    started = true;
    // With a transaction per run, what the earlier migrations did is committed before this one runs bare.
    if (autocommit) await session.commit();
    else await session.begin();
  };

  const recordingFailure = async <T>(sql: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (failedStatement === null) {
        failedStatement = sql;
        failedError = error;
      }
      throw error;
    }
  };

  const execute = async (statement: CompiledStatement): Promise<void> => {
    const inTransaction = session.inTransaction;
    if (statementGeneratorOf(statement) !== undefined) {
      const query = async (sql: string) => {
        options.onStatement?.(sql, !inTransaction);
        return recordingFailure(sql, async () => (await steps.watch(() => session.db.query<GeneratedRow>(sql))).rows);
      };
      await runGenerated(statement, query, execute);
      return;
    }
    options.onStatement?.(statement.sql, !inTransaction);
    await recordingFailure(statement.sql, () =>
      inTransaction ? steps.watch(() => session.execute(statement)) : steps.executeAlone(statement, (s) => session.execute(s)),
    );
    ranStatements = true;
    if (!inTransaction) partlyCommitted = true;
  };

  const steps: StepRunner = createStepRunner(session, options.revision, options.steps, {
    beforeFirstStep: () => {
      if (started) throw new NoTransactionTooLateError(options.revision, "op.step()");
      started = true;
    },
    execute: (statement) => execute(statement),
    afterStepCommitted: () => {
      partlyCommitted = true;
    },
  });

  const sink = {
    step: (name: string, transactional: boolean, fn: () => Promise<void>) => steps.step(name, transactional, fn),
    async run(statements: readonly CompiledStatement[]): Promise<void> {
      if (steps.active) return steps.run(statements);
      await start();
      for (const statement of statements) {
        if (statement.transactional || !session.inTransaction) {
          await execute(statement);
          continue;
        }
        options.onTransactionSplit?.(statement.sql);
        await session.commit();
        if (ranStatements) partlyCommitted = true;
        await execute(statement);
        await session.begin();
      }
    },
    async inspect(): Promise<SchemaModel> {
      await start();
      const inspectOptions = {
        schemas: options.schemas,
        excludeTables: [
          qualifiedName(options.versionTable.schema, options.versionTable.checksumTable),
        ],
      };
      if (!session.inTransaction) return introspect(session.db, inspectOptions);
      // The catalog queries pin session settings (search_path among them) for the rest of the
      // transaction; rolling back to a savepoint restores the migration's own settings.
      await session.db.query("SAVEPOINT autogen_inspect");
      try {
        return await introspectInTransaction(session.db, inspectOptions);
      } finally {
        await session.db.query("ROLLBACK TO SAVEPOINT autogen_inspect");
        await session.db.query("RELEASE SAVEPOINT autogen_inspect");
      }
    },
    noTransaction(): void {
      if (started) throw new NoTransactionTooLateError(options.revision, steps.active ? "op.step()" : null);
      autocommit = true;
    },
  };

  return {
    ops: statementOps(sink, options.prepare),
    get autocommit() {
      return autocommit;
    },
    get partlyCommitted() {
      return partlyCommitted;
    },
    get failedStatement() {
      return failedStatement;
    },
    get failedError() {
      return failedError;
    },
    steps,
  };
}
