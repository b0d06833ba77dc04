/**
 * Who runs the embedded PostgreSQL server. PostgreSQL refuses to run as root, so a root process (a
 * container, CI) runs the server binaries as the `postgres` account (spawned with its uid and gid), and
 * hands it the directories it needs; any other user runs them as itself.
 */
import fs from "node:fs";
import path from "node:path";

export interface ServerUser {
  /** The account name, for messages. */
  readonly name: string;
  /** Set when the server runs as another account than this process (this process is root). */
  readonly uid?: number;
  readonly gid?: number;
}

/** The server's account, or why there is none. */
export type ServerUserLookup = { readonly user: ServerUser } | { readonly missing: string };

const SERVER_ACCOUNT = "postgres";

/** The account the server binaries run as. */
export function serverUser(): ServerUserLookup {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) {
    return { user: { name: currentUserName() } };
  }
  const entry = readPasswd().find((e) => e.name === SERVER_ACCOUNT);
  if (entry === undefined) {
    return {
      missing:
        `this process runs as root, which PostgreSQL refuses, and there is no "${SERVER_ACCOUNT}" account ` +
        `to run the server as (create one, e.g. useradd --system ${SERVER_ACCOUNT}, or run as another user)`,
    };
  }
  return { user: { name: SERVER_ACCOUNT, uid: entry.uid, gid: entry.gid } };
}

/**
 * Gives `target` (and everything in it) to the server's account when it is not this process's. A
 * `target` that is a symbolic link (a `.autogen/pgdata` the user put on another disk) gives the
 * directory it points to; links inside are given as links.
 */
export function giveTo(user: ServerUser, target: string): void {
  if (user.uid === undefined || user.gid === undefined) return;
  const walk = (p: string): void => {
    fs.lchownSync(p, user.uid!, user.gid!);
    if (fs.lstatSync(p).isDirectory()) for (const entry of fs.readdirSync(p)) walk(path.join(p, entry));
  };
  walk(fs.realpathSync(target));
}

/**
 * Null when the server's account can reach into `dir` (search permission on it and every ancestor), else
 * the first directory in the way. Always null when the server runs as this process.
 */
export function unreachableFor(user: ServerUser, dir: string): string | null {
  if (user.uid === undefined || user.gid === undefined) return null;
  const absolute = path.resolve(dir);
  const chain: string[] = [];
  for (let d = absolute; ; d = path.dirname(d)) {
    chain.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of chain) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(d);
    } catch {
      return d;
    }
    const needed = 0o1;
    const bits = stat.uid === user.uid ? (stat.mode >> 6) & 7 : stat.gid === user.gid ? (stat.mode >> 3) & 7 : stat.mode & 7;
    if ((bits & needed) !== needed) return d;
  }
  return null;
}

function currentUserName(): string {
  try {
    return require("node:os").userInfo().username as string;
  } catch {
    return "this user";
  }
}

function readPasswd(): Array<{ name: string; uid: number; gid: number }> {
  try {
    return fs
      .readFileSync("/etc/passwd", "utf8")
      .split("\n")
      .map((line) => line.split(":"))
      .filter((f) => f.length >= 4)
      .map((f) => ({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]) }))
      .filter((e) => Number.isInteger(e.uid) && Number.isInteger(e.gid));
  } catch {
    return [];
  }
}
