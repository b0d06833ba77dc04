/**
 * The embedded database: PGlite (PostgreSQL compiled to WebAssembly, in this process), either persisted in
 * a data directory or in memory.
 *
 * Differences from a server that callers must know about:
 * - PGlite 0.5.14 runs PostgreSQL 18 (`SHOW server_version` says 18.6), not the project's usual server
 *   version: catalogs and deparsed texts can differ (NOT NULL constraints appear in `pg_constraint` with
 *   `contype = 'n'`, for example).
 * - One backend, one session: the `Database` queues callers (see serialised-database.ts). Advisory locks
 *   always succeed, and are re-entrant, because there is nobody to contend with; the data-directory lock
 *   file is what keeps a second process out.
 * - `fields` in query results carry `name` and `dataTypeID` but no `dataTypeModifier`: PGlite does not
 *   expose the typmod of the RowDescription. Read typmods from the catalog (`format_type`) instead.
 * - Type parsing is aligned with `pg`'s defaults: `int8` comes back as a string (PGlite's own default is
 *   a number, or a BigInt beyond 2^53), `numeric` as a string, timestamps as `Date`, json parsed.
 * - PGlite loads Node built-ins with `import()`. Under jest that needs `--experimental-vm-modules`
 *   (`NODE_OPTIONS=--experimental-vm-modules`); without it opening fails with an `EmbeddedDatabaseError`
 *   that says so (and PGlite leaves a second, unhandled rejection that jest reports as well).
 */
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { Database, QueryResult } from "./database";
import { EmbeddedDatabaseError, unreadableDataDir } from "./database-errors";
import { lockDataDir } from "./data-dir-lock";
import { defaultSnapshotCacheDir } from "./pglite-snapshot-cache";
import { explainStartFailure, startFreshCluster, startPGlite } from "./pglite-start";
import { createSerialisedDatabase, type DriverSession } from "./serialised-database";
import { sessionSetupSql } from "./session-settings";

const EPHEMERAL_DESCRIPTION = "the embedded in-memory PostgreSQL (PGlite) database";

export interface EmbeddedOptions {
  /**
   * Where the snapshot of a freshly initialised cluster is cached (see pglite-snapshot-cache.ts);
   * `null` disables the cache. Defaults to `<os temp dir>/pg-autogen-<uid>`.
   */
  readonly snapshotCacheDir?: string | null;
}

/**
 * Opens (creating it on first use) the embedded database persisted in `dataDir`, with the extensions
 * `uuid-ossp`, `pgcrypto` and `citext` available to `CREATE EXTENSION`. The directory is locked for the
 * lifetime of the returned handle; `close()` releases it. A new cluster is loaded from the cached snapshot
 * when there is one (see `openEphemeral`), else created by initdb and then cached.
 *
 * @example
 * const db = await openEmbedded(".autogen/pgdata");
 * await db.exec('CREATE EXTENSION IF NOT EXISTS "uuid-ossp"');
 * await db.close();
 * @throws EmbeddedDatabaseBusyError when another handle or process has the directory open
 * @throws EmbeddedDatabaseError when the directory is not a PostgreSQL data directory or PGlite fails
 */
export async function openEmbedded(dataDir: string, options: EmbeddedOptions = {}): Promise<Database> {
  const location = path.resolve(dataDir);
  const lock = await lockDataDir(location);
  let pglite: PGlite;
  try {
    const isNew = prepareDataDir(location);
    pglite = isNew
      ? await startFreshCluster(location, cacheDirOf(options))
      : await startPGlite({ dataDir: location });
    await pinSettings(pglite);
  } catch (error) {
    lock.release();
    if (error instanceof EmbeddedDatabaseError) throw error;
    throw new EmbeddedDatabaseError(location, explainStartFailure(error, location), { cause: error });
  }
  return createSerialisedDatabase("pglite", location, sessionOf(pglite), lock.release);
}

/**
 * Opens a throwaway in-memory embedded database (for shadow databases), with the same extensions as
 * `openEmbedded`. The first start on a machine runs initdb and caches a snapshot of the result; later
 * starts load that snapshot, which takes about half the time.
 *
 * @throws EmbeddedDatabaseError when PGlite fails to start
 */
export async function openEphemeral(options: EmbeddedOptions = {}): Promise<Database> {
  let pglite: PGlite;
  try {
    pglite = await startFreshCluster(null, cacheDirOf(options));
    await pinSettings(pglite);
  } catch (error) {
    throw new EmbeddedDatabaseError("memory://", explainStartFailure(error, null), { cause: error });
  }
  return createSerialisedDatabase("pglite", EPHEMERAL_DESCRIPTION, sessionOf(pglite));
}

/**
 * The settings every session pins (see session-settings.ts): a persisted data directory may hold an
 * `ALTER DATABASE ... SET standard_conforming_strings = off` that a migration ran. The timeouts are not
 * set: the embedded database has one session and nobody to wait for.
 */
async function pinSettings(pglite: PGlite): Promise<void> {
  await pglite.exec(sessionSetupSql());
}

function cacheDirOf(options: EmbeddedOptions): string | null {
  return options.snapshotCacheDir === undefined ? defaultSnapshotCacheDir() : options.snapshotCacheDir;
}

function sessionOf(pglite: PGlite): DriverSession {
  return {
    async query<R>(sql: string, params: readonly unknown[]): Promise<QueryResult<R>> {
      const result = await pglite.query<R>(sql, [...params]);
      return {
        rows: result.rows,
        fields: result.fields.map((field) => ({ name: field.name, dataTypeID: field.dataTypeID })),
      };
    },
    async exec(sql: string): Promise<void> {
      await pglite.exec(sql);
    },
    async close(): Promise<void> {
      await pglite.close();
    },
  };
}

/**
 * Creates the directory, or checks that an existing non-empty one is a PostgreSQL data directory.
 * @returns true when the directory is new (missing or empty): a cluster must be created in it
 */
function prepareDataDir(location: string): boolean {
  let entries: string[];
  try {
    entries = fs.readdirSync(location);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      fs.mkdirSync(location, { recursive: true });
      return true;
    }
    if (code === "ENOTDIR") throw new EmbeddedDatabaseError(location, "it is a file, not a directory.");
    throw new EmbeddedDatabaseError(location, unreadableDataDir(location, code), { cause: error });
  }
  if (entries.length > 0 && !entries.includes("PG_VERSION")) {
    throw new EmbeddedDatabaseError(
      location,
      "the directory is not empty and is not a PostgreSQL data directory (it has no PG_VERSION file); " +
        "point the embedded database at an empty or missing directory.",
    );
  }
  return entries.length === 0;
}
