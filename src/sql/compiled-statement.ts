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
  return { sql, transactional: true };
}

/** A statement that the runner must execute outside any transaction block. */
export function nonTransactional(sql: string): CompiledStatement {
  return { sql, transactional: false };
}
