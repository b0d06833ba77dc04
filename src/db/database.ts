/**
 * The connection abstraction every stage uses, so that a server (`pg`, including the embedded server) and
 * the embedded PGlite database are interchangeable. Queries return rows only; to behave the same on both drivers, catalog
 * queries cast what they select to `text`, `int4`, `boolean` or `text[]`.
 */
export interface QueryResult<R> {
  readonly rows: R[];
  /** RowDescription of the result (pg driver only): used to read back a type's oid and typmod. */
  readonly fields?: ReadonlyArray<{ readonly name: string; readonly dataTypeID: number; readonly dataTypeModifier?: number }>;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export interface Database extends Queryable {
  /** `postgres` for a server reached through `pg` (the embedded server too), `pglite` for PGlite. */
  readonly kind: "postgres" | "pglite";
  /** Where it is, for messages: a URL with the password hidden, or the embedded data directory. */
  readonly description: string;
  /**
   * True for a database made to be dropped (a shadow replay's, the test kit's): its catalog state never
   * comes back, so nothing read from it is cached (src/cache), where it would only push out what is used.
   */
  readonly throwaway?: boolean;
  /** Runs a script of several statements without parameters. */
  exec(sql: string): Promise<void>;
  /** Runs `fn` between BEGIN and COMMIT; ROLLBACK and rethrow when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
