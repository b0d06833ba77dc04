/** One SQL statement produced from an operation, without a trailing semicolon. */
export interface CompiledStatement {
  readonly sql: string;
  /** Bind parameters (`$1`, `$2`, ...), only for `execute` ops that pass them. */
  readonly params?: readonly unknown[];
  /**
   * False when the statement cannot run inside a transaction block, or must be committed before the
   * statements after it can see its effect: `CREATE/DROP INDEX CONCURRENTLY` and `ALTER TYPE ... ADD VALUE`
   * (a new enum label cannot be used until it is committed).
   */
  readonly transactional: boolean;
  /**
   * Set on `CREATE/DROP INDEX CONCURRENTLY`: the index it builds or drops, so that the runner can find an
   * invalid index a failed build left behind (and rebuild it) and resume a step that got that far.
   */
  readonly concurrentIndex?: { readonly schema: string; readonly name: string; readonly action: "create" | "drop" };
  /** Set on the statements of `op.execute`: raw SQL, which the runner does not retry on its own outside a transaction. */
  readonly raw?: boolean;
}

/** A statement that runs inside the migration's transaction. */
export function statement(sql: string): CompiledStatement {
  return { sql, transactional: true };
}

/** A statement that the runner must execute outside any transaction block. */
export function nonTransactional(sql: string): CompiledStatement {
  return { sql, transactional: false };
}
