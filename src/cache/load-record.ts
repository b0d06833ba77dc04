/**
 * What building the entity side read, recorded while it runs, so that a later run can tell whether the
 * same build would give the same model without running it: every module file Node loaded for it (the
 * project's files by content, installed packages' by size and modification time), every file read with
 * `fs.readFileSync` / `fs.promises.readFile`, every environment variable looked up (with its value, or
 * its absence), and what each entity glob matched.
 *
 * The record is **complete** only when every module of the build was loaded fresh by Node's own loader in
 * this window: a module loaded before (a second build in one process) or through another module system
 * (jest, a real `import()` of an ES module) hides what it imports, and the environment must not have been
 * enumerated. An incomplete record is never stored (src/cache/entity-model-cache.ts), so the cache is
 * off rather than wrong.
 */
import fs from "node:fs";
import Module from "node:module";
import path from "node:path";
import { contentDigest, isInstalled, projectStamp, sameStatus, statusOf, takeStamp, type FileStamp } from "./file-stamps";

/** What one glob matched: the files, sorted. */
export interface GlobStamp {
  readonly cwd: string;
  readonly patterns: readonly string[];
  readonly files: readonly string[];
}

export interface LoadRecord {
  readonly files: readonly FileStamp[];
  /** Each variable looked up, with its value then (null: unset). */
  readonly env: Readonly<Record<string, string | null>>;
  readonly globs: readonly GlobStamp[];
}

/** A recording in progress. */
interface Recording {
  readonly modulesBefore: ReadonlySet<string>;
  readonly read: Set<string>;
  readonly env: Map<string, string | null>;
  /** Variables the build set itself (dotenv): what it reads of them afterwards is its own doing. */
  readonly written: Set<string>;
  readonly globs: GlobStamp[];
  /** Files that must be loaded fresh in this window for the record to be complete. */
  readonly required: Set<string>;
  incomplete: string | null;
}

let current: Recording | null = null;

type ModuleCache = Record<string, unknown>;
const moduleCache = (): ModuleCache => (Module as unknown as { _cache: ModuleCache })._cache;

/** Notes what a glob matched (called by the entity loader; nothing when not recording). */
export function noteGlob(cwd: string, patterns: readonly string[], files: readonly string[]): void {
  current?.globs.push({ cwd, patterns: [...patterns], files: [...files] });
}

/**
 * Notes modules the build loads and that must appear in Node's module cache as loaded in this window
 * (the entity files, the DataSource module). Otherwise the record is incomplete.
 */
export function noteRequiredModules(files: readonly string[]): void {
  if (current === null) return;
  for (const file of files) current.required.add(path.resolve(file));
}

/** Marks the recording incomplete (an ES module imported: its imports are not seen), with the reason. */
export function noteIncomplete(reason: string): void {
  if (current !== null && current.incomplete === null) current.incomplete = reason;
}

function newRecording(): Recording {
  return {
    modulesBefore: new Set(Object.keys(moduleCache())),
    read: new Set(),
    env: new Map(),
    written: new Set(),
    globs: [],
    required: new Set(),
    incomplete: null,
  };
}

/** Runs `work` with `recording` as the current one, what it reads instrumented; the modules it loaded. */
async function recordWhile<T>(recording: Recording, ignoreUnder: readonly string[], work: () => Promise<T>): Promise<{ value: T; loaded: string[] }> {
  const restore = instrument(recording, ignoreUnder);
  current = recording;
  try {
    const value = await work();
    return { value, loaded: Object.keys(moduleCache()).filter((file) => !recording.modulesBefore.has(file)) };
  } finally {
    current = null;
    restore();
  }
}

/** Modules a build needs that were loaded before it, with what loading them read (see `recordPreload`). */
interface Preload {
  readonly recording: Recording;
  readonly loaded: ReadonlySet<string>;
  readonly started: number;
}

const preloads: Preload[] = [];

/**
 * Runs `load`, which loads modules a later build of this process needs (the DataSource module, loaded for
 * its connection settings before the entities are built), recording what it reads as `recordBuild` does.
 * The build that finds those modules already loaded takes this record into its own, instead of being
 * incomplete. Inside a build's window, `load` simply runs: what it loads is the build's.
 */
export async function recordPreload<T>(load: () => Promise<T>, ignoreUnder: readonly string[], now: () => number = Date.now): Promise<T> {
  if (current !== null) return load();
  const recording = newRecording();
  const started = now();
  const { value, loaded } = await recordWhile(recording, ignoreUnder, load);
  preloads.push({ recording, loaded: new Set(loaded), started });
  return value;
}

