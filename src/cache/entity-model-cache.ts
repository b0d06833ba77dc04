/**
 * The incremental entity side: when nothing the entity side was built from changed, its model comes from
 * disk and no entity module is loaded (and TypeORM is not even required).
 *
 * Two entries, in the compile cache's folder (its owner's alone: 0700, files 0600; see
 * src/loader/compile-cache.ts), both off with `AUTOGEN_NO_CACHE=1`:
 * - **the raw entity model** (names limited as PostgreSQL keeps them, with the warnings about mappings
 *   that disagree), keyed by the tool (version and build), the project folder, the entity source (globs
 *   or DataSource module), and the project's TypeORM and TypeScript versions; valid while everything its
 *   build read is unchanged (src/cache/load-record.ts: every module file, every file read, every
 *   environment variable looked up, what every glob matched). A build whose record is incomplete is not
 *   stored.
 * - **the normalised model** (what Postgres printed of it), content-addressed: the raw model and the
 *   catalog state (src/cache/introspection-cache.ts: every user row of the catalogs the printing can
 *   depend on by row version, the server, the role, the database), which also decides the database as
 *   introspected.
 */
import fs from "node:fs";
import path from "node:path";
import type { Queryable } from "../db/database";
import type { SchemaModel, TableDef } from "../model/schema-model";
import { compileCacheDisabled, resolveCacheDirectory } from "../loader/compile-cache";
import { decodeText, prune, readJson, sha256, toolIdentity, writeJson, writeText } from "./cache-files";
import { catalogState } from "./introspection-cache";
import { rememberStatuses } from "./file-stamps";
import { changedProjectFiles, checkRecord, recordBuild, type GlobStamp, type LoadRecord } from "./load-record";

/** Bumped whenever an entry's format or meaning changes. */
const FORMAT = "entity-model-8";

/** A package's version as the project resolves it, without loading it; null when it has none. */
function projectPackageVersion(name: string, projectDir: string): string | null {
  try {
    const main = require.resolve(name, { paths: [projectDir] });
    let dir = path.dirname(main);
    for (;;) {
      const manifest = path.join(dir, "package.json");
      if (fs.existsSync(manifest)) {
        const parsed = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: unknown; version?: unknown };
        if (parsed.name === name) return `${String(parsed.version)}@${dir}`;
      }
      const parent = path.dirname(dir);
      if (parent === dir) return null;
      dir = parent;
    }
  } catch {
    return null;
  }
}

/** The raw entity side as stored. */
export interface EntitySide<T, S> {
  /** The value; from the cache, parsed when first read (a check whose answer is remembered never does). */
  readonly value: T;
  /** What `summarise` said of the value: stored beside it, read without parsing the value. */
  readonly summary: S;
  /** The warnings the build gave (mappings that disagree), given again on a hit. */
  readonly warnings: readonly string[];
}

/**
 * An entry is two lines: this head, then the value's JSON (JSON text never holds a raw line break), so
 * that the head is checked without parsing the value.
 */
interface EntryHead<S> {
  readonly format: string;
  /**
   * The value's content hash (`identity`): two builds that give the same value (an edit to a comment, to
   * a file the model does not depend on) have the same id, so what was remembered about one holds for
   * the other (src/cache/up-to-date-cache.ts).
   */
  readonly id: string;
  readonly record: LoadRecord;
  readonly summary: S;
  readonly warnings: readonly string[];
  /** The length of the value's JSON in bytes: an entry cut short is no entry. */
  readonly valueLength: number;
}

/** The entry's text: its head and its value's JSON. */
function entryText<S>(head: EntryHead<S>, valueJson: string | Buffer): string {
  return `${JSON.stringify(head)}\n${valueJson.toString()}`;
}

/**
 * The entry in `file` (its value still as bytes: decoding 3 MB of UTF-8 alone took 30 ms), or null when
 * there is none in this format.
 */
function readEntry<S>(file: string): { readonly head: EntryHead<S>; readonly value: Buffer } | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return null;
  }
  const end = bytes.indexOf(0x0a);
  if (end < 0) return null;
  try {
    const head = JSON.parse(decodeText(bytes.subarray(0, end))) as EntryHead<S>;
    const value = bytes.subarray(end + 1);
    if (head.format !== FORMAT || typeof head.id !== "string" || head.valueLength !== value.length) return null;
    return { head, value };
  } catch {
    return null;
  }
}

