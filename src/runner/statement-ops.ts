/**
 * The part of the `op` object shared by the online and the offline runner: every call builds its
 * operation(s) with the pure builders, compiles them to statements, and hands the statements to a sink,
 * which executes them (online) or prints them (offline).
 */
import type { SchemaModel } from "../model/schema-model";
import { bulkInsertOps } from "../ops/bulk-insert";
import { bindBatch, bindBuilders, stepArguments, type MigrationOps } from "../ops/migration-ops";
import { toTableRef } from "../ops/op-specs";
import type { Operation } from "../ops/operation";
import { compileOperation, type CompiledStatement } from "../sql/compile";
import { compileBatch } from "./batch-alter";

/** Where the statements of a migration go. */
export interface StatementSink {
  /** Executes (or records) the statements of one op call, in order. */
  run(statements: readonly CompiledStatement[]): Promise<void>;
  /** `op.inspect()`. */
  inspect(): Promise<SchemaModel>;
  /** `op.noTransaction()`. */
  noTransaction(): void;
  /** `op.step(name, { transaction }, fn)`; without it, `fn` simply runs. */
  step?(name: string, transactional: boolean, fn: () => Promise<void>): Promise<void>;
}

/** What becomes of each operation before it is compiled (online: the tablespaces the database lacks go). */
export type PrepareOperation = (operation: Operation) => Promise<Operation>;

/**
 * A `MigrationOps` over a sink. `bulkInsert` sends one multi-row `INSERT` per 65,535 parameters;
 * `batchAlterTable` folds its changes into one `ALTER TABLE` (see `compileBatch`).
 */
export function statementOps(sink: StatementSink, prepare?: PrepareOperation): MigrationOps {
  const compile = (operations: readonly Operation[]) => operations.flatMap((operation) => compileOperation(operation));
  const run = (operations: readonly Operation[]): Promise<void> =>
    prepare === undefined ? sink.run(compile(operations)) : prepareAll(operations, prepare).then((ops) => sink.run(compile(ops)));
  return {
    ...bindBuilders((operation) => run([operation])),
    bulkInsert: (table, rows) => run(bulkInsertOps(table, rows)),
    inspect: () => sink.inspect(),
    async batchAlterTable(table, fn) {
      const batch: Operation[] = [];
      fn(bindBatch(table, (operation) => batch.push(operation)));
      const ref = toTableRef(table, "batchAlterTable");
      await sink.run(compileBatch(ref, prepare === undefined ? batch : await prepareAll(batch, prepare)));
    },
    noTransaction: () => sink.noTransaction(),
    step: (...args: readonly unknown[]) => {
      const { name, transactional, fn } = stepArguments(args);
      return sink.step === undefined ? fn() : sink.step(name, transactional, fn);
    },
  };
}

/** Each operation prepared, in order (a preparation may read the database). */
async function prepareAll(operations: readonly Operation[], prepare: PrepareOperation): Promise<Operation[]> {
  const result: Operation[] = [];
  for (const operation of operations) result.push(await prepare(operation));
  return result;
}
