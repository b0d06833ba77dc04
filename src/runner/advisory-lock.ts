/**
 * The migration lock: a session-level advisory lock held around a whole run, so that several processes
 * starting at once (replicas of one service) apply each migration exactly once. The first takes the lock
 * and migrates; the others wait, then read the heads it left and find nothing to do.
 *
 * The key is a fixed 64-bit number derived from "autogen" and the version table's qualified name, so
 * that two migration sets with different version tables do not block each other. The server releases a
 * session lock when the connection ends, so a killed process never leaves it behind.
 *
 * A waiting process asks for the lock again every 100 ms (`pg_try_advisory_lock`) instead of blocking in
 * `pg_advisory_lock`: a statement blocked there holds a snapshot, and `CREATE INDEX CONCURRENTLY` (the
 * lock-safe form) waits for every older snapshot to go away before it finishes, while the holder of the
 * lock runs it. The two would wait for each other until PostgreSQL cancels one of them as a deadlock.
 */
import { createHash } from "node:crypto";
import type { Database } from "../db/database";
import { MigrationLockTimeoutError } from "./runner-errors";
import { versionTableName, type VersionTableConfig } from "./version-table";

/** How long to wait between attempts while another session holds the lock. */
const RETRY_MS = 100;

export interface LockOptions {
  /** Give up with `MigrationLockTimeoutError` after this long; default: wait as long as it takes. */
  readonly timeoutMs?: number | null;
  /** Called once when the lock is busy, with the process id of the session holding it when known. */
  readonly onWait?: (holderPid: number | null) => void;
}

/**
 * The lock key, as the decimal text of a signed 64-bit integer (what `pg_advisory_lock(bigint)` takes).
 * @example advisoryLockKey(versionTableConfig()) // a stable value such as "-3271620916546186430"
 */
export function advisoryLockKey(config: VersionTableConfig): string {
  const digest = createHash("sha256")
    .update(`autogen:${versionTableName(config)}`)
    .digest();
  return digest.readBigInt64BE(0).toString();
}

/**
 * Runs `fn` holding the migration lock on `db`'s session, and releases it afterwards, also when `fn`
 * throws. The lock is not re-entrant across sessions: a second `withMigrationLock` on another connection
 * waits for this one.
 *
 * @throws MigrationLockTimeoutError when `timeoutMs` passes before the lock is granted.
 */
export async function withMigrationLock<T>(
  db: Database,
  config: VersionTableConfig,
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const key = advisoryLockKey(config);
  await acquire(db, key, config, options);
  try {
    return await fn();
  } finally {
    await db.query("SELECT pg_advisory_unlock($1::bigint)", [key]).catch(() => {
      // The connection is gone: the server has released the lock with the session.
    });
  }
}

async function acquire(
  db: Database,
  key: string,
  config: VersionTableConfig,
  options: LockOptions,
): Promise<void> {
  if (await tryLock(db, key)) return;
  options.onWait?.(await holderPid(db, key));
  const timeoutMs = options.timeoutMs ?? Infinity;
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    await delay(Math.min(RETRY_MS, Math.max(0, timeoutMs - (Date.now() - started))));
    if (await tryLock(db, key)) return;
  }
  throw new MigrationLockTimeoutError(
    versionTableName(config),
    Date.now() - started,
    await holderPid(db, key),
  );
}

async function tryLock(db: Database, key: string): Promise<boolean> {
  const { rows } = await db.query<{ locked: boolean }>(
    "SELECT pg_try_advisory_lock($1::bigint) AS locked",
    [key],
  );
  return rows[0]?.locked === true;
}

/** The session holding the lock, from `pg_locks` (a bigint key is split into classid and objid). */
async function holderPid(db: Database, key: string): Promise<number | null> {
  const { rows } = await db.query<{ pid: number | null }>(
    "SELECT pid::int4 AS pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 " +
      "AND classid::bigint = (($1::bigint >> 32) & 4294967295) AND objid::bigint = ($1::bigint & 4294967295) " +
      "AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) LIMIT 1",
    [key],
  );
  return rows[0]?.pid ?? null;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
