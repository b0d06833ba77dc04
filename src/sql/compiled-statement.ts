/**
 * One SQL statement produced from an operation. Statements the compiler builds pass through
 * `portableStrings`, so that their string constants (the compiler's own literals and those inside
 * expressions Postgres printed) read the same whatever the session's `standard_conforming_strings`.
 * SQL the user wrote (`op.execute`) is kept exactly as written: `verbatim`.
 */
import { portableStrings } from "./portable-strings";

/** One SQL statement produced from an operation, without a trailing semicolon. */
export interface CompiledStatement {
  readonly sql: string;
  /** Bind parameters (`$1`, `$2`, ...), only for `execute` ops that pass them. */
  readonly params?: readonly unknown[];
  /**
   * False when the statement cannot run inside a transaction block: `CREATE/DROP INDEX CONCURRENTLY`.
   * (`ALTER TYPE ... ADD VALUE` can, since PostgreSQL 12: it is transactional.)
   */
  readonly transactional: boolean;
}

/** A statement that runs inside the migration's transaction. */
export function statement(sql: string): CompiledStatement {
  return { sql: portableStrings(sql), transactional: true };
}

/** A statement that the runner must execute outside any transaction block. */
export function nonTransactional(sql: string): CompiledStatement {
  return { sql: portableStrings(sql), transactional: false };
}

/** SQL the user wrote, run inside the migration's transaction exactly as written. */
export function verbatim(sql: string): CompiledStatement {
  return { sql, transactional: true };
}
