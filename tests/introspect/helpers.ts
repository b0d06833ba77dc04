/**
 * Connections for the introspection tests: a `pg` client on a test database and a PGlite database, both
 * behind the Queryable interface.
 */
import { fork } from "node:child_process";
import path from "node:path";
import { Client } from "pg";
import type { Queryable, QueryResult } from "../../src/db/database";

export interface PgConnection extends Queryable {
  readonly client: Client;
  end(): Promise<void>;
}

/** One `pg` connection (not a pool: introspect needs its BEGIN and queries on the same session). */
export async function connectPg(url: string): Promise<PgConnection> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return {
    client,
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const result = await client.query(sql, params ? [...params] : undefined);
      return { rows: result.rows as R[] };
    },
    end: () => client.end(),
  };
}

export interface PgliteProcess extends Queryable {
  /** Runs a script of several statements. */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A new in-memory PGlite in a child Node process (see pglite-child.js for why), behind Queryable.
 * Resolves once the database is ready.
 */
export async function startPglite(): Promise<PgliteProcess> {
  const child = fork(path.join(__dirname, "pglite-child.js"), [], { execArgv: [], serialization: "advanced" });
  const pending = new Map<number, { resolve: (rows: unknown[]) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  child.on("message", (message: { id: number; rows?: unknown[]; error?: { message: string; code?: string } }) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
    else waiter.resolve(message.rows ?? []);
  });
  child.on("exit", () => {
    for (const waiter of pending.values()) waiter.reject(new Error("the PGlite process exited"));
    pending.clear();
  });
  const send = (message: Record<string, unknown>, id = nextId++): Promise<unknown[]> =>
    new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      if (id !== 0) child.send({ ...message, id });
    });
  await send({}, 0);
  return {
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      return { rows: (await send({ op: "query", sql, params: params ? [...params] : [] })) as R[] };
    },
    async exec(sql: string): Promise<void> {
      await send({ op: "exec", sql });
    },
    async close(): Promise<void> {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      await send({ op: "close" }).catch(() => undefined);
      await exited;
    },
  };
}
