/**
 * The one entry point the CLI and the API use to get a database: the server named by a URL or by a
 * DataSource's connection settings, or else the project's embedded database in `<projectDir>/.autogen/pgdata`.
 */
import fs from "node:fs";
import path from "node:path";
import type { Database } from "./database";
import { EmbeddedFolderNotWritableError } from "./database-errors";
import type { EmbeddedOpenOptions } from "./embedded";
import { connectServer, urlServer, type ServerSettings } from "./postgres";
import type { SessionSettings } from "./session-settings";

/** The project-local folder for pg-autogen's own files; git-ignored through its own `.gitignore`. */
export const AUTOGEN_DIR = ".autogen";
/** The embedded database's data directory inside `AUTOGEN_DIR`. */
export const EMBEDDED_DATA_DIR = "pgdata";

export interface OpenDatabaseOptions {
  /** A postgres(ql):// URL; null, undefined or blank selects `server`, else the embedded database. */
  readonly url?: string | null;
  /** A server given otherwise (a DataSource's connection settings, see data-source-server.ts). */
  readonly server?: ServerSettings | null;
  /** The project root: the embedded database lives in `<projectDir>/.autogen/pgdata`. */
  readonly projectDir: string;
  /** Receives the one-line notice that the embedded database is in use (the CLI passes a stderr writer). */
  readonly log?: (message: string) => void;
  /** Connect timeout for a server; 10 s by default. */
  readonly connectTimeoutMs?: number;
  /** Options of the embedded database: the engine (`embedded.engine` of the config), the snapshot cache. */
  readonly embedded?: Omit<EmbeddedOpenOptions, "settings">;
  /** The timeouts a server session sets (`lockTimeout`, `statementTimeout` of the config). */
  readonly settings?: SessionSettings;
}

/** Data directories already announced through `log` in this process. */
const announced = new Set<string>();

/**
 * Opens the database a command works on.
 *
 * With a URL (or else `server`), connects to that server (`connectPostgres`). Without, opens the embedded database at
 * `<projectDir>/.autogen/pgdata` (see embedded.ts for the engine; creating it and a `.autogen/.gitignore`
 * containing `*` on first use) and tells `log`, once per process, which database is used and how to
 * choose a server.
 *
 * @example
 * const db = await openDatabase({ url: process.env.DATABASE_URL, projectDir: process.cwd(), log: console.error });
 * @throws InvalidDatabaseUrlError, DatabaseConnectionError, EmbeddedDatabaseError (EmbeddedFolderNotWritableError
 *   when `.autogen/` cannot be written), EmbeddedDatabaseBusyError, EmbeddedEngineUnavailableError
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const url = options.url?.trim();
  const server = url ? urlServer(url) : options.server;
  if (server) {
    return connectServer(server, {
      ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
      settings: options.settings,
    });
  }
  const dataDir = embeddedDataDir(options.projectDir);
  try {
    ensureAutogenDir(path.dirname(dataDir), !fs.existsSync(dataDir));
  } catch (error) {
    if (EmbeddedFolderNotWritableError.matches(error)) throw new EmbeddedFolderNotWritableError(dataDir, error);
    throw error;
  }
  // Loaded here, not at the top: a run against a server never pays for the embedded engine's modules.
  const { openEmbeddedDatabase, embeddedNotice } = await import("./embedded");
  const { db, choice } = await openEmbeddedDatabase(dataDir, { ...options.embedded, settings: options.settings });
  if (!announced.has(dataDir)) {
    announced.add(dataDir);
    try {
      options.log?.(embeddedNotice(dataDir, choice, db));
    } catch {
      // A logger that throws (an application's) must not strand the database just opened, and its
      // server with it: the caller never got it to close.
    }
  }
  return db;
}

/** `<projectDir>/.autogen/pgdata`, absolute. */
export function embeddedDataDir(projectDir: string): string {
  return path.resolve(projectDir, AUTOGEN_DIR, EMBEDDED_DATA_DIR);
}

/**
 * Creates `.autogen/` if needed and, when it or the database is new, a `.gitignore` containing `*`, so
 * that git ignores the folder (the `.gitignore` ignores itself too) without the user editing theirs. An
 * existing `.gitignore` is never overwritten.
 */
function ensureAutogenDir(autogenDir: string, databaseIsNew: boolean): void {
  const created = fs.mkdirSync(autogenDir, { recursive: true }) !== undefined;
  if (!created && !databaseIsNew) return;
  try {
    fs.writeFileSync(path.join(autogenDir, ".gitignore"), "*\n", { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}
