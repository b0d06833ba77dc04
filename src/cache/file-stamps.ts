/**
 * Stamps of the files a build read (src/cache/load-record.ts): a project file by the hash of its content,
 * an installed package's by size and modification time. A project file left alone for a while is also
 * given its status (size, mtime, ctime, inode), which stands for its content while it stays the same, as
 * Git's index does; a rebuild in the same process reuses the hashes an earlier record gave by status
 * (`rememberStatuses`), and the compiled-file cache finds outputs by the same digest (`knownDigest`).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** One file the build read. */
export interface FileStamp {
  readonly path: string;
  /** sha256 of the content (the project's files). */
  readonly sha256?: string;
  /** Size and mtime (files inside `node_modules`: a reinstall changes them). */
  readonly size?: number;
  readonly mtimeMs?: number;
  /**
   * A project file's status when its content had this `sha256`, given only when the file had been left
   * alone for a while before (see `settledStatus`): while the file's status is exactly this, its content
   * is not read again. Git's index works alike.
   */
  readonly status?: FileStatus;
}

/** What a file's status says of its content: any write changes ctime (which no program can set back). */
export interface FileStatus {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

/**
 * How long a file must have been left alone (its mtime and ctime this far in the past) before its status
 * stands for its content. A file written within this window could be written again within one tick of
 * its timestamps (a second on some file systems, a jiffy on others) with the same size, and look the
 * same ("racily clean" in Git's words); its content is read instead, until a later run records it.
 */
const SETTLED_MS = 3_000;

export function statusOf(stat: fs.Stats): FileStatus {
  return { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino };
}

export function sameStatus(a: FileStatus, b: FileStatus): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

/** `stat` as a status that may stand for the content: null while the file was written too recently. */
function settledStatus(stat: fs.Stats, now: number): FileStatus | undefined {
  return Math.max(stat.mtimeMs, stat.ctimeMs) < now - SETTLED_MS ? statusOf(stat) : undefined;
}

export const isInstalled = (file: string): boolean => file.split(path.sep).includes("node_modules");

/** The stamp of `file` now, or null when it cannot be read (gone). */
export function stampOf(file: string, installed = isInstalled(file), now: () => number = Date.now): FileStamp | null {
  return takeStamp(file, installed, now)?.stamp ?? null;
}

/** `stampOf`, with the file's status as the stamp was taken; null when the file cannot be read. */
export function takeStamp(file: string, installed: boolean, now: () => number): { readonly stamp: FileStamp; readonly stat: fs.Stats } | null {
  try {
    const stat = fs.statSync(file);
    return installed ? { stamp: { path: file, size: stat.size, mtimeMs: stat.mtimeMs }, stat } : projectStamp(file, stat, now);
  } catch {
    return null;
  }
}

/**
 * Project files whose content an earlier record gave by status (see `rememberStatuses`): path -> stamp.
 * A rebuild after one file of 1,000 was edited reads and hashes the other 999 (about 0.15 s) to stamp
 * them, and again to find their compiled outputs; while a file's status is still the recorded one, the
 * recorded hash is its content's.
 */
let remembered = new Map<string, FileStamp & { readonly status: FileStatus }>();

/**
 * Remembers the project files of `record` that it gives by status, for `knownDigest` and the stamps of
 * the next build in this process. Called with the record of the entry a rebuild replaces.
 */
export function rememberStatuses(record: { readonly files: readonly FileStamp[] }): void {
  for (const stamp of record.files) {
    if (stamp.sha256 !== undefined && stamp.status !== undefined) {
      remembered.set(stamp.path, stamp as FileStamp & { readonly status: FileStatus });
    }
  }
}

/** Forgets what `rememberStatuses` remembered (tests). */
export function forgetStatuses(): void {
  remembered = new Map();
}

/** The remembered stamp of `file` when its status `stat` is still the remembered one. */
function rememberedStamp(file: string, stat: fs.Stats): FileStamp | undefined {
  const known = remembered.get(file);
  return known !== undefined && sameStatus(known.status, statusOf(stat)) ? known : undefined;
}

/**
 * The sha256 of `file`'s content when an earlier record gave it by a status the file still has, without
 * reading it; `undefined` otherwise (the caller reads the file).
 */
export function knownDigest(file: string): string | undefined {
  if (!remembered.has(file)) return undefined;
  try {
    return rememberedStamp(file, fs.statSync(file))?.sha256;
  } catch {
    return undefined;
  }
}

/**
 * The digest a stamp gives a project file's content (`FileStamp.sha256`). The compiled-file cache keys
 * its entries by the same digest (src/loader/compile-cache.ts), so that a digest known from a record
 * (`knownDigest`) finds a file's compiled output without reading the file.
 */
export function contentDigest(bytes: Buffer): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

/** A project file's stamp: its content's hash, with its status once the file has settled. */
export function projectStamp(file: string, before: fs.Stats, now: () => number): { readonly stamp: FileStamp; readonly stat: fs.Stats } {
  const known = rememberedStamp(file, before);
  if (known !== undefined) return { stamp: known, stat: before };
  const sha256 = contentDigest(fs.readFileSync(file));
  // Read between two looks at the status: when they differ, the file was being written meanwhile.
  const after = fs.statSync(file);
  const status = sameStatus(statusOf(before), statusOf(after)) ? settledStatus(after, now()) : undefined;
  return { stamp: status === undefined ? { path: file, sha256 } : { path: file, sha256, status }, stat: after };
}
