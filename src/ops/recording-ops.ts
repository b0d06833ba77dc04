/**
 * A `MigrationOps` that executes nothing and records every operation a migration builds: used by tests,
 * by `autogen check`, and to replay migrations offline into a model.
 */
import { AutogenError } from "../errors";
import type { SchemaModel } from "../model/schema-model";
import { bindBatch, bindBuilders, stepArguments, type MigrationOps } from "./migration-ops";
import { bulkInsertOps } from "./bulk-insert";
import type { Operation } from "./operation";

/** `op.inspect()` was called while operations were only being recorded and no model was supplied. */
export class InspectUnavailableError extends AutogenError {
  constructor() {
    super(
      "op.inspect() is not available while a migration's operations are only recorded (offline or " +
        "check mode) and no schema model was supplied: run the migration against a database instead.",
    );
  }
}

export interface RecordingOps extends MigrationOps {
  /** Every operation built so far, in call order. */
  readonly operations: readonly Operation[];
  /** False once the migration has called `noTransaction()`. */
  readonly transactional: boolean;
  /** The `op.step()` calls, in order: each covers `operations[first .. end)`. */
  readonly steps: readonly RecordedStep[];
}

/** One `op.step(name, [options], fn)` of a recorded migration. */
export interface RecordedStep {
  readonly name: string;
  readonly transactional: boolean;
  readonly first: number;
  readonly end: number;
}

export interface RecordingOptions {
  /** What `inspect()` returns; without it `inspect()` throws `InspectUnavailableError`. */
  readonly model?: SchemaModel | (() => SchemaModel);
}

/**
 * Creates an `op` object that records operations instead of executing them.
 * @example
 * const op = recordingOps();
 * await migration.upgrade(op);
 * op.operations; // [{ kind: "addColumn", ... }]
 */
export function recordingOps(options: RecordingOptions = {}): RecordingOps {
  const operations: Operation[] = [];
  let transactional = true;
  const steps: RecordedStep[] = [];
  const record = (operation: Operation): void => {
    operations.push(operation);
  };
  return {
    ...bindBuilders(async (operation) => record(operation)),
    async bulkInsert(table, rows) {
      bulkInsertOps(table, rows).forEach(record);
    },
    async inspect() {
      const { model } = options;
      if (model === undefined) throw new InspectUnavailableError();
      return typeof model === "function" ? model() : model;
    },
    async batchAlterTable(table, fn) {
      const batch: Operation[] = [];
      fn(bindBatch(table, (operation) => batch.push(operation)));
      batch.forEach(record);
    },
    noTransaction() {
      transactional = false;
    },
    async step(...args: readonly unknown[]) {
      const { name, transactional: inTransaction, fn } = stepArguments(args);
      const first = operations.length;
      await fn();
      steps.push({ name, transactional: inTransaction, first, end: operations.length });
    },
    get steps() {
      return steps;
    },
    get operations() {
      return operations;
    },
    get transactional() {
      return transactional;
    },
  };
}
