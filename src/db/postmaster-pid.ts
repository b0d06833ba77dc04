/**
 * A stale `postmaster.pid` in the project's data directory. After a crash that took the watchdog too (a
 * container killed), the file keeps the dead server's process number; once that number belongs to another
 * live process (a restarted container hands out the same small numbers), PostgreSQL refuses to start ("Is
 * another postmaster running?"). The file is deleted only when it is provably stale, else PostgreSQL's own
 * refusal stands (with what to do: embedded-postgres.ts):
 * - the caller holds the directory's lock (data-dir-lock.ts), so no other pg-autogen command, here or in
 *   another container, has a server on it (its servers never outlive it);
 * - the process is alive (a dead one PostgreSQL handles itself) and, read from /proc (Linux), is no
 *   PostgreSQL process (its name and command line do not mention postgres or postmaster);
 * - the shared memory segment the file names has no process attached, and the socket it names is gone.
 * Anything unreadable, or any other platform, counts as "maybe a server": the file stays.
 */
import fs from "node:fs";
import path from "node:path";

/** Deletes `<dataDir>/postmaster.pid` if it is provably stale (see above); true when it did. */
export function removeStalePostmasterPid(dataDir: string): boolean {
  const file = path.join(dataDir, "postmaster.pid");
  let lines: string[];
  try {
    lines = fs.readFileSync(file, "utf8").split("\n");
  } catch {
    return false;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (isPostgresOrUnknown(pid) || sharedMemoryMaybeInUse(lines[6]) || socketExists(lines[3], lines[4])) return false;
  fs.rmSync(file, { force: true });
  return true;
}

/** False only for a live process that /proc shows is not PostgreSQL. */
function isPostgresOrUnknown(pid: number): boolean {
  try {
    const name = fs.readFileSync(`/proc/${pid}/comm`, "utf8");
    const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return commandLine === "" || /postgres|postmaster/i.test(`${name}\n${commandLine}`);
  } catch {
    return true; // gone (PostgreSQL handles a dead one), hidden, or no /proc
  }
}

/** Line 7 of postmaster.pid is "<key> <shmid>": whether that segment may have processes attached. */
function sharedMemoryMaybeInUse(line: string | undefined): boolean {
  const shmid = line?.trim().split(/\s+/)[1];
  if (shmid === undefined) return false; // written before the segment existed
  try {
    const segments = fs.readFileSync("/proc/sysvipc/shm", "utf8").split("\n").slice(1);
    const segment = segments.map((l) => l.trim().split(/\s+/)).find((f) => f[1] === shmid);
    return segment !== undefined && Number(segment[6]) !== 0;
  } catch {
    return true;
  }
}

/** Lines 4 and 5 of postmaster.pid: the port and the socket directory. */
function socketExists(port: string | undefined, socketDir: string | undefined): boolean {
  if (!socketDir?.trim() || !port?.trim()) return false;
  return fs.existsSync(path.join(socketDir.trim(), `.s.PGSQL.${port.trim()}`));
}
