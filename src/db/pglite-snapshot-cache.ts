/**
 * A cached tarball of a freshly initialised PGlite cluster. Creating an in-memory database runs `initdb`
 * inside WASM (about 1.5-2.5 s); loading this snapshot with `loadDataDir` skips it (about 0.7-1 s), so
 * every shadow database after the first starts faster.
 *
 * The file is keyed by the PGlite version, written atomically (a unique temporary file renamed into
 * place) and only ever used from a directory that belongs to the current user and that nobody else can
 * write, because a snapshot is a whole database that would be trusted as empty. Every failure here
 * degrades to "no cache", never to an error.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { randomBytes } from "node:crypto";

/** Bump when the way the snapshot is produced changes. */
const FORMAT = 1;

/** The default cache directory: `<os temp dir>/pg-autogen-<uid>`. */
export function defaultSnapshotCacheDir(): string {
  const uid = typeof process.getuid === "function" ? process.getuid() : os.userInfo().username;
  return path.join(os.tmpdir(), `pg-autogen-${uid}`);
}

/** The snapshot's file name for the installed PGlite version, or null when the version is unknown. */
export function snapshotFileName(): string | null {
  const version = pgliteVersion();
  return version === null ? null : `pglite-${version}-fresh-v${FORMAT}.tar.gz`;
}

/**
 * Reads the cached snapshot as an uncompressed tarball, or null when there is none or it cannot be
 * trusted. The file is decompressed and checked here, not by PGlite: PGlite reports a corrupt archive
 * through an unhandled rejection, which would end the process. A corrupt file is deleted.
 */
export function readSnapshot(cacheDir: string): Blob | null {
  const file = snapshotPath(cacheDir);
  if (file === null || !isPrivateDirectory(cacheDir)) return null;
  let compressed: Buffer;
  try {
    compressed = fs.readFileSync(file);
  } catch {
    return null;
  }
  try {
    const tar = zlib.gunzipSync(compressed);
    if (tar.length < 1024 || tar.toString("latin1", 257, 262) !== "ustar") throw new Error("not a tar archive");
    return new Blob([tar], { type: "application/x-tar" });
  } catch {
    discardSnapshot(cacheDir);
    return null;
  }
}

/** Stores a snapshot atomically; errors are swallowed (the cache is an optimisation). */
export async function writeSnapshot(cacheDir: string, snapshot: Blob): Promise<void> {
  const file = snapshotPath(cacheDir);
  if (file === null) return;
  try {
    fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    if (!isPrivateDirectory(cacheDir)) return;
    const temporary = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      fs.writeFileSync(temporary, Buffer.from(await snapshot.arrayBuffer()), { flag: "wx", mode: 0o600 });
      fs.renameSync(temporary, file);
    } finally {
      fs.rmSync(temporary, { force: true });
    }
  } catch {
    // best effort
  }
}

/** Deletes the cached snapshot (after it failed to load). */
export function discardSnapshot(cacheDir: string): void {
  const file = snapshotPath(cacheDir);
  if (file === null) return;
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // best effort
  }
}

function snapshotPath(cacheDir: string): string | null {
  const name = snapshotFileName();
  return name === null ? null : path.join(cacheDir, name);
}

/** A real directory (not a symlink), owned by us, not writable by group or others. */
export function isPrivateDirectory(dir: string): boolean {
  try {
    const stat = fs.lstatSync(dir);
    if (!stat.isDirectory()) return false;
    if (typeof process.getuid !== "function") return true; // Windows: per-user temp directories
    return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

let cachedVersion: string | null | undefined;

/** The installed `@electric-sql/pglite` version, read from its package.json (not in its exports map). */
function pgliteVersion(): string | null {
  if (cachedVersion !== undefined) return cachedVersion;
  cachedVersion = null;
  try {
    let dir = path.dirname(require.resolve("@electric-sql/pglite"));
    for (let depth = 0; depth < 4; depth++, dir = path.dirname(dir)) {
      const manifest = path.join(dir, "package.json");
      if (!fs.existsSync(manifest)) continue;
      const parsed = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: unknown; version?: unknown };
      if (parsed.name === "@electric-sql/pglite" && typeof parsed.version === "string") {
        cachedVersion = parsed.version.replace(/[^0-9A-Za-z.+-]/g, "_");
        break;
      }
    }
  } catch {
    // unknown version: no cache
  }
  return cachedVersion;
}