/** Where the cache lives for a project, or null when it is off or has nowhere to go. */
export function entityCacheDirectory(projectDir: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (compileCacheDisabled(env)) return null;
  return resolveCacheDirectory(projectDir) ?? null;
}

/** What decides the raw entity side besides the files it reads. */
export interface RawKey {
  readonly projectDir: string;
  /** The entity source as configured: globs or the DataSource module. */
  readonly source: unknown;
  /** Where entities without a schema go (src/api/default-schema.ts), when the caller decides it. */
  readonly defaultSchema?: string;
}

/**
 * A value built by running the project's own code (the raw entity side; the revision graph, from the
 * migration files) from the cache when nothing it was built from changed, else from `build` (and stored
 * when its record is complete, see src/cache/load-record.ts).
 *
 * @param build builds it, calling `warn` for each warning.
 * @param summarise what a caller needs of the value before it knows whether it needs the value.
 * @param globsNow what the recorded globs match now (the entity loader's own matching).
 * @param options.prepare loads what `build` needs of the tool itself, when it is to run.
 * @param options.ahead hears, when a build replaces an entry, the project files whose content changed
 *   since (with it), before the build runs: to start compiling them (`compileModulesAhead`).
 * @param options.prefix names the kind of entry (`entity-model-`; `revisions-` for the revision graph).
 */
export async function cachedProjectBuild<T, S>(
  cacheDir: string | null,
  key: RawKey,
  build: (warn: (warning: string) => void) => Promise<T>,
  summarise: (value: T) => S,
  globsNow: (glob: GlobStamp) => Promise<readonly string[]>,
  options: {
    readonly prepare?: () => Promise<unknown>;
    readonly prefix?: string;
    readonly ahead?: (files: readonly { readonly file: string; readonly source: string }[]) => Promise<void>;
  } = {},
): Promise<EntitySide<T, S> & { readonly cached: boolean; readonly identity: string | null }> {
  const warnings: string[] = [];
  if (cacheDir === null) {
    const value = await build((w) => warnings.push(w));
    return { value, summary: summarise(value), warnings, cached: false, identity: null };
  }
  const file = path.join(
    cacheDir,
    `${options.prefix ?? "entity-model-"}${sha256(
      FORMAT,
      toolIdentity(),
      path.resolve(key.projectDir),
      JSON.stringify(key.source),
      key.defaultSchema ?? "",
      projectPackageVersion("typeorm", key.projectDir) ?? "",
      projectPackageVersion("typescript", key.projectDir) ?? "",
    )}.json`,
  );
  const entry = readEntry<S>(file);
  if (entry !== null) {
    const { head, value: valueBytes } = entry;
    const { change, refreshed } = checkRecord(head.record, process.env);
    if (change === null && (await sameGlobs(head.record, globsNow))) {
      // Files whose content had to be read are recorded by status now; same id: the same value.
      if (refreshed !== null) writeText(file, entryText({ ...head, record: refreshed }, valueBytes));
      let value: T | undefined;
      return {
        get value(): T {
          value ??= JSON.parse(decodeText(valueBytes)) as T;
          return value;
        },
        summary: head.summary,
        warnings: head.warnings,
        cached: true,
        identity: head.id,
      };
    }
  }
  // What the entry being replaced knows of its files by status stays true of those a change did not
  // touch: the rebuild need not read them again (src/cache/load-record.ts).
  if (entry !== null) {
    rememberStatuses(entry.head.record);
    const changed = options.ahead === undefined ? [] : changedProjectFiles(entry.head.record);
    if (changed.length > 0) await options.ahead!(changed);
  }
  // The tool's own modules the build needs are loaded before the recording starts: they are not the
  // project's, and loaded inside it they made every build of 1,000 entities 80 ms slower.
  await options.prepare?.();
  const { value, record } = await recordBuild(() => build((w) => warnings.push(w)), [cacheDir]);
  const summary = summarise(value);
  const valueJson = JSON.stringify(value);
  // Content-addressed: right for this value whether or not it can be stored.
  const id = sha256(FORMAT, valueJson);
  if (record === null) return { value, summary, warnings, cached: false, identity: id };
  const head: EntryHead<S> = { format: FORMAT, id, record, summary, warnings, valueLength: Buffer.byteLength(valueJson) };
  writeText(file, entryText(head, valueJson));
  // One entry per project, set of entities and versions: those of older builds are dropped in time.
  prune(cacheDir, options.prefix ?? "entity-model-");
  return { value, summary, warnings, cached: false, identity: id };
}

