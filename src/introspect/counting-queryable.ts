/**
 * A Queryable that records every statement sent through it: lets a test (or a curious user) check how
 * many round trips an operation costs.
 */
import type { Queryable, QueryResult } from "../db/database";

export class CountingQueryable implements Queryable {
  private readonly sent: string[] = [];

  constructor(private readonly inner: Queryable) {}

  /** Number of statements sent so far. */
  get count(): number {
    return this.sent.length;
  }

  /** The statements sent so far, in order. */
  get statements(): readonly string[] {
    return this.sent;
  }

  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    this.sent.push(sql);
    return this.inner.query<R>(sql, params);
  }
}
