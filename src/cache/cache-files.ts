/**
 * The files of the caches in src/cache: content-addressed names, written whole or not at all, the newest
 * few of each kind kept. Only caches: a file that cannot be read or written means building again.
 */
import { isAscii } from "node:buffer";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { writePrivateFile } from "../loader/compile-cache";

/** The hex sha256 of `parts`, each ended by a NUL so that no two lists give one text. */
export function sha256(...parts: readonly string[]): string {
  const hash = crypto.createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("hex");
}

let identity: string | undefined;

/** The tool itself: its version, and this build of it (a rebuilt dist/, or edited sources, rewrite this file). */
export function toolIdentity(): string {
  if (identity !== undefined) return identity;
  let version = "unknown";
  try {
    version = String((JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version?: unknown }).version);
  } catch {
    // Without a version the build stamp below still tells builds apart.
  }
  let build = "";
  try {
    const stat = fs.statSync(__filename);
    build = `${stat.size}:${stat.mtimeMs}`;
  } catch {
    // A bundled or virtual file: the version alone.
  }
  identity = `${version}@${build}`;
  return identity;
}

/**
 * `bytes` (UTF-8) as text. Entries are mostly ASCII, which decodes as Latin-1 with no work: Node 20 takes
 * 30 ms to read 3 MB of them with `readFileSync(file, "utf8")`, 15 ms to decode them as UTF-8 from a
 * buffer, 0.3 ms as Latin-1.
 */
export function decodeText(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
}

/** The parsed content of `file`, or null when it cannot be read or parsed. */
export function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(decodeText(fs.readFileSync(file))) as T;
  } catch {
    return null;
  }
}

/** Writes `value` as `file`, whole or not at all (a temporary file renamed into place); false when not. */
export function writeJson(file: string, value: unknown): boolean {
  return writeText(file, JSON.stringify(value));
}

/** Writes `text` as `file`, whole or not at all; false when not. */
export function writeText(file: string, text: string): boolean {
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  try {
    writePrivateFile(temporary, text);
    fs.renameSync(temporary, file);
    return true;
  } catch {
    fs.rmSync(temporary, { force: true });
    return false;
  }
}

/** Marks an entry used now, so that pruning keeps it. */
export function touch(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // Only a cache.
  }
}

/** Entries of one kind always kept in a cache directory: the newest, by modification time. */
const KEPT_ENTRIES = 8;

/**
 * Older entries of a kind are kept too while all of that kind's together take at most this many bytes,
 * and there are at most `MAX_ENTRIES` of them. Projects of a monorepo often share one hoisted
 * `node_modules/.cache`: with the newest 8 alone, a ninth project (or database, or entity set) evicted
 * another's entries on every run, and each run rebuilt what the last had stored.
 */
const KIND_BUDGET_BYTES = 64 * 1024 * 1024;
const MAX_ENTRIES = 64;

/**
 * Removes the files of `directory` whose names start with `prefix` (one kind of entry), but the newest
 * `KEPT_ENTRIES`, and after those the next newest while the kind stays within `KIND_BUDGET_BYTES` and
 * `MAX_ENTRIES`.
 */
export function prune(directory: string, prefix: string): void {
  try {
    const entries = fs
      .readdirSync(directory)
      .filter((name) => name.startsWith(prefix) && name.endsWith(".json"))
      .map((name) => {
        const stat = fs.statSync(path.join(directory, name));
        return { name, mtime: stat.mtimeMs, size: stat.size };
      })
      .sort((a, b) => b.mtime - a.mtime);
    let total = 0;
    for (const [i, entry] of entries.entries()) {
      total += entry.size;
      const kept = i < KEPT_ENTRIES || (i < MAX_ENTRIES && total <= KIND_BUDGET_BYTES);
      if (!kept) fs.rmSync(path.join(directory, entry.name), { force: true });
    }
  } catch {
    // Only a cache.
  }
}
