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

/** Starts PGlite with the bundled extensions and `pg`'s parsing of `int8` (a string). */
export async function startPGlite(options: Pick<PGliteOptions, "dataDir" | "loadDataDir">): Promise<PGlite> {
  // `new` + `waitReady` is what `PGlite.create` does, minus a return type that drags the extension
  // namespaces along.
  const pglite = new PGlite({
    ...options,
    extensions: EMBEDDED_EXTENSIONS,
    parsers: { [INT8_OID]: (text: string) => text },
  });
  await pglite.waitReady;
  return pglite;
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
