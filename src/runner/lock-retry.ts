/**
 * Retrying statements that gave up waiting for a lock (`lock_timeout`, SQLSTATE 55P03). A migration that
 * sets a short lock timeout (the lock-safe form does) fails fast instead of queueing behind a long
 * transaction, where it would block every other session on the table; the runner then waits and tries
 * again. Only what is safe to repeat is retried: a whole transaction (rolled back, so nothing of it
 * stayed), or a single statement run outside a transaction that an op built (never raw `op.execute` SQL
 * there, which may commit part of its work itself).
 *
 * While a statement waits, a second connection asks `pg_blocking_pids()` who holds the lock, so that the
 * retry notice and the final error name the blocking process.
 */
import type { Database, Queryable } from "../db/database";
import { postgresFailure } from "./runner-errors";

/** How lock timeouts are retried. */
export interface LockRetryOptions {
  /** Attempts in all, the first included; 1 turns retries off. Default 5. */
  readonly attempts?: number;
  /** Wait before the second attempt; doubled for each further one. Default 1000 ms. */
  readonly delayMs?: number;
  /** The longest wait between attempts. Default 30 000 ms. */
  readonly maxDelayMs?: number;
}

export const DEFAULT_LOCK_RETRY: Required<LockRetryOptions> = Object.freeze({
  attempts: 5,
  delayMs: 1000,
  maxDelayMs: 30_000,
});

/** A session that held the lock a statement waited for. */
export interface Blocker {
  readonly pid: number;
  readonly applicationName: string;
  readonly state: string | null;
  readonly query: string | null;
}

/** Whether `error` is Postgres giving up on a lock wait (`lock_timeout`). */
export function isLockTimeout(error: unknown): boolean {
  return postgresFailure(error).code === "55P03";
}

/** The wait before attempt `attempt + 1` (attempt counts from 1), or null when no attempt is left. */
export function retryDelay(options: LockRetryOptions | undefined, attempt: number): number | null {
  const o = { ...DEFAULT_LOCK_RETRY, ...options };
  if (attempt >= o.attempts) return null;
  return Math.min(o.maxDelayMs, o.delayMs * 2 ** (attempt - 1));
}

/** `process 4242 (application "worker", idle in transaction: UPDATE ...)`, for messages. */
export function describeBlockers(blockers: readonly Blocker[]): string {
  if (blockers.length === 0) return "another session (not seen by pg_blocking_pids)";
  return blockers
    .map((b) => {
      const app = b.applicationName === "" ? "" : `application "${b.applicationName}", `;
      const query = b.query === null || b.query.trim() === "" ? "" : `: ${b.query.replace(/\s+/g, " ").trim().slice(0, 120)}`;
      return `process ${b.pid} (${app}${b.state ?? "unknown state"}${query})`;
    })
    .join(", ");
}

/** A lock timeout, with the sessions that blocked the statement (the Postgres error's fields kept). */
export class LockTimeoutError extends Error {
  readonly code = "55P03";
  constructor(
    error: unknown,
    readonly blockers: readonly Blocker[],
    readonly attempts: number,
  ) {
    const failure = postgresFailure(error);
    super(
      `${failure.message}: blocked by ${describeBlockers(blockers)}` +
        (attempts > 1 ? `, after ${attempts} attempts` : ""),
      { cause: error },
    );
  }
}

const BLOCKERS_SQL =
  "SELECT a.pid::int4 AS pid, COALESCE(a.application_name, '') AS application_name, a.state, a.query " +
  "FROM pg_stat_activity a WHERE a.pid = ANY (pg_blocking_pids($1::int4)) ORDER BY a.pid";

/** How often a waiting statement's blockers are read: quickly at first (lock timeouts are short), then less. */
const FIRST_POLLS_MS = 20;
const LATER_POLLS_MS = 250;
const QUICK_POLLING_MS = 1000;

/**
 * Watches the runner's connection for lock waits. `watch(work)` runs `work` and, while it takes longer
 * than a poll interval, reads who blocks it on a second connection (opened on first need). Without a
 * way to open one (the embedded database has a single connection), blockers are not known.
 */
export class BlockerWatcher {
  #side: Promise<Database | null> | null = null;
  #pid: number | null = null;
  #last: readonly Blocker[] = [];

  constructor(
    private readonly main: Queryable,
    private readonly open: (() => Promise<Database>) | undefined,
  ) {}

  /** The blockers seen during the last watched statement that waited. */
  get lastBlockers(): readonly Blocker[] {
    return this.#last;
  }

  async start(): Promise<void> {
    if (this.open === undefined) return;
    const { rows } = await this.main.query<{ pid: number }>("SELECT pg_backend_pid()::int4 AS pid");
    this.#pid = rows[0]?.pid ?? null;
    // Opened now, so that the first poll of a short lock wait does not spend it connecting.
    this.#side = this.open().catch(() => null);
  }

  async watch<T>(work: () => Promise<T>): Promise<T> {
    if (this.open === undefined || this.#pid === null) return work();
    this.#last = [];
    const started = Date.now();
    let timer: NodeJS.Timeout | null = null;
    let done = false;
    const schedule = (): void => {
      if (done) return;
      const wait = Date.now() - started < QUICK_POLLING_MS ? FIRST_POLLS_MS : LATER_POLLS_MS;
      timer = setTimeout(() => void this.#poll().finally(schedule), wait);
      timer.unref();
    };
    schedule();
    try {
      return await work();
    } finally {
      done = true;
      if (timer !== null) clearTimeout(timer);
    }
  }

  async #poll(): Promise<void> {
    this.#side ??= this.open!().catch(() => null);
    const side = await this.#side;
    if (side === null) return;
    try {
      const { rows } = await side.query<{ pid: number; application_name: string; state: string | null; query: string | null }>(
        BLOCKERS_SQL,
        [this.#pid],
      );
      if (rows.length > 0) {
        this.#last = rows.map((r) => ({ pid: r.pid, applicationName: r.application_name, state: r.state, query: r.query }));
      }
    } catch {
      // Only a better message is lost.
    }
  }

  async close(): Promise<void> {
    const side = this.#side === null ? null : await this.#side;
    this.#side = null;
    await side?.close().catch(() => undefined);
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
