/**
 * Turns what `pg` throws while connecting (a socket error, a server ErrorResponse, a timeout) into a short
 * reason a user can act on. Pure: no I/O.
 */

/** A connection failure in words, with the code it was recognised by. */
export interface ConnectFailure {
  readonly reason: string;
  /** `ECONNREFUSED`-style socket code, SQLSTATE (`3D000`), `TIMEOUT`, or null when unrecognised. */
  readonly code: string | null;
}

/** Where the settings a piece of advice points at were given: a connection string, or a DataSource's options. */
export type SettingsOrigin = "url" | "dataSource";

/** The settings as each origin names them. */
const PLACES: Readonly<Record<SettingsOrigin, Readonly<Record<"database" | "credentials" | "user" | "noPassword" | "ssl", string>>>> = {
  url: {
    database: "correct the database name at the end of the URL",
    credentials: "check the user name and password in the URL",
    user: "check the user name in the URL",
    noPassword: "the URL has none; add it as postgresql://user:password@host/database",
    ssl: "remove sslmode from the URL or set sslmode=disable",
  },
  dataSource: {
    database: "correct the DataSource's database option",
    credentials: "check the DataSource's username and password",
    user: "check the DataSource's username",
    noPassword: "the DataSource gives none; set its password option",
    ssl: "set the DataSource's ssl option to false (or sslmode=disable in its url)",
  },
};

/** Advice per SQLSTATE, appended to the server's own message. */
function sqlStateAdvice(sqlState: string, origin: SettingsOrigin): string | undefined {
  const place = PLACES[origin];
  const advice: Readonly<Record<string, string>> = {
    "3D000": `create it (CREATE DATABASE) or ${place.database}`,
    "28P01": place.credentials,
    "28000": `${place.user} and the server's pg_hba.conf`,
    "53300": "the server has no free connection slot; try again later or raise max_connections",
    "57P03": "the server is starting up or shutting down; try again in a moment",
  };
  return advice[sqlState];
}

/** Advice per socket error code. */
const SOCKET_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "the connection was refused (ECONNREFUSED): is PostgreSQL running and listening on that host and port?",
  ECONNRESET: "the connection was reset by the other side (ECONNRESET): is that port a PostgreSQL server?",
  ENOTFOUND: "the host name could not be resolved (ENOTFOUND)",
  EAI_AGAIN: "the host name could not be resolved right now (EAI_AGAIN, a DNS failure)",
  EHOSTUNREACH: "the host is unreachable (EHOSTUNREACH)",
  ENETUNREACH: "the network is unreachable (ENETUNREACH)",
  ETIMEDOUT: "the connection attempt timed out (ETIMEDOUT): is the host reachable and the port right?",
  ENOENT: "there is no PostgreSQL socket in that directory (ENOENT): is the server running?",
  EACCES: "permission denied on the socket (EACCES)",
};

/**
 * Explains a connection error.
 * @param error what `pg.Client.connect()` rejected with
 * @param connectTimeoutMs the timeout in force, to say how long was waited
 * @param origin where the settings were given, for the advice to point there
 */
export function explainConnectError(error: unknown, connectTimeoutMs: number, origin: SettingsOrigin = "url"): ConnectFailure {
  const sqlState = stringProp(error, "code");
  const message = error instanceof Error ? error.message : String(error);
  if (sqlState !== null && /^[0-9A-Z]{5}$/.test(sqlState) && stringProp(error, "severity") !== null) {
    const advice = sqlStateAdvice(sqlState, origin);
    return { reason: `${message} (SQLSTATE ${sqlState})${advice ? `; ${advice}` : ""}`, code: sqlState };
  }
  const socketCode = socketErrorCode(error);
  if (socketCode !== null) {
    const known = SOCKET_REASONS[socketCode];
    return { reason: known ?? `${message} (${socketCode})`, code: socketCode };
  }
  if (/timeout expired|connection timeout/i.test(message)) {
    return {
      reason: `no answer within ${formatSeconds(connectTimeoutMs)} (the connect timeout): is the host reachable and is that port a PostgreSQL server?`,
      code: "TIMEOUT",
    };
  }
  if (/client password must be a string|password must be a string/i.test(message)) {
    return { reason: `the server asks for a password and ${PLACES[origin].noPassword}`, code: null };
  }
  if (/does not support SSL/i.test(message)) {
    return { reason: `${message}; ${PLACES[origin].ssl}`, code: null };
  }
  if (/Connection terminated unexpectedly/i.test(message)) {
    return { reason: "the server closed the connection during start-up: is that port a PostgreSQL server?", code: null };
  }
  return { reason: message, code: null };
}

/** The socket code of an error, looking inside the AggregateError Node raises when every address failed. */
function socketErrorCode(error: unknown): string | null {
  const code = stringProp(error, "code");
  if (code !== null && /^E[A-Z_]+$/.test(code)) return code;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const innerCode = socketErrorCode(inner);
      if (innerCode !== null) return innerCode;
    }
  }
  return null;
}

function stringProp(value: unknown, key: string): string | null {
  if (typeof value !== "object" || value === null) return null;
  const prop = (value as Record<string, unknown>)[key];
  return typeof prop === "string" ? prop : null;
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
