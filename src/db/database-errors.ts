/**
 * The errors of the connection layer. Each message is one paragraph that names the database (host, port
 * and database, or the embedded data directory) and never contains a password.
 */
import { AutogenError, UsageError } from "../errors";
import { describeTarget, type ConnectionTarget } from "./connection-target";

/** Where to set the database URL: appended to every message that is about choosing a database. */
export const DATABASE_URL_HINT =
  "Set the database URL with --url, `databaseUrl` in the config file or the DATABASE_URL environment " +
  "variable (postgresql://user:password@host:port/database); without one, the command line uses the embedded " +
  "database (the programmatic API only when asked: `embedded: true`).";

/**
 * Appended to every message about connection settings taken from a DataSource (no URL was given): where
 * they are, and what would take precedence over them.
 */
export function dataSourceSettingsHint(dataSourceFile: string): string {
  return (
    `These connection settings are the DataSource's in ${dataSourceFile}, used because no database URL is set: ` +
    "correct them there, or set a database URL with --url, `databaseUrl` in the config file or the " +
    "DATABASE_URL environment variable, which takes precedence."
  );
}

/** The database URL (or a DataSource's `url`) cannot be parsed: a usage error (exit code 2). */
export class InvalidDatabaseUrlError extends UsageError {
  /**
   * @param reason what is wrong, never repeating the string
   * @param dataSourceFile the module of the DataSource whose `url` it is, or null for a database URL
   */
  constructor(
    readonly reason: string,
    readonly dataSourceFile: string | null = null,
  ) {
    super(
      dataSourceFile === null
        ? `The database URL is not valid: ${reason}. ${DATABASE_URL_HINT}`
        : `The url of the DataSource in ${dataSourceFile} is not valid: ${reason}. ${dataSourceSettingsHint(dataSourceFile)}`,
    );
  }
}

/** A PostgreSQL server could not be reached or refused the connection. */
export class DatabaseConnectionError extends AutogenError {
  /**
   * @param target where the connection went (never holds the password)
   * @param reason why it failed, in words, already free of the password
   * @param code the socket error code (`ECONNREFUSED`) or SQLSTATE (`3D000`), when known
   * @param options.dataSourceFile the DataSource module the settings came from (null: a database URL)
   */
  constructor(
    readonly target: ConnectionTarget,
    readonly reason: string,
    readonly code: string | null,
    options?: { cause?: unknown; dataSourceFile?: string | null },
  ) {
    const hint = options?.dataSourceFile ? dataSourceSettingsHint(options.dataSourceFile) : DATABASE_URL_HINT;
    super(`Could not connect to PostgreSQL at ${describeTarget(target)}: ${sentence(reason)} ${hint}`, { cause: options?.cause });
  }
}

/** The embedded engines, as messages name them. */
export const ENGINE_LABEL = { pglite: "PostgreSQL (PGlite)", postgres: "PostgreSQL server" } as const;

/** The embedded database (PGlite, or the embedded PostgreSQL server) could not be opened or created. */
export class EmbeddedDatabaseError extends AutogenError {
  constructor(
    readonly location: string,
    readonly reason: string,
    options?: { cause?: unknown; engine?: keyof typeof ENGINE_LABEL },
  ) {
    super(`Could not open the embedded ${ENGINE_LABEL[options?.engine ?? "pglite"]} database at ${location}: ${sentence(reason)}`, options);
  }
}

/**
 * `embedded.engine` or `embedded.version` asks for what this machine cannot run: a usage error naming why
 * and the key to change.
 */
export class EmbeddedEngineUnavailableError extends UsageError {
  constructor(
    readonly engine: string,
    readonly reason: string,
    /** The PostgreSQL major version asked for with `embedded.version`, or null when `embedded.engine` asked. */
    readonly version: number | null = null,
  ) {
    super(
      version === null
        ? `The embedded engine "${engine}" (embedded.engine in the config) cannot run here: ${sentence(reason)} ` +
            `Remove embedded.engine to let pg-autogen fall back to PGlite, or set a database URL.`
        : `The embedded PostgreSQL ${version} server (embedded.version in the config) cannot run here: ${sentence(reason)} ` +
            `Remove embedded.version to use the server pg-autogen brings, or set a database URL.`,
    );
  }
}

/** Another process (or another handle in this one) has the embedded data directory open. */
export class EmbeddedDatabaseBusyError extends AutogenError {
  constructor(
    readonly dataDir: string,
    readonly lockFile: string,
    readonly holder: string,
  ) {
    super(
      `The embedded database at ${dataDir} is already open in ${holder}. One pg-autogen command at a time ` +
        `owns it (two engines writing the same data directory would corrupt it): wait for ` +
        `the other command to finish, or, if no other pg-autogen process is running, delete the stale lock ` +
        `file ${lockFile}.`,
    );
  }
}

/** `transaction()` was called inside a transaction of the same database (there are no nested ones). */
export class NestedTransactionError extends AutogenError {
  constructor(readonly description: string) {
    super(
      `A transaction is already open on ${description}: transactions do not nest. Run the statements ` +
        `through the transaction's own query() instead of opening another transaction.`,
    );
  }
}

/** The `tx` handed to a transaction callback was used after the transaction ended. */
export class TransactionClosedError extends AutogenError {
  constructor(readonly description: string) {
    super(
      `A query was sent through a transaction on ${description} after that transaction had ended ` +
        `(committed or rolled back); await every query inside the transaction callback.`,
    );
  }
}

/** Ends a clause with a full stop unless it already ends with punctuation. */
function sentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}
