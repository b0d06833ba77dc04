/**
 * An on-disk cache of TypeScript files compiled to CommonJS, so that a run whose entity, config and
 * migration files have not changed compiles nothing and never loads the `typescript` package.
 *
 * Where: `<nearest node_modules above the working directory>/.cache/pg-autogen/` (as babel-loader and
 * eslint do), else `<os temp dir>/pg-autogen-cache-<uid>/` when there is no such folder or it is not
 * writable. Key: sha256 of the cache format version, the compiler's identity (TypeScript and ts-node
 * versions, compiler options), the file's absolute path (the inline source map names it) and its bytes.
 * Each entry starts with a header holding the sha256 of its body, so a truncated or corrupt entry is
 * treated as a miss and rewritten. Writes go to a temporary file renamed into place, so a concurrent
 * reader sees either nothing or a whole entry. Beside each entry, `<key>.v8` holds V8's code cache for
 * it (see `run-compiled-module.ts`), behind a digest of its own. `AUTOGEN_NO_CACHE=1` turns the cache off.
 *
 * Compiled config files hold what the config holds (a database URL with its password), so the cache is
 * its owner's alone: the folder is 0700 (closed again when an older version left it open), every file is
 * written 0600, and a folder another user owns is never used (in the shared temp dir, whoever created
 * the folder first could otherwise hand this process compiled code).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { contentDigest } from "../cache/file-stamps";
import { PRIVATE_FILE } from "./cache-folder";

export { compileCacheDisabled, resolveCacheDirectory } from "./cache-folder";

/** Bumped whenever the stored format or the way outputs are produced changes. */
const CACHE_FORMAT_VERSION = "3";

const HEADER_PREFIX = "// pg-autogen-cache v" + CACHE_FORMAT_VERSION + " ";

