/**
 * Starting PGlite: the options every embedded database gets (extensions, `int8` parsing), creating a
 * fresh cluster from the cached snapshot when there is one, and explaining start-up failures.
 * @internal used by pglite.ts
 */
import fs from "node:fs";
import path from "node:path";
import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { EMBEDDED_EXTENSIONS } from "./pglite-extensions";
import { discardSnapshot, readSnapshot, writeSnapshot } from "./pglite-snapshot-cache";

const INT8_OID = 20;

/**
 * The shared buffers an embedded database starts with. initdb writes PostgreSQL's 128MB into every new
 * cluster's postgresql.conf, and inside WebAssembly that memory is allocated and initialised on every
 * start: about 3 ms per MB, 0.35-0.4 s of each open, and 130 MB of the process's memory (bench/README.md).
 * A development database's working set fits in far less, and its files are in the system's page cache
 * (or in memory) anyway.
 */
export const EMBEDDED_SHARED_BUFFERS = "16MB";

/** initdb's value, which a data directory's postgresql.conf holds unless someone chose another. */
const INITDB_SHARED_BUFFERS = "128MB";

/** Starts PGlite with the bundled extensions, `pg`'s parsing of `int8` (a string) and small shared buffers. */
export async function startPGlite(options: Pick<PGliteOptions, "dataDir" | "loadDataDir">): Promise<PGlite> {
  // `new` + `waitReady` is what `PGlite.create` does, minus a return type that drags the extension
  // namespaces along.
  const startParams = startParamsFor(options.dataDir);
  const pglite = new PGlite({
    ...options,
    ...(startParams === undefined ? {} : { startParams }),
    extensions: EMBEDDED_EXTENSIONS,
    parsers: { [INT8_OID]: (text: string) => text },
  });
  await pglite.waitReady;
  return pglite;
}

/**
 * PGlite's own start parameters plus `shared_buffers`, unless the data directory's configuration sets it
 * deliberately (by `ALTER SYSTEM`, or a postgresql.conf value other than initdb's): a setting on the
 * command line would override theirs. Undefined (PGlite's defaults) for a PGlite without the static list.
 */
function startParamsFor(dataDir: string | undefined): string[] | undefined {
  const defaults: unknown = (PGlite as { defaultStartParams?: unknown }).defaultStartParams;
  if (!Array.isArray(defaults) || !defaults.every((param) => typeof param === "string")) return undefined;
  if (dataDir !== undefined && sharedBuffersChosen(dataDir)) return undefined;
  return [...(defaults as string[]), "-c", `shared_buffers=${EMBEDDED_SHARED_BUFFERS}`];
}

function sharedBuffersChosen(dataDir: string): boolean {
  if (settingIn(path.join(dataDir, "postgresql.auto.conf"), "shared_buffers") !== null) return true;
  const value = settingIn(path.join(dataDir, "postgresql.conf"), "shared_buffers");
  return value !== null && value.toLowerCase() !== INITDB_SHARED_BUFFERS.toLowerCase();
}

/** The last value a configuration file gives `name` (PostgreSQL's last-one-wins), or null. */
function settingIn(file: string, name: string): string | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
  let value: string | null = null;
  const line = new RegExp(`^\\s*${name}(?:\\s*=\\s*|\\s+)(?:'((?:[^']|'')*)'|([^\\s#]+))`, "i");
  for (const each of text.split(/\r?\n/)) {
    const match = line.exec(each);
    if (match) value = (match[1] ?? match[2] ?? "").replace(/''/g, "'").trim();
  }
  return value;
}

/**
 * Starts a new cluster, in memory (`dataDir` null) or in an empty data directory. With a cached snapshot
 * of a fresh cluster it loads that instead of running initdb; without one it runs initdb and caches the
 * result. A snapshot that fails to load is deleted, the directory emptied again, and initdb runs.
 *
 * @param dataDir an empty (or missing) directory the caller holds the lock of, or null for memory
 * @param cacheDir the snapshot cache, or null for none
 */
export async function startFreshCluster(dataDir: string | null, cacheDir: string | null): Promise<PGlite> {
  const location = dataDir ?? undefined;
  const snapshot = cacheDir === null ? null : readSnapshot(cacheDir);
  if (snapshot !== null && cacheDir !== null) {
    try {
      return await startPGlite({ dataDir: location, loadDataDir: snapshot });
    } catch {
      discardSnapshot(cacheDir);
      if (dataDir !== null) emptyDirectory(dataDir);
    }
  }
  const pglite = await startPGlite({ dataDir: location });
  if (cacheDir !== null) {
    try {
      await pglite.exec("CHECKPOINT");
      await writeSnapshot(cacheDir, await pglite.dumpDataDir("gzip"));
    } catch {
      // the cache is an optimisation
    }
  }
  return pglite;
}

/**
 * Explains why PGlite did not start, for `EmbeddedDatabaseError`.
 * @param dataDir the data directory, whose PG_VERSION is quoted when present
 */
export function explainStartFailure(error: unknown, dataDir: string | null): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG") {
    return (
      "PGlite loads Node modules with import(), which this JavaScript sandbox does not allow (jest needs " +
      "node --experimental-vm-modules, for example NODE_OPTIONS=--experimental-vm-modules)."
    );
  }
  const message = (error instanceof Error ? error.message : String(error)).replace(/[.\s]+$/, "");
  const version = dataDir === null ? null : readPgVersion(dataDir);
  const origin =
    version === null
      ? ""
      : ` The directory was created by PostgreSQL ${version} (its PG_VERSION file); if this PGlite runs ` +
        `another major version, move the directory away to start afresh (it is a local development database).`;
  return `PGlite failed to start: ${message}.${origin}`;
}

function readPgVersion(dataDir: string): string | null {
  try {
    return fs.readFileSync(path.join(dataDir, "PG_VERSION"), "utf8").trim();
  } catch {
    return null;
  }
}

function emptyDirectory(dir: string): void {
  for (const entry of fs.readdirSync(dir)) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
}
