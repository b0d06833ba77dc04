/**
 * The errors of the connection layer. Each message is one paragraph that names the database (host, port
 * and database, or the embedded data directory) and never contains a password.
 */
import fs from "node:fs";
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
  /** @param options.engine the engine, as messages name it; null: not chosen yet (default: PGlite) */
  constructor(
    readonly location: string,
    readonly reason: string,
    options?: { cause?: unknown; engine?: keyof typeof ENGINE_LABEL | null },
  ) {
    const engine = options?.engine === null ? "" : `${ENGINE_LABEL[options?.engine ?? "pglite"]} `;
    super(`Could not open the embedded ${engine}database at ${location}: ${sentence(reason)}`, options);
  }
}

/** Errors of creating a file or folder that say this process may not write there. */
const UNWRITABLE = new Set(["EACCES", "EPERM", "EROFS"]);

/**
 * The folder of the embedded database (`.autogen/`, or the project folder it goes in) cannot be written:
 * a read-only checkout, a file system mounted read-only, a folder of another account.
 */
export class EmbeddedFolderNotWritableError extends EmbeddedDatabaseError {
  /** Whether `error` (from creating `.autogen/`, the lock file or the data directory) is this case. */
  static matches(error: unknown): error is NodeJS.ErrnoException {
    return error instanceof Error && UNWRITABLE.has((error as NodeJS.ErrnoException).code ?? "");
  }

  constructor(location: string, error: NodeJS.ErrnoException) {
    super(
      location,
      `${error.path ?? location} cannot be created (${error.code}: ${error.message.replace(/^\w+: /, "").replace(/, \w+ .*$/, "")}); ` +
        "make the project folder writable for this user, or set a database URL to work on a server " +
        "(autogen check --shadow and autogen test need no folder of their own)",
      { cause: error, engine: null },
    );
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

/**
 * `embedded.engine` asks for an engine that cannot open the project's data directory, made by the other
 * one: a usage error naming the folder, what made it, and the two ways out.
 */
export class EmbeddedEngineMismatchError extends UsageError {
  /**
   * @param madeBy the engine that made `dataDir`, as messages name it ("the embedded PostgreSQL 15 server")
   * @param requested the engine `embedded.engine` asks for, which cannot open it ("PGlite (PostgreSQL 18)")
   */
  constructor(
    readonly dataDir: string,
    readonly madeBy: string,
    readonly requested: string,
  ) {
    super(
      `The embedded database at ${dataDir} was made by ${madeBy}, which ${requested}, asked for by embedded.engine in ` +
        `the config, cannot open. Remove embedded.engine from the config to keep working on this database, or move the ` +
        `folder ${dataDir} away (it is a local development database) to start afresh on ${requested}.`,
    );
  }
}

/** Another process (or another handle in this one) has the embedded data directory open. */
export class EmbeddedDatabaseBusyError extends AutogenError {
  /** @param remedy what to do, one sentence (see data-dir-lock.ts) */
  constructor(
    readonly dataDir: string,
    readonly lockFile: string,
    readonly holder: string,
    remedy: string,
  ) {
    super(
      `The embedded database at ${dataDir} is already open in ${holder}. One pg-autogen command at a time ` +
        `owns it (two engines writing the same data directory would corrupt it): ${remedy}`,
    );
  }
}

/**
 * Why an existing data directory cannot be opened (`code` from reading it), with what to do: one of
 * another account (made by root's server, which runs as `postgres`, then opened as a user) says whose.
 */
export function unreadableDataDir(location: string, code: string | undefined): string {
  const mine = typeof process.getuid === "function" ? process.getuid() : null;
  const ownerUid = ownerOf(location);
  const whose =
    (code === "EACCES" || code === "EPERM") && ownerUid !== null && ownerUid !== mine
      ? `it belongs to another account (uid ${ownerUid}); run the command as that account or as root, or`
      : "fix its permissions, or";
  return `it cannot be read (${code ?? "unknown error"}): ${whose} move the directory away to start afresh (it is a local development database).`;
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

/** The owner of `location`, or null when even that cannot be read. */
function ownerOf(location: string): number | null {
  try {
    return fs.statSync(location).uid;
  } catch {
    return null;
  }
}

/** Ends a clause with a full stop unless it already ends with punctuation. */
function sentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}
