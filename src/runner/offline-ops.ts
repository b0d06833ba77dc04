/**
 * The offline (`--sql`) `op` object: the same API as the online one, but every statement is collected as
 * text, with bind parameters written in as literals, and nothing touches a database. Tablespaces stay as the
 * ops name them, with no database to ask which exist: the script runs where the DBA runs it (the online
 * runner leaves out those the database lacks, missing-tablespaces.ts).
 */
import type { MigrationOps } from "../ops/migration-ops";
import type { RevisionRef } from "../revision/revision";
import type { CompiledStatement } from "../sql/compile";
import { statementGeneratorOf } from "../sql/compiled-statement";
import { inlineParams } from "./inline-params";
import { NoTransactionTooLateError, OfflineInspectError } from "./runner-errors";
import { statementOps } from "./statement-ops";

/** The `op` object of one migration, and what it collected. */
export interface OfflineOps {
  readonly ops: MigrationOps;
  /** The statements in call order, parameters inlined (so no `params`), without semicolons. */
  readonly statements: readonly CompiledStatement[];
  /** True once the migration called `op.noTransaction()`. */
  readonly autocommit: boolean;
  /** The `op.step()` calls: each covers `statements[first .. end)`. */
  readonly steps: readonly { readonly name: string; readonly transactional: boolean; readonly first: number; readonly end: number }[];
}

/**
 * Creates the offline `op` object of one migration.
 * @example
 * const offline = createOfflineOps(revision);
 * await module.upgrade(offline.ops);
 * offline.statements.map((s) => s.sql + ";").join("\n");
 */
export function createOfflineOps(revision: RevisionRef): OfflineOps {
  const statements: CompiledStatement[] = [];
  let autocommit = false;
  let started = false;
  const steps: { name: string; transactional: boolean; first: number; end: number }[] = [];
  const ops = statementOps({
    async step(name, transactional, fn) {
      started = true;
      const first = statements.length;
      await fn();
      steps.push({ name, transactional, first, end: statements.length });
    },
    async run(compiled) {
      started = true;
      for (const statement of compiled) {
        statements.push({ sql: offlineText(statement), transactional: statement.transactional });
      }
    },
    async inspect() {
      throw new OfflineInspectError(revision);
    },
    noTransaction() {
      if (started) throw new NoTransactionTooLateError(revision);
      autocommit = true;
    },
  });
  return {
    ops,
    statements,
    steps,
    get autocommit() {
      return autocommit;
    },
  };
}

/**
 * A statement as the script holds it: parameters inlined; a query that generates the statements to run
 * (`createPartitionedIndex`, which reads the partitions there are when it runs) in its psql form, which
 * runs each row with `\gexec`.
 */
function offlineText(statement: CompiledStatement): string {
  const generator = statementGeneratorOf(statement);
  if (generator !== undefined) return generator.psql;
  return statement.params === undefined ? statement.sql : inlineParams(statement.sql, statement.params);
}