/** Takes `preload`'s record into `recording`: what was read, the variables looked up, the globs. */
function absorb(recording: Recording, preload: Recording): void {
  for (const file of preload.read) recording.read.add(file);
  for (const [name, value] of preload.env) if (!recording.env.has(name) && !recording.written.has(name)) recording.env.set(name, value);
  recording.globs.push(...preload.globs);
  recording.incomplete ??= preload.incomplete;
}

/**
 * Runs `build` while recording what it reads. Returns its value and the record, or a null record with the
 * reason when it is incomplete. One recording at a time: a nested or concurrent one is incomplete. A
 * module it needs that `recordPreload` loaded earlier counts as loaded in this window, with what loading
 * it read (once: a second build finds it loaded before).
 *
 * @param ignoreUnder folders whose reads are not part of the build (the tool's own caches).
 * @param now the clock that decides whether a file has settled (tests move it on).
 */
export async function recordBuild<T>(
  build: () => Promise<T>,
  ignoreUnder: readonly string[],
  now: () => number = Date.now,
): Promise<{ readonly value: T; readonly record: LoadRecord | null; readonly incomplete: string | null }> {
  if (current !== null) {
    noteIncomplete("another build was recording");
    return { value: await build(), record: null, incomplete: "recordings overlap" };
  }
  const recording = newRecording();
  // Variables a preload's code set (dotenv) are that code's doing here too.
  for (const preload of preloads) for (const name of preload.recording.written) recording.written.add(name);
  let started = now();
  const { value, loaded } = await recordWhile(recording, ignoreUnder, build);
  const fresh = new Set(loaded);
  for (const file of recording.required) {
    const at = fresh.has(file) ? -1 : preloads.findIndex((preload) => preload.loaded.has(file));
    if (at < 0) continue;
    const [preload] = preloads.splice(at, 1);
    absorb(recording, preload!.recording);
    for (const module of preload!.loaded) fresh.add(module);
    started = Math.min(started, preload!.started);
  }
  const stale = [...recording.required].find((file) => !fresh.has(file));
  const incomplete =
    recording.incomplete ?? (stale === undefined ? null : `${stale} was not loaded by Node's module loader in this build`);
  if (incomplete !== null) return { value, record: null, incomplete };
  const files = new Map<string, FileStamp>();
  for (const file of [...fresh, ...recording.read]) {
    if (files.has(file) || !path.isAbsolute(file)) continue;
    const taken = takeStamp(file, isInstalled(file), now);
    if (taken === null) return { value, record: null, incomplete: `${file} could not be read again` };
    // The stamps are taken after the build: a file written while it ran (an editor saving, a watcher
    // regenerating) would be stamped with content the value was not built from.
    if (writtenSince(taken.stat, started)) return { value, record: null, incomplete: `${file} changed while the build ran` };
    files.set(file, taken.stamp);
  }
  return {
    value,
    record: {
      files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      env: Object.fromEntries(recording.env),
      globs: recording.globs,
    },
    incomplete: null,
  };
}

/**
 * Whether a file with status `stat` may have been written at or after `time`. File systems stamp with a
 * clock that lags the process's by up to a tick (a few ms on Linux), and some keep whole seconds only:
 * the margin covers both.
 */
function writtenSince(stat: fs.Stats, time: number): boolean {
  const wholeSeconds = stat.mtimeMs % 1000 === 0 && stat.ctimeMs % 1000 === 0;
  return Math.max(stat.mtimeMs, stat.ctimeMs) >= time - (wholeSeconds ? 2_000 : 20);
}

