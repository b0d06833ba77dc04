/**
 * An exclusive lock on an embedded data directory. PGlite does not lock its data directory: two
 * instances (in one process or in two) open the same directory without complaint and then overwrite each
 * other's files. The lock is a file next to the directory (`<dataDir>.lock`) created with O_EXCL, holding
 * the owner's pid and host name; a lock whose process is gone (same host) is taken over.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { EmbeddedDatabaseBusyError, EmbeddedFolderNotWritableError } from "./database-errors";

export interface DataDirLock {
  readonly lockFile: string;
  /** Deletes the lock file if it is still ours. Idempotent. */
  release(): void;
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
}

/**
 * Takes the lock of `dataDir` (an absolute path), creating the folder it goes in, or throws
 * `EmbeddedDatabaseBusyError` naming the holder (`EmbeddedFolderNotWritableError` when the folder cannot
 * be written). The lock is also released when the process exits normally without closing the database.
 *
 * Taking over a stale lock is not atomic: two processes that both find the same dead owner in the same
 * instant may both proceed. That needs a crash followed by two simultaneous starts on the same project.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const lockFile = `${dataDir}.lock`;
  const me: LockOwner = { pid: process.pid, host: os.hostname(), token: randomBytes(8).toString("hex") };
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(dataDir, lockFile, me)) break;
    const holder = readOwner(lockFile);
    if (holder === "missing") continue;
    if (attempt === 0 && holder !== "unreadable" && isStale(holder)) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    throw new EmbeddedDatabaseBusyError(dataDir, lockFile, describeHolder(holder));
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.removeListener("exit", release);
    const current = readOwner(lockFile);
    if (typeof current === "object" && current.token === me.token) fs.rmSync(lockFile, { force: true });
  };
  process.on("exit", release);
  return { lockFile, release };
}

function tryCreate(dataDir: string, lockFile: string, me: LockOwner): boolean {
  let fd: number;
  try {
    fs.mkdirSync(path.dirname(lockFile), { recursive: true });
    fd = fs.openSync(lockFile, "wx", 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    if (EmbeddedFolderNotWritableError.matches(error)) throw new EmbeddedFolderNotWritableError(dataDir, error);
    throw error;
  }
  try {
    fs.writeSync(fd, JSON.stringify(me));
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

function readOwner(lockFile: string): LockOwner | "missing" | "unreadable" {
  let text: string;
  try {
    text = fs.readFileSync(lockFile, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    return "unreadable";
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid === "number" && typeof parsed.host === "string" && typeof parsed.token === "string") {
      return { pid: parsed.pid, host: parsed.host, token: parsed.token };
    }
  } catch {
    // fall through: written half-way by a process that crashed, or not ours
  }
  return "unreadable";
}

function isStale(owner: LockOwner): boolean {
  if (owner.host !== os.hostname()) return false;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function describeHolder(holder: LockOwner | "unreadable"): string {
  if (holder === "unreadable") return "another process (its lock file cannot be read)";
  if (holder.pid === process.pid && holder.host === os.hostname()) return "this process (it was opened twice)";
  return `process ${holder.pid} on ${holder.host}`;
}
