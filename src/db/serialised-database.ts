/**
 * The part of a `Database` both drivers share: one session (one `pg` connection, or the single PGlite
 * backend) used by one caller at a time.
 *
 * Every call outside a transaction waits in one queue, so a transaction's statements never interleave with
 * statements sent concurrently by other code. Inside a transaction callback, calls through `db` itself (not
 * only through `tx`) run directly, because they run on the same session and so belong to the transaction
 * anyway; queuing them would deadlock. Opening a second transaction from inside one is refused with
 * `NestedTransactionError` instead of hanging.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Database, QueryResult, Queryable } from "./database";
import { NestedTransactionError, TransactionClosedError } from "./database-errors";

/** The raw operations of one driver session, with no queuing of their own. */
export interface DriverSession {
  query<R>(sql: string, params: readonly unknown[]): Promise<QueryResult<R>>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** Marks the async context of an open transaction; `open` turns false when it ends. */
interface TransactionScope {
  readonly owner: SerialisedDatabase;
  open: boolean;
}

const scopes = new AsyncLocalStorage<TransactionScope>();

/**
 * Wraps a driver session into a `Database`.
 * @internal used by `connectPostgres` and `openEmbedded` / `openEphemeral`
 */
export function createSerialisedDatabase(
  kind: Database["kind"],
  description: string,
  session: DriverSession,
  onClose?: () => void,
): Database {
  return new SerialisedDatabase(kind, description, session, onClose);
}

class SerialisedDatabase implements Database {
  #tail: Promise<unknown> = Promise.resolve();
  #closed: Promise<void> | null = null;

  constructor(
    readonly kind: Database["kind"],
    readonly description: string,
    private readonly session: DriverSession,
    private readonly onClose?: () => void,
  ) {}

  query<R = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    if (this.#inOpenTransaction()) return this.session.query<R>(sql, params);
    return this.#serialise(() => this.session.query<R>(sql, params));
  }

  exec(sql: string): Promise<void> {
    if (this.#inOpenTransaction()) return this.session.exec(sql);
    return this.#serialise(() => this.session.exec(sql));
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    if (this.#inOpenTransaction()) return Promise.reject(new NestedTransactionError(this.description));
    return this.#serialise(async () => {
      const scope: TransactionScope = { owner: this, open: true };
      const tx: Queryable = {
        query: <R = Record<string, unknown>>(sql: string, params: readonly unknown[] = []) => {
          if (!scope.open) return Promise.reject(new TransactionClosedError(this.description));
          return this.session.query<R>(sql, params);
        },
      };
      await this.session.exec("BEGIN");
      let result: T;
      try {
        result = await scopes.run(scope, () => fn(tx));
      } catch (error) {
        scope.open = false;
        await this.session.exec("ROLLBACK").catch(() => {
          // The session is probably gone; the caller needs the original error, not this one.
        });
        throw error;
      }
      scope.open = false;
      // A failing COMMIT (a deferred constraint, a serialisation failure) ends the transaction on the
      // server as a rollback, so there is nothing left to undo here.
      await this.session.exec("COMMIT");
      return result;
    });
  }

  close(): Promise<void> {
    if (this.#closed === null) {
      const drained = this.#tail.then(noop, noop);
      this.#closed = drained.then(() => this.session.close()).finally(() => this.onClose?.());
    }
    return this.#closed;
  }

  #inOpenTransaction(): boolean {
    const scope = scopes.getStore();
    return scope !== undefined && scope.owner === this && scope.open;
  }

  #serialise<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(() => fn());
    this.#tail = run.then(noop, noop);
    return run;
  }
}

function noop(): void {}
