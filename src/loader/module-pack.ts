/**
 * One file holding the compiled outputs and V8 code caches of a set of modules that load together (the
 * files an entity glob selects), as v8-compile-cache keeps one blob per program. Measured here: writing
 * 2,000 small cache files (an output and a code cache per entity) took 1.2 s, one file of the same
 * 17 MB 15 ms; reading one file is likewise cheaper than 2,000.
 *
 * Layout: a header line `pg-autogen-pack 2 <sha1 of the rest> <index length>`, a JSON index of
 * `[key, output bytes, code cache bytes]`, then the outputs and code caches end to end. A pack whose
 * digest or lengths do not match is ignored whole. Written (0600, as every cache file) through a
 * temporary file renamed into place, so a concurrent reader sees the old pack or the new one.
 *
 * Beside each pack, a **delta** pack holds the entries a run added or changed (`storePack`): after one
 * entity file is edited, the run writes that file's entry (a few kB) instead of the whole pack again
 * (16 MB for 1,000 bench entities: about 0.2 s of CPU and as many fresh pages, in a run that wants to
 * take under a second). The pack is rewritten whole once the delta and the entries it no longer needs
 * pass an eighth of it. Keys are content-addressed (the compile cache's keys), so any pack and delta
 * read together are right, whichever processes wrote them.
 */
import { isAscii } from "node:buffer";
import crypto from "node:crypto";
import fs from "node:fs";
import { writePrivateFile } from "./compile-cache";

export interface PackEntry {
  /** The compiled JavaScript. */
  readonly output: string;
  /** V8's code cache for it, once a run has made one. */
  readonly codeCache: Buffer | undefined;
}

const MAGIC = "pg-autogen-pack 2";

/**
 * The digest that tells a damaged pack: SHA-1, which finds accidental damage as well as SHA-256 does (no
 * one gains by forging the cache of their own project) and reads the 16 MB pack of 1,000 bench entities
 * in 9 ms instead of 32 ms on every rebuild.
 */
const digestOf = (bytes: Buffer): string => crypto.createHash("sha1").update(bytes).digest("hex");

type IndexRow = [key: string, outputBytes: number, codeCacheBytes: number];

/** The entries of the pack at `file`, or an empty map when it is absent, unreadable or damaged. */
export function readModulePack(file: string): Map<string, PackEntry> {
  const entries = new Map<string, PackEntry>();
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return entries;
  }
  const newline = bytes.indexOf(10);
  if (newline < 0) return entries;
  const [magic, version, digest, indexLength] = bytes.subarray(0, newline).toString("latin1").split(" ");
  if (`${magic} ${version}` !== MAGIC || !digest || !indexLength) return entries;
  const rest = bytes.subarray(newline + 1);
  if (digestOf(rest) !== digest) return entries;
  let index: IndexRow[];
  try {
    index = JSON.parse(rest.subarray(0, Number(indexLength)).toString("utf8")) as IndexRow[];
  } catch {
    return entries;
  }
  let offset = Number(indexLength);
  for (const [key, outputBytes, codeCacheBytes] of index) {
    const outputEnd = offset + outputBytes;
    // Compiled TypeScript is nearly always ASCII: then Latin-1 gives the same string without decoding.
    const output = rest.toString(isAscii(rest.subarray(offset, outputEnd)) ? "latin1" : "utf8", offset, outputEnd);
    offset = outputEnd;
    // A view, not a copy: the pack's buffer lives as long as its entries, which is while the set loads
    // (copying 9 MB of code caches for 1,000 entities cost about 30 ms and as many fresh pages).
    const codeCache = codeCacheBytes > 0 ? rest.subarray(offset, offset + codeCacheBytes) : undefined;
    offset += codeCacheBytes;
    entries.set(key, { output, codeCache });
  }
  return offset === rest.length ? entries : new Map();
}

/** Writes `entries` as the pack at `file`, atomically; failures (read-only or full disk) are ignored. */
export function writeModulePack(file: string, entries: ReadonlyMap<string, PackEntry>): void {
  const index: IndexRow[] = [];
  const blobs: Buffer[] = [];
  for (const [key, { output, codeCache }] of entries) {
    const outputBytes = Buffer.from(output, "utf8");
    index.push([key, outputBytes.length, codeCache?.length ?? 0]);
    blobs.push(outputBytes);
    if (codeCache) blobs.push(codeCache);
  }
  const indexBytes = Buffer.from(JSON.stringify(index), "utf8");
  const rest = Buffer.concat([indexBytes, ...blobs]);
  const digest = digestOf(rest);
  const header = Buffer.from(`${MAGIC} ${digest} ${indexBytes.length}\n`, "latin1");
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
  try {
    writePrivateFile(temporary, Buffer.concat([header, rest]));
    fs.renameSync(temporary, file);
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing more to do: the pack is simply not written.
    }
  }
}

/** The delta pack beside the pack at `file` (packs are named `*.bin`). */
export function deltaPackPath(file: string): string {
  return file.replace(/(\.bin)?$/, ".delta.bin");
}

/** A pack and its delta as read from disk. */
export interface StoredPack {
  readonly base: ReadonlyMap<string, PackEntry>;
  readonly delta: ReadonlyMap<string, PackEntry>;
}

/** The pack at `file` and its delta; `entries` is both, the delta's entries replacing the pack's. */
export function readStoredPack(file: string): StoredPack & { readonly entries: ReadonlyMap<string, PackEntry> } {
  const base = readModulePack(file);
  const delta = readModulePack(deltaPackPath(file));
  const entries = new Map(base);
  for (const [key, entry] of delta) entries.set(key, entry);
  return { base, delta, entries };
}

/** Below this many entries, a delta is always small enough. */
const SMALL_DELTA = 16;

/**
 * Stores `entries` (the set's entries now: those read from `onDisk`, as read, and new ones) as the pack at
 * `file` and its delta, writing as little as it can: nothing when `onDisk` already holds them, else a
 * delta of the entries the pack lacks or holds otherwise, else (the delta and the pack's unused entries
 * past an eighth of the pack, or no pack yet) the whole pack, removing the delta. Entries are compared by
 * identity: one taken from `onDisk` is unchanged.
 *
 * @returns what it wrote.
 */
export function storePack(
  file: string,
  entries: ReadonlyMap<string, PackEntry>,
  onDisk: StoredPack,
): "nothing" | "delta" | "pack" {
  const changed = new Map([...entries].filter(([key, entry]) => onDisk.base.get(key) !== entry));
  const unused = [...onDisk.base.keys()].filter((key) => !entries.has(key)).length;
  const deltaFile = deltaPackPath(file);
  if (onDisk.base.size === 0 || changed.size + unused > Math.max(SMALL_DELTA, onDisk.base.size / 8)) {
    if (entries.size === 0 && onDisk.base.size === 0) return "nothing";
    writeModulePack(file, entries);
    removeFile(deltaFile);
    return "pack";
  }
  const sameDelta =
    changed.size === onDisk.delta.size && [...changed].every(([key, entry]) => onDisk.delta.get(key) === entry);
  if (sameDelta) return "nothing";
  if (changed.size === 0) removeFile(deltaFile);
  else writeModulePack(deltaFile, changed);
  return "delta";
}

function removeFile(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // A delta left behind holds entries that are still right (content-addressed).
  }
}
