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
  "PGlite database (the programmatic API only when asked: `embedded: true`).";

/** The database URL cannot be parsed: a usage error (exit code 2). */
export class InvalidDatabaseUrlError extends UsageError {
  constructor(readonly reason: string) {
    super(`The database URL is not valid: ${reason}. ${DATABASE_URL_HINT}`);
  }
}

/** A PostgreSQL server could not be reached or refused the connection. */
export class DatabaseConnectionError extends AutogenError {
  /**
   * @param target where the connection went (never holds the password)
   * @param reason why it failed, in words, already free of the password
   * @param code the socket error code (`ECONNREFUSED`) or SQLSTATE (`3D000`), when known
   */
  constructor(
    readonly target: ConnectionTarget,
    readonly reason: string,
    readonly code: string | null,
    options?: { cause?: unknown },
  ) {
    super(`Could not connect to PostgreSQL at ${describeTarget(target)}: ${sentence(reason)} ${DATABASE_URL_HINT}`, options);
  }
}

/** The embedded PGlite database could not be opened or created. */
export class EmbeddedDatabaseError extends AutogenError {
  constructor(
    readonly location: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Could not open the embedded PostgreSQL (PGlite) database at ${location}: ${sentence(reason)}`, options);
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
      `The embedded PostgreSQL (PGlite) database at ${dataDir} is already open in ${holder}. PGlite serves ` +
        `a single connection and two processes writing the same data directory would corrupt it: wait for ` +
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
