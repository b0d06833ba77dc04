/**
 * An exclusive lock on an embedded data directory. PGlite does not lock its data directory (two instances
 * open it without complaint and overwrite each other's files), and PostgreSQL's own `postmaster.pid` only
 * sees servers in its own process namespace: two containers sharing a volume would both start a server on
 * it. The lock is a file next to the directory (`<dataDir>.lock`) created with O_EXCL, holding the owner's
 * pid, host name, process namespace, process start time and a random token.
 *
 * A lock is stale, and taken over, when its holder is provably gone:
 * - In this process namespace (same host name, boot and pid namespace): its process is gone, or its number
 *   now belongs to another process (another start time; or this very process, which does not hold that
 *   token: node as pid 1 of a restarted container). A live process keeps its lock however long it sleeps
 *   (Ctrl-Z).
 * - Elsewhere (another host, or a container restarted on the same volume: a new pid namespace), where its
 *   process cannot be asked: by a heartbeat. The holder refreshes the lock file's mtime every 5 s from a
 *   small child process, which runs whatever this process's event loop does (a long PGlite statement
 *   blocks it). A lock whose heartbeat is older than 60 s (12 missed beats) is silent, and it is taken over
 *   once a second read, a grace of two of its holder's beats (10 s) later, still sees no beat. Ages are
 *   measured on the file system's clock (against the mtime of a file written now), so clocks that differ
 *   between hosts do not matter. A younger one is watched: if its heartbeat moves, its holder lives and the
 *   database is busy; if it stays silent, it is taken over. A restarted container therefore waits at most
 *   70 s, and two live containers never both hold the lock.
 *   No heartbeat tells a frozen holder (`docker pause`, a suspended VM) from a dead one: a holder frozen for
 *   longer than the bound loses its lock to the next process that asks, unless it resumes within the grace
 *   of that process's second read. The bound is 60 s, twice what crash recovery strictly needs, so that
 *   pauses of up to a minute are survived, at the cost of a restarted container waiting that long; the
 *   grace protects a holder whose freeze ends just as the bound is reached, and costs a takeover 10 s.
 * - A lock without a heartbeat (written by an earlier pg-autogen, which does not refresh it) held
 *   elsewhere: by its age, since its mtime is when it was taken. It is taken over once it is 15 minutes
 *   old, far beyond what a command on the embedded database takes; until then the message says when, and
 *   which file to delete if no pg-autogen runs there.
 *
 * Taking over is atomic: a stale lock is deleted only by the process that created its takeover claim
 * (`<lock>.takeover-<token>-<n>`, O_EXCL) and then found the lock still holding that token and still stale;
 * the new lock is created with O_EXCL, which one process wins. A claim older than the bound (its claimant
 * died within the milliseconds it holds one) is passed over for the next n.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { EmbeddedDatabaseBusyError, EmbeddedFolderNotWritableError } from "./database-errors";

export interface DataDirLock {
  readonly lockFile: string;
  /** Deletes the lock file if it is still ours, and stops its heartbeat. Idempotent. */
  release(): void;
}

/**
 * How often a holder refreshes its lock, how old the heartbeat of a lock held elsewhere must be for it to
 * be silent (taken over after a grace of two of its holder's beats without one), and how old a lock held
 * elsewhere without a heartbeat (an earlier pg-autogen's) must be to be stale.
 */
export interface LockTiming {
  readonly heartbeatMs: number;
  readonly staleAfterMs: number;
  readonly legacyStaleAfterMs: number;
}

export const LOCK_TIMING: LockTiming = { heartbeatMs: 5_000, staleAfterMs: 60_000, legacyStaleAfterMs: 15 * 60_000 };

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
  /** Boot id and pid namespace (Linux); null where unknown. */
  readonly pidSpace?: string | null;
  /** The process's start time in the pid space (Linux); null where unknown. */
  readonly started?: string | null;
  /** The heartbeat interval; absent in locks of pg-autogen versions without one. */
  readonly heartbeatMs?: number;
}

interface LockState {
  readonly owner: LockOwner;
  readonly mtimeMs: number;
}