/** Wraps `process.env` and the file-reading functions for the window; returns what undoes it. */
function instrument(recording: Recording, ignoreUnder: readonly string[]): () => void {
  const env = process.env;
  const ignored = (file: string) => ignoreUnder.some((dir) => file === dir || file.startsWith(dir + path.sep));
  const noteRead = (target: unknown) => {
    if (typeof target === "string" || target instanceof URL) {
      const file = path.resolve(target instanceof URL ? target.pathname : target);
      if (!ignored(file)) recording.read.add(file);
    }
  };
  const proxy = new Proxy(env, {
    get(target, key, receiver) {
      if (typeof key === "string" && !recording.written.has(key) && !recording.env.has(key)) {
        recording.env.set(key, target[key] ?? null);
      }
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === "string" && !recording.written.has(key) && !recording.env.has(key)) {
        recording.env.set(key, target[key] ?? null);
      }
      return Reflect.has(target, key);
    },
    set(target, key, value) {
      if (typeof key === "string") recording.written.add(key);
      return Reflect.set(target, key, value);
    },
    deleteProperty(target, key) {
      if (typeof key === "string") recording.written.add(key);
      return Reflect.deleteProperty(target, key);
    },
    ownKeys(target) {
      // Installed packages list the environment when they load (debug's DEBUG_* options, colour
      // support): their own settings, not the schema. The project's code listing it is not followed.
      if (recording.incomplete === null && !calledFromInstalledPackage()) {
        recording.incomplete = "the project's code enumerated the environment";
      }
      return Reflect.ownKeys(target);
    },
  });
  const readFileSync = fs.readFileSync;
  const readFile = fs.promises.readFile;
  process.env = proxy;
  fs.readFileSync = function (this: unknown, ...args: Parameters<typeof fs.readFileSync>) {
    noteRead(args[0]);
    return readFileSync.apply(this, args);
  } as typeof fs.readFileSync;
  fs.promises.readFile = function (this: unknown, ...args: Parameters<typeof fs.promises.readFile>) {
    noteRead(args[0]);
    return readFile.apply(this, args);
  } as typeof fs.promises.readFile;
  return () => {
    process.env = env;
    fs.readFileSync = readFileSync;
    fs.promises.readFile = readFile;
  };
}

/** Whether the code that called into the environment proxy is an installed package's. */
function calledFromInstalledPackage(): boolean {
  // The first two frames are this function and the proxy's trap.
  const frames = (new Error().stack ?? "").split("\n").slice(3);
  const caller = frames.find((frame) => /\(?\/|[A-Za-z]:\\/.test(frame));
  return caller !== undefined && /[\\/]node_modules[\\/]/.test(caller);
}

/**
 * The project files of `record` whose content is not the recorded one now, with that content (files
 * gone or unreadable are left out): what a rebuild will compile again. Files whose status is still the
 * recorded one are not read.
 */
export function changedProjectFiles(record: LoadRecord): { readonly file: string; readonly source: string }[] {
  const changed: { file: string; source: string }[] = [];
  for (const stamp of record.files) {
    if (stamp.sha256 === undefined) continue;
    try {
      if (stamp.status !== undefined && sameStatus(stamp.status, statusOf(fs.statSync(stamp.path)))) continue;
      const bytes = fs.readFileSync(stamp.path);
      if (contentDigest(bytes) !== stamp.sha256) changed.push({ file: stamp.path, source: bytes.toString("utf8") });
    } catch {
      // Gone: the rebuild says what that means.
    }
  }
  return changed;
}

/** Whether `record` still describes the files and environment as they are now; else what changed. */
export function recordChange(record: LoadRecord, env: NodeJS.ProcessEnv): string | null {
  return checkRecord(record, env).change;
}

/**
 * `recordChange`, and when nothing changed but some project file's content had to be read (its status
 * was not recorded, or moved without a change of content: a `touch`, a checkout), the record with those
 * files' statuses as they are now (`refreshed`), so that the next run need not read them.
 */
export function checkRecord(
  record: LoadRecord,
  env: NodeJS.ProcessEnv,
  now: () => number = Date.now,
): { readonly change: string | null; readonly refreshed: LoadRecord | null } {
  for (const [key, value] of Object.entries(record.env)) {
    if ((env[key] ?? null) !== value) return { change: `environment variable ${key}`, refreshed: null };
  }
  let refreshedFiles: FileStamp[] | null = null;
  for (const [i, stamp] of record.files.entries()) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(stamp.path);
    } catch {
      return { change: stamp.path, refreshed: null };
    }
    if (stamp.sha256 === undefined) {
      if (stat.size !== stamp.size || stat.mtimeMs !== stamp.mtimeMs) return { change: stamp.path, refreshed: null };
      continue;
    }
    if (stamp.status !== undefined && sameStatus(stamp.status, statusOf(stat))) continue;
    const current = (() => {
      try {
        return projectStamp(stamp.path, stat, now).stamp;
      } catch {
        return null;
      }
    })();
    if (current === null || current.sha256 !== stamp.sha256) return { change: stamp.path, refreshed: null };
    if (current.status !== undefined) (refreshedFiles ??= [...record.files])[i] = current;
  }
  return { change: null, refreshed: refreshedFiles === null ? null : { ...record, files: refreshedFiles } };
}
