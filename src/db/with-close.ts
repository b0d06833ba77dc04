/**
 * A `Database` whose `close()` also runs a clean-up after the connection closed: stopping the embedded
 * server that served it, releasing a lock.
 */
import type { Database } from "./database";

/** `db` whose `close()` closes it, then runs `after` (once, even when closing the connection failed). */
export function withClose(db: Database, after: () => Promise<void>): Database {
  let closed: Promise<void> | null = null;
  return {
    kind: db.kind,
    description: db.description,
    ...(db.throwaway === true && { throwaway: true }),
    query: <R = Record<string, unknown>>(sql: string, params?: readonly unknown[]) => db.query<R>(sql, params),
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction(fn),
    close: () => (closed ??= db.close().catch(() => undefined).then(after)),
  };
}