/**
 * What a lock is: its holder is provably gone ("stale"), alive ("live"), elsewhere with a recent heartbeat
 * ("young"), or elsewhere with none for longer than the bound ("silent": taken over after the grace).
 * `ageMs`: for a lock elsewhere, how old its mtime is.
 */
type Judgement = { readonly state: "stale" | "live" | "young" | "silent"; readonly ageMs?: number };

/** Tokens of the locks this process holds, however many times this module is loaded. */
const heldTokens: Set<string> = (() => {
  const key = Symbol.for("pg-autogen.data-dir-lock-tokens");
  const shared = globalThis as { [key]?: Set<string> };
  return (shared[key] ??= new Set<string>());
})();

/**
 * Takes the lock of `dataDir` (an absolute path), creating the folder it goes in, or throws
 * `EmbeddedDatabaseBusyError` naming the holder (`EmbeddedFolderNotWritableError` when the folder cannot
 * be written). Waits up to `timing.staleAfterMs` for a lock held elsewhere whose heartbeat is recent. The
 * lock is also released when the process exits without closing the database.
 */
export async function lockDataDir(dataDir: string, timing: LockTiming = LOCK_TIMING): Promise<DataDirLock> {
  const lockFile = `${dataDir}.lock`;
  const me: LockOwner = {
    pid: process.pid,
    host: os.hostname(),
    token: randomBytes(8).toString("hex"),
    pidSpace: PID_SPACE,
    started: startTimeOf(process.pid),
    heartbeatMs: timing.heartbeatMs,
  };
  let watched: { readonly lock: LockState; silentSince: number | null } | null = null;
  for (let takeovers = 0; !tryCreate(dataDir, lockFile, me); ) {
    const holder = readLock(lockFile);
    if (holder === "missing") continue;
    if (holder === "unreadable") throw busy(dataDir, lockFile, "another process (its lock file cannot be read)", null);
    const judged = inFolderOf(dataDir, () => judge(holder, lockFile, me, timing));
    if (watched?.lock.owner.token !== holder.owner.token) watched = { lock: holder, silentSince: null };
    const moved = watched.lock.mtimeMs !== holder.mtimeMs;
    if (judged.state === "silent" && !moved) watched.silentSince ??= performance.now();
    const confirmed = watched.silentSince !== null && performance.now() - watched.silentSince >= graceOf(holder.owner);
    if ((judged.state === "stale" || (judged.state === "silent" && confirmed && !moved)) && takeovers++ < 10) {
      inFolderOf(dataDir, () => takeOver(lockFile, holder, me, timing));
      watched = null;
      continue;
    }
    if (judged.state === "live" || judged.state === "stale" || moved) {
      const beating = holder.owner.heartbeatMs !== undefined && !inMyPidSpace(holder.owner, me);
      throw busy(dataDir, lockFile, describeHolder(holder.owner), beating ? timing : null, beating ? null : legacyAge(holder, me, judged, timing));
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(50, Math.min(timing.heartbeatMs, timing.staleAfterMs) / 4)));
  }
  heldTokens.add(me.token);
  const heartbeat = startHeartbeat(lockFile, me.token, timing.heartbeatMs);
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.removeListener("exit", release);
    heartbeat.stop();
    heldTokens.delete(me.token);
    const current = readLock(lockFile);
    if (typeof current === "object" && current.owner.token === me.token) fs.rmSync(lockFile, { force: true });
  };
  process.on("exit", release);
  return { lockFile, release };
}

/** What `holder`'s lock is now (see `Judgement`). */
function judge(holder: LockState, lockFile: string, me: LockOwner, timing: LockTiming): Judgement {
  const owner = holder.owner;
  if (inMyPidSpace(owner, me)) {
    if (owner.pid === me.pid) return { state: heldTokens.has(owner.token) ? "live" : "stale" };
    if (!processExists(owner.pid)) return { state: "stale" };
    const started = startTimeOf(owner.pid);
    return { state: owner.started != null && started !== null && started !== owner.started ? "stale" : "live" };
  }
  const ageMs = fileSystemNow(lockFile, me.token) - holder.mtimeMs;
  if (owner.heartbeatMs === undefined) return { state: ageMs > timing.legacyStaleAfterMs ? "stale" : "live", ageMs };
  return { state: ageMs > timing.staleAfterMs ? "silent" : "young", ageMs };
}