async function sameGlobs(record: LoadRecord, globsNow: (glob: GlobStamp) => Promise<readonly string[]>): Promise<boolean> {
  for (const glob of record.globs) {
    const files = await globsNow(glob);
    if (files.length !== glob.files.length || files.some((f, i) => f !== glob.files[i])) return false;
  }
  return true;
}

/**
 * The normalised entity model from the cache, or from `normalise` (then stored). Content-addressed: the
 * raw model and the catalog state (`state` when the caller has just read it) make the key, so an entry
 * is never stale, only unused.
 *
 * On a miss, tables normalised before under the same catalog state and the same everything-but-tables
 * (extensions, enums, schemas: what Postgres's printing of a table can depend on besides the table) are
 * taken from a memo of tables, and only the others are given to `normalise`, with every view: after one
 * entity of 1,000 was edited, Postgres prints one table instead of 1,000 (0.4-0.5 s of server time).
 * What `normaliseModel` prints of a table depends on that table and that context only (its scratch
 * objects are built from them; how they are packed together does not change the printing, see
 * tests/normalise/normalise-fast-path.test.ts), so the result is the same as normalising the whole model
 * (tests/normalise/incremental-normalisation.test.ts).
 *
 * @param normalise normalises the model it is given (the whole raw model, or it less the remembered tables).
 */
export async function cachedNormalisation(
  cacheDir: string | null,
  db: Queryable,
  raw: SchemaModel,
  normalise: (model: SchemaModel) => Promise<SchemaModel>,
  state?: string,
): Promise<{ readonly model: SchemaModel; readonly cached: boolean; readonly tablesReused?: number }> {
  if (cacheDir === null) return { model: await normalise(raw), cached: false };
  const catalog = state ?? (await catalogState(db));
  const file = path.join(cacheDir, `normalised-${sha256(FORMAT, toolIdentity(), JSON.stringify(raw), catalog)}.json`);
  const stored = readJson<{ format: string; model: SchemaModel }>(file);
  if (stored !== null && stored.format === FORMAT) return { model: stored.model, cached: true };
  const { model, tablesReused } = await normaliseWithMemo(cacheDir, catalog, raw, normalise);
  writeJson(file, { format: FORMAT, model });
  prune(cacheDir, "normalised-");
  return { model, cached: false, tablesReused };
}

/** The memo of normalised tables: one file per catalog state and context, holding the last model's tables. */
interface TableMemo {
  readonly format: string;
  /** `tableMemoKey` -> the table as Postgres printed it. */
  readonly tables: Readonly<Record<string, TableDef>>;
}

const TABLE_MEMO_PREFIX = "table-memo-";

/** A table's memo key: its key in the model and its raw definition. */
function tableMemoKey(key: string, table: TableDef): string {
  return sha256(key, JSON.stringify(table));
}

async function normaliseWithMemo(
  cacheDir: string,
  catalog: string,
  raw: SchemaModel,
  normalise: (model: SchemaModel) => Promise<SchemaModel>,
): Promise<{ readonly model: SchemaModel; readonly tablesReused: number }> {
  const { tables, views, ...context } = raw;
  const memoFile = path.join(cacheDir, `${TABLE_MEMO_PREFIX}${sha256(FORMAT, toolIdentity(), catalog, JSON.stringify(context))}.json`);
  const memo = readJson<TableMemo>(memoFile);
  const remembered = memo !== null && memo.format === FORMAT ? memo.tables : {};
  const known = new Map<string, TableDef>();
  const unknown: Record<string, TableDef> = {};
  const memoKeys = new Map<string, string>();
  for (const [key, table] of Object.entries(tables)) {
    const memoKey = tableMemoKey(key, table);
    memoKeys.set(key, memoKey);
    const done = remembered[memoKey];
    if (done !== undefined) known.set(key, done);
    else unknown[key] = table;
  }
  const normalised = await normalise(known.size === 0 ? raw : { ...raw, tables: unknown });
  // In the raw model's order, as normalising it whole gives them.
  const merged: Record<string, TableDef> = {};
  for (const key of Object.keys(tables)) merged[key] = known.get(key) ?? normalised.tables[key]!;
  const model = known.size === 0 ? normalised : { ...normalised, tables: merged };
  const next: Record<string, TableDef> = {};
  for (const [key, memoKey] of memoKeys) next[memoKey] = merged[key]!;
  writeJson(memoFile, { format: FORMAT, tables: next } satisfies TableMemo);
  prune(cacheDir, TABLE_MEMO_PREFIX);
  return { model, tablesReused: known.size };
}
