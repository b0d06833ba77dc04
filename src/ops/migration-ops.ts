/**
 * The `op` object of migration files: the pure builders wrapped to execute (the runner) or record
 * (`recordingOps`) what they build, plus the operations that are not plain builders.
 */
import type { SchemaModel } from "../model/schema-model";
import { type BuilderName, type OperationBuilders, operationBuilders } from "./builders";
import { OpArgumentError, type TableName } from "./op-specs";
import type { Operation } from "./operation";

/** The builders with their table argument bound, inside `op.batchAlterTable(table, (batch) => ...)`. */
export type BatchOps = {
  readonly [K in BatchMethod]: (...args: DropFirst<Parameters<OperationBuilders[K]>>) => void;
};
export const BATCH_METHODS = [
  "setTableComment",
  "addColumn",
  "dropColumn",
  "alterColumn",
  "renameColumn",
  "addPrimaryKey",
  "addUnique",
  "addForeignKey",
  "addCheck",
  "addExclusion",
  "dropConstraint",
  "createIndex",
  "dropIndex",
] as const;
export type BatchMethod = (typeof BATCH_METHODS)[number];
type DropFirst<T extends readonly unknown[]> = T extends readonly [unknown, ...infer R] ? R : never;

/** Every builder as a method that builds its operation, then runs it (executes or records it). */
export type AsyncBuilders = {
  readonly [K in keyof OperationBuilders]: (...args: Parameters<OperationBuilders[K]>) => Promise<void>;
};

/**
 * The `op` object a migration's `upgrade(op)` and `downgrade(op)` receive. Every builder method builds its
 * operation and executes it before the returned promise resolves, so calls must be awaited in order.
 */
export interface MigrationOps extends AsyncBuilders {
  /**
   * Inserts rows, which may have different keys (a missing key inserts the column's default).
   * @example
   * await op.bulkInsert("roles", [{ name: "admin" }, { name: "user" }])
   */
  bulkInsert(table: TableName, rows: readonly Readonly<Record<string, unknown>>[]): Promise<void>;
  /** The schema as it is at this point of the migration (live catalog online, replayed model offline). */
  inspect(): Promise<SchemaModel>;
  /**
   * Groups changes to one table: `fn` calls the table-bound builders synchronously, then the collected
   * operations run in order.
   * @example
   * await op.batchAlterTable("users", (batch) => { batch.dropColumn("legacy"); batch.renameColumn("mail", "email"); })
   */
  batchAlterTable(table: TableName, fn: (batch: BatchOps) => void): Promise<void>;
  /**
   * Runs this migration outside a transaction (needed for `CREATE INDEX CONCURRENTLY`). Call it first, before
   * any other op: the runner decides how to run the migration from it.
   */
  noTransaction(): void;
  /**
   * Runs `fn` as one step of a migration that needs several transactions (the lock-safe form of
   * `autogen -m --safe`): a step runs in a transaction of its own, or outside any with
   * `{ transaction: false }` (for `CREATE INDEX CONCURRENTLY`, batched backfills). The runner records
   * each completed step, so that a rerun after a failure resumes at the first step not completed. In a
   * migration that uses steps, every operation belongs to one.
   * @example
   * await op.step("build index", { transaction: false }, async () => {
   *   await op.createIndex("users", { name: "users_email_idx", keys: ["email"] }, { concurrently: true });
   * });
   */
  step(name: string, fn: () => Promise<void>): Promise<void>;
  step(name: string, options: StepOptions, fn: () => Promise<void>): Promise<void>;
}

export interface StepOptions {
  /** False: the step runs outside any transaction, each statement committed on its own. Default true. */
  readonly transaction?: boolean;
}

/** The arguments of `op.step(name, [options], fn)`, checked. */
export function stepArguments(
  args: readonly unknown[],
): { readonly name: string; readonly transactional: boolean; readonly fn: () => Promise<void> } {
  const [name, second, third] = args;
  const fn = typeof second === "function" ? second : third;
  const options = (typeof second === "function" ? undefined : second) as StepOptions | undefined;
  if (typeof name !== "string" || name.trim() === "") {
    throw new OpArgumentError("step", "the step needs a name (a non-empty string).");
  }
  if (typeof fn !== "function") throw new OpArgumentError("step", `step "${name}" needs a function to run.`);
  return { name, transactional: options?.transaction !== false, fn: fn as () => Promise<void> };
}

/** Binds the table-bound batch builders to `table`, handing each built operation to `sink`. */
export function bindBatch(table: TableName, sink: (op: Operation) => void): BatchOps {
  const entries = BATCH_METHODS.map((name) => {
    const build = operationBuilders[name] as (table: TableName, ...args: readonly unknown[]) => Operation;
    return [name, (...args: readonly unknown[]) => sink(build(table, ...args))] as const;
  });
  return Object.fromEntries(entries) as unknown as BatchOps;
}

/**
 * Every builder wrapped so that it builds its operation and awaits `run(op)`: the part of `MigrationOps`
 * shared by the runner (which executes) and `recordingOps` (which records).
 */
export function bindBuilders(run: (op: Operation) => Promise<void>): AsyncBuilders {
  const entries = (Object.keys(operationBuilders) as BuilderName[]).map((name) => {
    const build = operationBuilders[name] as (...args: readonly unknown[]) => Operation;
    return [name, async (...args: readonly unknown[]) => run(build(...args))] as const;
  });
  return Object.fromEntries(entries) as unknown as AsyncBuilders;
}