/** How long a silent lock must go on without a beat before it is taken over: two of its holder's beats. */
function graceOf(owner: LockOwner): number {
  return 2 * (owner.heartbeatMs ?? 0);
}

/** For a lock of an earlier pg-autogen held elsewhere, its age and when it is taken over; else null. */
function legacyAge(holder: LockState, me: LockOwner, judged: Judgement, timing: LockTiming): { ageMs: number; staleAfterMs: number } | null {
  if (holder.owner.heartbeatMs !== undefined || inMyPidSpace(holder.owner, me) || judged.ageMs === undefined) return null;
  return { ageMs: judged.ageMs, staleAfterMs: timing.legacyStaleAfterMs };
}

/** Whether `owner`'s pid can be asked here: same host name, and same boot and pid namespace where known. */
function inMyPidSpace(owner: LockOwner, me: LockOwner): boolean {
  return owner.host === me.host && (owner.pidSpace == null || owner.pidSpace === me.pidSpace);
}

/**
 * Deletes the lock `stale` if it still is (same token, no beat since: same mtime), under its takeover claim
 * (see the file comment); the caller then creates its own with O_EXCL. Returns without deleting anything
 * when another process is taking it over or the lock changed.
 */
function takeOver(lockFile: string, stale: LockState, me: LockOwner, timing: LockTiming): void {
  const claimOf = (n: number): string => `${lockFile}.takeover-${stale.owner.token}-${n}`;
  for (let n = 0; ; n++) {
    if (createExclusive(claimOf(n), me.token)) {
      try {
        const current = readLock(lockFile);
        const unchanged = typeof current === "object" && current.owner.token === stale.owner.token && current.mtimeMs === stale.mtimeMs;
        if (unchanged && ["stale", "silent"].includes(judge(current, lockFile, me, timing).state)) fs.rmSync(lockFile, { force: true });
      } finally {
        for (let i = 0; i <= n; i++) fs.rmSync(claimOf(i), { force: true });
      }
      return;
    }
    const claim = fs.statSync(claimOf(n), { throwIfNoEntry: false });
    if (claim === undefined) return; // its claimant just finished: read the lock again
    if (fileSystemNow(lockFile, me.token) - claim.mtimeMs <= timing.staleAfterMs) return; // being taken over now
  }
}

function tryCreate(dataDir: string, lockFile: string, me: LockOwner): boolean {
  return inFolderOf(dataDir, () => {
    fs.mkdirSync(path.dirname(lockFile), { recursive: true });
    return createExclusive(lockFile, JSON.stringify(me));
  });
}

/** Runs `write` (which writes beside `dataDir`), turning "may not write there" into its error. */
function inFolderOf<T>(dataDir: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (EmbeddedFolderNotWritableError.matches(error)) throw new EmbeddedFolderNotWritableError(dataDir, error);
    throw error;
  }
}