function sha256(...parts: readonly (string | Buffer)[]): string {
  const hash = crypto.createHash("sha256");
  for (const part of parts) {
    hash.update(part);
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** A cache of compiled files in one directory, for one compiler identity. */
export class CompileCache {
  /**
   * @param directory where entries live (see `resolveCacheDirectory`).
   * @param compilerIdentity everything besides the file that decides the output: versions and options.
   */
  constructor(
    readonly directory: string,
    readonly compilerIdentity: string,
  ) {}

  /** The entry name for `file` with content `source`. */
  keyFor(file: string, source: Buffer): string {
    return this.keyForDigest(file, contentDigest(source));
  }

  /** `keyFor` from the source's `contentDigest`, for a file whose digest is known without reading it. */
  keyForDigest(file: string, sourceSha256: string): string {
    return sha256(CACHE_FORMAT_VERSION, this.compilerIdentity, file, sourceSha256);
  }

  private entryPath(key: string): string {
    return path.join(this.directory, `${key}.js`);
  }

  /** The stored output for `key`, or `undefined` when absent, unreadable or corrupt. */
  read(key: string): string | undefined {
    let text: string;
    try {
      text = fs.readFileSync(this.entryPath(key), "utf8");
    } catch {
      return undefined;
    }
    const newline = text.indexOf("\n");
    if (newline < 0 || !text.startsWith(HEADER_PREFIX)) return undefined;
    const body = text.slice(newline + 1);
    return text.slice(HEADER_PREFIX.length, newline) === sha256(body) ? body : undefined;
  }

  /** Stores `output` under `key` atomically; failures (read-only disk, full disk) are ignored. */
  write(key: string, output: string): void {
    writeAtomically(this.entryPath(key), `${HEADER_PREFIX}${sha256(output)}\n${output}`);
  }

  /**
   * The V8 code cache stored for the output under `key` (see `run-compiled-module.ts`), or `undefined`
   * when absent or damaged. Stored as the SHA-256 digest of the data followed by the data, so a damaged
   * file is never handed to V8.
   */
  readCodeCache(key: string): Buffer | undefined {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(this.codeCachePath(key));
    } catch {
      return undefined;
    }
    if (bytes.length <= DIGEST_BYTES) return undefined;
    const data = bytes.subarray(DIGEST_BYTES);
    const digest = crypto.createHash("sha256").update(data).digest();
    return digest.equals(bytes.subarray(0, DIGEST_BYTES)) ? data : undefined;
  }

  /** Stores V8's code cache for the output under `key`, atomically; failures are ignored. */
  writeCodeCache(key: string, data: Buffer): void {
    writeAtomically(this.codeCachePath(key), Buffer.concat([crypto.createHash("sha256").update(data).digest(), data]));
  }

  /** Where the pack of the set of files named `setName` lives (see module-pack.ts). */
  packPath(setName: string): string {
    return path.join(this.directory, `pack-${sha256(CACHE_FORMAT_VERSION, this.compilerIdentity, setName)}.bin`);
  }

  private codeCachePath(key: string): string {
    return path.join(this.directory, `${key}.v8`);
  }
}

const DIGEST_BYTES = 32;

/** Writes through a temporary file renamed into place, so readers see nothing or everything. */
function writeAtomically(target: string, content: string | Buffer): void {
  const temporary = `${target}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  try {
    writePrivateFile(temporary, content);
    fs.renameSync(temporary, target);
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing more to do: the entry is simply not cached.
    }
  }
}

/**
 * Writes `content` to a new file readable and writable by its owner only, whatever the umask (the mode
 * given to `open` is masked, so it is set again).
 */
export function writePrivateFile(file: string, content: string | Buffer): void {
  const fd = fs.openSync(file, "wx", PRIVATE_FILE);
  try {
    fs.fchmodSync(fd, PRIVATE_FILE);
    fs.writeFileSync(fd, content);
  } finally {
    fs.closeSync(fd);
  }
}

/** How long an entry may go unwritten before pruning removes it, and how often pruning looks. */
export interface PruneOptions {
  readonly maxAgeMs?: number;
  readonly everyMs?: number;
  readonly now?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Removes the cache entries, code caches and packs of `directory` not written for `maxAgeMs` (30 days),
 * and temporary files left by an interrupted write, at most once every `everyMs` (a day; the time of the
 * last pass is the mtime of `.pruned`). Without it the cache only grows: every edit of a file adds an
 * entry. A pack in use is touched when read (see `touch`), and anything removed that is still needed is
 * compiled again on the next run. Failures are ignored: pruning is housekeeping.
 */
export function pruneCompileCache(directory: string, options: PruneOptions = {}): void {
  const now = options.now ?? Date.now();
  const marker = path.join(directory, ".pruned");
  try {
    if (now - fs.statSync(marker).mtimeMs < (options.everyMs ?? DAY_MS)) return;
  } catch {
    // No marker yet: prune now.
  }
  try {
    for (const name of fs.readdirSync(directory)) {
      const temporary = name.endsWith(".tmp");
      if (!temporary && !/\.(js|v8|bin)$/.test(name)) continue;
      const file = path.join(directory, name);
      try {
        const age = now - fs.statSync(file).mtimeMs;
        if (age > (temporary ? DAY_MS : (options.maxAgeMs ?? 30 * DAY_MS))) fs.rmSync(file, { force: true });
      } catch {
        // Gone already, or not ours to remove.
      }
    }
    fs.writeFileSync(marker, "", { mode: PRIVATE_FILE });
    const seconds = now / 1000;
    fs.utimesSync(marker, seconds, seconds);
  } catch {
    // Unreadable or read-only directory: nothing to do.
  }
}

/** Marks `file` as used now, so that pruning keeps it. */
export function touch(file: string): void {
  try {
    const seconds = Date.now() / 1000;
    fs.utimesSync(file, seconds, seconds);
  } catch {
    // Absent or read-only: pruning may remove it, and it is then rebuilt.
  }
}
