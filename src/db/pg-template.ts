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
 * never used.
 */
import { spawnSync } from "node:child_process";
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
export function ensureTemplate(
  bins: PgBinaries,
  user: ServerUser,
  cacheDir: string | null,
): { readonly dir: string; dispose(): void } {
  const cached = cacheDir === null ? null : path.join(cacheDir, templateName(bins));
  if (cached !== null && isPrivateDirectory(cacheDir!) && fs.existsSync(path.join(cached, MARKER))) {
    return { dir: cached, dispose: () => undefined };
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pg-autogen-initdb-"));
  const data = path.join(work, "data");
  try {
    giveTo(user, work);
    runInitdb(bins, user, data);
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

function runInitdb(bins: PgBinaries, user: ServerUser, data: string): void {
  templateStats.initdbRuns++;
  const initdb = path.join(bins.binDir, process.platform === "win32" ? "initdb.exe" : "initdb");
  const r = spawnSync(initdb, ["-D", data, ...INITDB_ARGS], {
    encoding: "utf8",
    env: { ...process.env, ...bins.env, LC_ALL: "C" },
    ...(user.uid === undefined ? {} : { uid: user.uid, gid: user.gid }),
    cwd: os.tmpdir(),
  });
  if (r.error) throw new InitdbError(r.error.message);
  if (r.status !== 0) throw new InitdbError(`${r.stdout ?? ""}${r.stderr ?? ""}`);
}