/** Creates `file` holding `text`, or returns false when it exists. */
function createExclusive(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, "wx", 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    fs.writeSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/**
 * The lock's owner and heartbeat. Read through one descriptor: opening the file makes an NFS client fetch
 * its attributes afresh (close-to-open), where a plain stat may answer from a cache a minute old.
 */
function readLock(lockFile: string): LockState | "missing" | "unreadable" {
  let text: string;
  let mtimeMs: number;
  try {
    const fd = fs.openSync(lockFile, "r");
    try {
      mtimeMs = fs.fstatSync(fd).mtimeMs;
      text = fs.readFileSync(fd, "utf8");
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    return "unreadable";
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid === "number" && typeof parsed.host === "string" && typeof parsed.token === "string") {
      return {
        owner: {
          pid: parsed.pid,
          host: parsed.host,
          token: parsed.token,
          pidSpace: typeof parsed.pidSpace === "string" ? parsed.pidSpace : null,
          started: typeof parsed.started === "string" ? parsed.started : null,
          ...(typeof parsed.heartbeatMs === "number" ? { heartbeatMs: parsed.heartbeatMs } : {}),
        },
        mtimeMs,
      };
    }
  } catch {
    // fall through: written half-way by a process that crashed, or not ours
  }
  return "unreadable";
}

/** The file system's clock: the mtime of a file written now beside `lockFile`. */
function fileSystemNow(lockFile: string, token: string): number {
  const probe = `${lockFile}.now-${token}`;
  const fd = fs.openSync(probe, "w");
  try {
    return fs.fstatSync(fd).mtimeMs;
  } finally {
    fs.closeSync(fd);
    fs.rmSync(probe, { force: true });
  }
}

/**
 * Refreshes the lock file's mtime every `everyMs` while it holds `token`, from a shell child process that
 * ends when its standard input closes (`stop()`, or this process ending in any way). `touch` lets the file
 * system set the time. Where there is no POSIX shell (Windows: PGlite only), a timer of this process does it.
 */
function startHeartbeat(lockFile: string, token: string, everyMs: number): { stop(): void } {
  if (process.platform === "win32") {
    const timer = setInterval(() => {
      const current = readLock(lockFile);
      if (typeof current === "object" && current.owner.token === token) fs.utimesSync(lockFile, new Date(), new Date());
    }, everyMs);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }
  const script = [
    'lock="$1"; token="$2"; every="$3"',
    '( while sleep "$every"; do grep -q -e "$token" -- "$lock" 2>/dev/null && touch -c -- "$lock"; done ) </dev/null &',
    "read -r _",
    'kill "$!" 2>/dev/null',
  ].join("\n");
  const child: ChildProcess = spawn("/bin/sh", ["-c", script, "pg-autogen-heartbeat", lockFile, token, String(everyMs / 1000)], {
    stdio: ["pipe", "ignore", "ignore"],
    detached: true, // a Ctrl-C at the terminal must not stop it while this process goes on holding the lock
  });
  child.on("error", () => undefined);
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  return { stop: () => child.stdin?.end() };
}

/** Boot id and pid namespace: two processes compare pids only when these are equal. */
const PID_SPACE: string | null = (() => {
  try {
    return `${fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim()}/${fs.readlinkSync("/proc/self/ns/pid")}`;
  } catch {
    return null;
  }
})();

/** The start time of process `pid` (clock ticks since boot, from /proc), or null where unknown. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

function describeHolder(owner: LockOwner): string {
  if (owner.pid === process.pid && owner.host === os.hostname() && heldTokens.has(owner.token)) return "this process (it was opened twice)";
  return `process ${owner.pid} on ${owner.host}`;
}

/**
 * The busy error; `timing` when the holder has a heartbeat (its lock is taken over once it stops), `legacy`
 * when it is an earlier pg-autogen's held elsewhere (taken over at an age).
 */
function busy(
  dataDir: string,
  lockFile: string,
  holder: string,
  timing: LockTiming | null,
  legacy: { ageMs: number; staleAfterMs: number } | null = null,
): EmbeddedDatabaseBusyError {
  const remedy =
    timing !== null
      ? `wait for the other command to finish (the lock file ${lockFile} is refreshed every ${timing.heartbeatMs / 1000} s while ` +
        `its command runs, and taken over once it is ${timing.staleAfterMs / 1000} s old and then not refreshed for two more beats).`
      : legacy !== null
        ? `wait for the other command to finish. The lock file ${lockFile} was written by an earlier pg-autogen, which does not ` +
          `refresh it: it is taken over once it is ${minutes(legacy.staleAfterMs)} old (it is ${minutes(legacy.ageMs)} old now); if no ` +
          `pg-autogen process is running there, delete it.`
        : `wait for the other command to finish, or, if no other pg-autogen process is running, delete the stale lock file ${lockFile}.`;
  return new EmbeddedDatabaseBusyError(dataDir, lockFile, holder, remedy);
}

/** `90_000` -> `1.5 minutes`. */
function minutes(ms: number): string {
  const value = Math.round((ms / 60_000) * 10) / 10;
  return `${value} minute${value === 1 ? "" : "s"}`;
}
