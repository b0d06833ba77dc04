/**
 * The server refused one of autogen's own statements (creating the version table, reading the catalog,
 * taking the lock) for a reason of the server's setup rather than of the statement: a read-only database
 * or a standby, a missing privilege, a statement or lock timeout, a resource running out, a shutdown. Those
 * are the user's to act on, so they are told in one paragraph with what to change, where any other
 * database error from autogen's own SQL is a bug and is reported as one. Errors of migrations are not
 * these: the runner names the migration and its statement (runner-errors.ts).
 */
import { AutogenError } from "../errors";

/** What to change, per SQLSTATE (class 53 and 57P0x by prefix, below). */
const ADVICE: Readonly<Record<string, string>> = {
  "25006":
    "The transaction is read-only: default_transaction_read_only is on for this database or role (turn it " +
    "off for this command with PGOPTIONS='-c default_transaction_read_only=off', or for good with ALTER " +
    "DATABASE or ALTER ROLE ... SET default_transaction_read_only = off), or the server is a standby " +
    "(connect to the primary).",
  "42501":
    "The role connected lacks a privilege this needs: grant it (the server's message names the object), " +
    "or run the command as a role that has it, such as the object's owner.",
  "57014":
    "The statement was canceled: by a statement_timeout set for this database or role (set statementTimeout " +
    "in the config, or lift it for this command with PGOPTIONS='-c statement_timeout=0'), or by an administrator.",
  "55P03":
    "A lock was not granted within lock_timeout: another session holds it. Run the command again when " +
    "that session is done, or set lockTimeout in the config, or lift it for this command with PGOPTIONS='-c lock_timeout=0'.",
  "25P03": "The session sat idle in its transaction longer than idle_in_transaction_session_timeout; run the command again.",
  "40001": "A concurrent transaction conflicted with this one; run the command again.",
  "40P01": "A concurrent transaction deadlocked with this one; run the command again.",
};

function adviceFor(sqlState: string): string | undefined {
  const known = ADVICE[sqlState];
  if (known !== undefined) return known;
  if (sqlState.startsWith("53")) return "The server ran out of a resource (disk, memory, connections or a configured limit); free it and run the command again.";
  if (/^57P0[1-4]$/.test(sqlState)) return "The server is shutting down or restarting; run the command again once it is up.";
  return undefined;
}

/** The SQLSTATE of an error the server sent (pg's `DatabaseError`), else null. */
function serverSqlState(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && typeof severity === "string" ? code : null;
}

/** The server refused a statement of autogen's own for a reason of its setup (see the file comment). */
export class ServerRefusedError extends AutogenError {
  constructor(
    readonly doing: string,
    readonly sqlState: string,
    serverMessage: string,
    advice: string,
    options?: { cause?: unknown },
  ) {
    super(`PostgreSQL refused ${doing}: ${serverMessage} (SQLSTATE ${sqlState}). ${advice}`, options);
  }
}

/**
 * `error` as a `ServerRefusedError` when the server sent it for a reason of its setup, else null.
 *
 * @param doing what autogen was doing, as the object of "PostgreSQL refused": `creating the version table
 *   "public"."autogen_version"`.
 */
export function serverRefusal(error: unknown, doing: string): ServerRefusedError | null {
  if (error instanceof AutogenError) return null;
  const sqlState = serverSqlState(error);
  const advice = sqlState === null ? undefined : adviceFor(sqlState);
  if (sqlState === null || advice === undefined) return null;
  return new ServerRefusedError(doing, sqlState, (error as Error).message, advice, { cause: error });
}

/** Runs `fn`; a refusal of the server's setup comes out as a `ServerRefusedError` naming `doing`. */
export async function whileDoing<T>(doing: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw serverRefusal(error, doing) ?? error;
  }
}
