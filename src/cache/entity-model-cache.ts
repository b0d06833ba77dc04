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
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Queryable } from "../db/database";
import type { SchemaModel } from "../model/schema-model";
import { compileCacheDisabled, resolveCacheDirectory } from "../loader/compile-cache";
import { prune, readJson, sha256, toolIdentity, writeJson } from "./cache-files";
import { catalogState } from "./introspection-cache";
import { recordBuild, recordChange, type GlobStamp, type LoadRecord } from "./load-record";

/** Bumped whenever an entry's format or meaning changes. */
const FORMAT = "entity-model-3";

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
export interface EntitySide<T> {
  readonly value: T;
  /** The warnings the build gave (mappings that disagree), given again on a hit. */
  readonly warnings: readonly string[];
}

interface RawEntry<T> {
  readonly format: string;
  /** Random, new with every build stored: names what this entry holds (see `identity`). */
  readonly id: string;
  readonly record: LoadRecord;
  readonly side: EntitySide<T>;
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
}

/**
 * The raw entity side from the cache when nothing it was built from changed, else from `build` (and
 * stored when its record is complete).
 *
 * @param build builds it, calling `warn` for each warning.
 * @param globsNow what the recorded globs match now (the entity loader's own matching).
 */
export async function cachedEntitySide<T>(
  cacheDir: string | null,
  key: RawKey,
  build: (warn: (warning: string) => void) => Promise<T>,
  globsNow: (glob: GlobStamp) => Promise<readonly string[]>,
): Promise<EntitySide<T> & { readonly cached: boolean; readonly identity: string | null }> {
  const warnings: string[] = [];
  if (cacheDir === null) {
    const value = await build((w) => warnings.push(w));
    return { value, warnings, cached: false, identity: null };
  }
  const file = path.join(
    cacheDir,
    `entity-model-${sha256(
      FORMAT,
      toolIdentity(),
      path.resolve(key.projectDir),
      JSON.stringify(key.source),
      projectPackageVersion("typeorm", key.projectDir) ?? "",
      projectPackageVersion("typescript", key.projectDir) ?? "",
    )}.json`,
  );
  const entry = readJson<RawEntry<T>>(file);
  if (entry !== null && entry.format === FORMAT && typeof entry.id === "string" && (await stillValid(entry.record, globsNow))) {
    return { ...entry.side, cached: true, identity: entry.id };
  }
  const { value, record } = await recordBuild(() => build((w) => warnings.push(w)), [cacheDir]);
  if (record === null) return { value, warnings, cached: false, identity: null };
  const id = crypto.randomBytes(16).toString("hex");
  const stored = writeJson(file, { format: FORMAT, id, record, side: { value, warnings } } satisfies RawEntry<T>);
  // One entry per project, set of entities and versions: those of older builds are dropped in time.
  prune(cacheDir, "entity-model-");
  return { value, warnings, cached: false, identity: stored ? id : null };
}

async function stillValid(record: LoadRecord, globsNow: (glob: GlobStamp) => Promise<readonly string[]>): Promise<boolean> {
  if (recordChange(record, process.env) !== null) return false;
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
 */
export async function cachedNormalisation(
  cacheDir: string | null,
  db: Queryable,
  raw: SchemaModel,
  normalise: () => Promise<SchemaModel>,
  state?: string,
): Promise<{ readonly model: SchemaModel; readonly cached: boolean }> {
  if (cacheDir === null) return { model: await normalise(), cached: false };
  const catalog = state ?? (await catalogState(db));
  const file = path.join(cacheDir, `normalised-${sha256(FORMAT, toolIdentity(), JSON.stringify(raw), catalog)}.json`);
  const stored = readJson<{ format: string; model: SchemaModel }>(file);
  if (stored !== null && stored.format === FORMAT) return { model: stored.model, cached: true };
  const model = await normalise();
  writeJson(file, { format: FORMAT, model });
  prune(cacheDir, "normalised-");
  return { model, cached: false };
}
