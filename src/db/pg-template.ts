/**
 * The ready snapshot of the embedded `postgres` engine: a data directory made by initdb once per user,
 * binaries version and format, kept in the private cache directory, and copied to make every new
 * cluster (the project's first `.autogen/pgdata`, every shadow database) instead of running initdb again
 * (initdb: 0.8 s and more; a copy: a tenth of that). The contrib extensions need no setup: they are files
 * of the binaries package that `CREATE EXTENSION` reads.
 *
 * The template is made in a temporary directory and renamed into place, and only used from a
 * directory that belongs to this user and that nobody else can write (a data directory is a whole
 * database that would be trusted as empty). A template without the marker file (a crash half-way) is
 * never used. A signal that ends the command while initdb runs (Ctrl-C, `docker stop`) stops initdb and
 * removes its temporary directory first; one left by a process killed outright (SIGKILL) is removed by a
 * later run that makes a template.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PgBinaries } from "./pg-binaries";
import { giveTo, type ServerUser } from "./pg-server-user";
import { isPrivateDirectory } from "./pglite-snapshot-cache";

/** Bump when the way the template is made changes (initdb options). */
const FORMAT = 2;
const MARKER = "autogen-template.json";

/** The superuser initdb creates, and the database the engine works in. */
export const SUPERUSER = "postgres";

/**
 * The initdb options every embedded cluster is made with. WAL segments of 1 MB instead of 16: the
 * first segment is a third of a new cluster's size, and every new cluster is a copy.
 */
export const INITDB_ARGS: readonly string[] = [
  "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions", "--wal-segsize=1",
];

/** The temporary directories initdb runs in: `<tmp>/pg-autogen-initdb-XXXXXX`. */
const WORK_PREFIX = "pg-autogen-initdb-";

/**
 * Age after which a work directory is abandoned: it lives while initdb runs and the template is copied
 * (seconds), so one this old belongs to a process killed outright.
 */
const ABANDONED_AFTER_MS = 10 * 60_000;

/** Signals that end the command, which must not leave initdb's work behind. */
const ENDING_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** Counts the initdb runs of this process (tests check that a cached template is reused). */
export const templateStats = { initdbRuns: 0 };

export class InitdbError extends Error {
  constructor(readonly output: string) {
    super(`initdb failed: ${output.trim().split("\n").slice(-5).join(" ")}`);
  }
}

/** The template's directory name for these binaries. */
export function templateName(bins: PgBinaries): string {
  return `postgres-${bins.version.replace(/[^0-9A-Za-z.+-]/g, "_")}-${process.platform}-${process.arch}-v${FORMAT}`;
}

/**
 * The path of a ready template for `bins`, made now if the cache has none. With `cacheDir` null (or
 * not private), initdb runs into a temporary directory that `dispose()` removes.
 */
export async function ensureTemplate(
  bins: PgBinaries,
  user: ServerUser,
  cacheDir: string | null,
): Promise<{ readonly dir: string; dispose(): void }> {
  const cached = cacheDir === null ? null : path.join(cacheDir, templateName(bins));
  if (cached !== null && isPrivateDirectory(cacheDir!) && fs.existsSync(path.join(cached, MARKER))) {
    return { dir: cached, dispose: () => undefined };
  }
  removeAbandonedWorkDirs(user);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), WORK_PREFIX));
  const data = path.join(work, "data");
  try {
    giveTo(user, work);
    await runInitdb(bins, user, data, work);
    fs.writeFileSync(path.join(data, MARKER), JSON.stringify({ version: bins.version, format: FORMAT }));
  } catch (error) {
    fs.rmSync(work, { recursive: true, force: true });
    throw error;
  }
  if (cached !== null) {
    try {
      fs.mkdirSync(cacheDir!, { recursive: true, mode: 0o700 });
      if (isPrivateDirectory(cacheDir!)) {
        fs.renameSync(data, cached);
        fs.rmSync(work, { recursive: true, force: true });
        return { dir: cached, dispose: () => undefined };
      }
    } catch {
      // Another process stored one first, or the cache is on another device: use ours this once.
    }
  }
  return { dir: data, dispose: () => fs.rmSync(work, { recursive: true, force: true }) };
}

/**
 * Makes `dest` (missing or empty) a copy of the template, owned by the server's account, mode 0700.
 * The marker file is left out: the copy is a cluster, not a template.
 */
export function copyTemplate(template: string, dest: string, user: ServerUser): void {
  fs.mkdirSync(dest, { recursive: true, mode: 0o700 });
  for (const entry of fs.readdirSync(template)) {
    if (entry === MARKER) continue;
    fs.cpSync(path.join(template, entry), path.join(dest, entry), { recursive: true });
  }
  fs.chmodSync(dest, 0o700);
  giveTo(user, dest);
}

/**
 * Runs initdb into `data`. A signal that would end this process while it runs stops initdb, removes
 * `work`, and then ends the process as the signal would have (unless someone else listens for it: then
 * this throws); this process exiting meanwhile removes `work` too.
 */
async function runInitdb(bins: PgBinaries, user: ServerUser, data: string, work: string): Promise<void> {
  templateStats.initdbRuns++;
  const initdb = path.join(bins.binDir, process.platform === "win32" ? "initdb.exe" : "initdb");
  const child = spawn(initdb, ["-D", data, ...INITDB_ARGS], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...bins.env, LC_ALL: "C" },
    ...(user.uid === undefined ? {} : { uid: user.uid, gid: user.gid }),
    cwd: os.tmpdir(),
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  let interrupted: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted ??= signal;
    child.kill("SIGTERM"); // initdb removes what it made, then exits
  };
  const onExit = (): void => {
    child.kill("SIGKILL");
    fs.rmSync(work, { recursive: true, force: true });
  };
  for (const signal of ENDING_SIGNALS) process.on(signal, onSignal);
  process.on("exit", onExit);
  let status: number | null;
  try {
    status = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code) => resolve(code));
    });
  } catch (error) {
    throw new InitdbError((error as Error).message);
  } finally {
    for (const signal of ENDING_SIGNALS) process.removeListener(signal, onSignal);
    process.removeListener("exit", onExit);
  }
  if (interrupted !== null) {
    fs.rmSync(work, { recursive: true, force: true });
    if (process.listenerCount(interrupted) === 0) process.kill(process.pid, interrupted);
    throw new InitdbError(`interrupted by ${interrupted}`);
  }
  if (status !== 0) throw new InitdbError(output);
}

/**
 * Removes work directories of this user (or of the server's account) older than ABANDONED_AFTER_MS: left
 * by a process killed outright while initdb ran, half-made or whole, and never used by anything.
 */
function removeAbandonedWorkDirs(user: ServerUser): void {
  const tmp = os.tmpdir();
  const owners = new Set([process.getuid?.(), user.uid].filter((uid) => uid !== undefined));
  let names: string[];
  try {
    names = fs.readdirSync(tmp).filter((name) => name.startsWith(WORK_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = path.join(tmp, name);
    const stat = fs.lstatSync(dir, { throwIfNoEntry: false });
    if (stat === undefined || !stat.isDirectory() || !owners.has(stat.uid)) continue;
    if (Date.now() - stat.mtimeMs > ABANDONED_AFTER_MS) fs.rmSync(dir, { recursive: true, force: true });
  }
}
