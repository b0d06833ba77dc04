/**
 * A `Database` on a PostgreSQL server, through one `pg.Client` connection.
 *
 * Values come back with `pg`'s default type parsing, unchanged and per connection (the process-wide
 * `pg.types` registry is not touched, so a TypeORM DataSource in the same process is unaffected):
 * `int8` and `numeric` as strings, `int2`/`int4`/`float*`/`oid` as numbers, `bool` as booleans,
 * `date`/`timestamp`/`timestamptz` as `Date`, `json`/`jsonb` parsed, arrays of those as arrays, `name[]`
 * and other unknown arrays as their text (`{a,b}`). Catalog queries should therefore select text, `int4`,
 * booleans or `text[]` (see database.ts); the embedded driver is set up to agree on `int8`.
 */
import type { Client, ClientConfig, FieldDef, QueryConfig } from "pg";
import type { Database, QueryResult } from "./database";
import { DatabaseConnectionError } from "./database-errors";
import { parseDatabaseUrl, scrubSecrets } from "./connection-url";
import { clientConfigs, type DriverConfig } from "./connection-string";
import { describeTarget, type ConnectionTarget } from "./connection-target";
import { explainConnectError } from "./explain-connect-error";
import { createSerialisedDatabase } from "./serialised-database";
import { sessionSetupSql, type SessionSettings } from "./session-settings";

/** Default time allowed for the TCP connection and the start-up handshake. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export interface ConnectPostgresOptions {
  /** Time allowed for the connection and start-up handshake; 10 s by default. */
  readonly connectTimeoutMs?: number;
  /** `application_name` shown in `pg_stat_activity`; `pg-autogen` by default. */
  readonly applicationName?: string;
  /** The optional timeouts the session sets (see session-settings.ts); the pinned settings are always set. */
  readonly settings?: SessionSettings;
  /** How to name the database in messages instead of its redacted URL (the embedded server). */
  readonly description?: string;
}

/** `pg` accepts `queryMode` since 8.11; @types/pg does not declare it yet. */
type ExtendedQueryConfig = QueryConfig<unknown[]> & { readonly queryMode: "extended" };

/** libpq's `target_session_attrs`: which server a session may be opened on. */
export type SessionWanted = "any" | "read-write" | "read-only" | "primary" | "standby" | "prefer-standby";

/**
 * A server to connect to and what may be said of it: from a connection string (`urlServer`) or from a
 * TypeORM DataSource's options (data-source-server.ts).
 */
export interface ServerSettings {
  /** The driver's settings for each host to try, in order; what they leave out, the driver defaults (`PG*`). */
  readonly configs: readonly DriverConfig[];
  /**
   * Every password, to be scrubbed from driver messages. Read when a connection fails: a password given as
   * a function adds its answer here when the driver calls it.
   */
  readonly secrets: readonly string[];
  /** How messages name the database; null: by host, port, database and user as the driver resolved them. */
  readonly description: string | null;
  readonly sessionWanted: SessionWanted;
  /** `load_balance_hosts=random`: the hosts are tried in a random order. */
  readonly randomOrder: boolean;
  /** The DataSource module the settings came from, or null for a connection string. */
  readonly dataSourceFile: string | null;
}

/**
 * The server a connection string names: any string libpq accepts (see connection-string.ts).
 * @throws InvalidDatabaseUrlError when `url` is not such a string, or names a setting the driver cannot honour
 */
export function urlServer(url: string): ServerSettings {
  const { redacted, secrets, info } = parseDatabaseUrl(url);
  return {
    configs: clientConfigs(info),
    secrets,
    description: redacted,
    sessionWanted: (info.params.get("target_session_attrs") ?? "any") as SessionWanted,
    randomOrder: info.params.get("load_balance_hosts") === "random",
    dataSourceFile: null,
  };
}

/**
 * Connects to a PostgreSQL server.
 *
 * `query` always uses the extended protocol, even without parameters, so it behaves the same as on
 * PGlite: one statement per call, and `fields` carries each column's `dataTypeID` and `dataTypeModifier`
 * (the typmod: `SELECT NULL::varchar(255)` reports 259). `exec` uses the simple protocol and accepts a
 * script of several statements. Before anything else the session sets `standard_conforming_strings = on`
 * and `client_encoding = UTF8`, whatever the database's or role's defaults, plus the timeouts of
 * `options.settings` (see session-settings.ts).
 *
 * @example
 * const db = await connectPostgres("postgresql://app:secret@localhost:5432/shop");
 * db.description; // "postgresql://app:***@localhost:5432/shop"
 * const { rows } = await db.query<{ n: number }>("SELECT $1::int4 AS n", [42]);
 * await db.close();
 * `url` is any connection string libpq accepts: a `postgresql://` URI (a Unix socket directory as the
 * `host` parameter or percent-encoded host, several hosts tried in turn with `target_session_attrs`) or
 * `keyword=value` pairs (see connection-string.ts).
 *
 * @throws InvalidDatabaseUrlError when `url` is not such a string, or names a setting the driver cannot honour
 * @throws DatabaseConnectionError when no server can be reached or none accepts the connection; the
 *   message names host, port, database and user of each host tried, never the password
 */
export async function connectPostgres(url: string, options: ConnectPostgresOptions = {}): Promise<Database> {
  return connectServer(urlServer(url), options);
}

/**
 * Connects to `server` (see `connectPostgres` for what the session is like).
 * @throws DatabaseConnectionError as `connectPostgres` does
 */
export async function connectServer(server: ServerSettings, options: ConnectPostgresOptions = {}): Promise<Database> {
  const configs = server.configs.map((config) => ({
    ...config,
    connectionTimeoutMillis: options.connectTimeoutMs ?? config.connectionTimeoutMillis ?? DEFAULT_CONNECT_TIMEOUT_MS,
    application_name: options.applicationName ?? config.application_name ?? "pg-autogen",
  }));
  const client = await connectFirst(configs, server, sessionSetupSql(options.settings));
  return createSerialisedDatabase("postgres", options.description ?? server.description ?? describeTarget(targetOf(client)), {
    async query<R>(sql: string, params: readonly unknown[]): Promise<QueryResult<R>> {
      const queryConfig: ExtendedQueryConfig = { text: sql, values: [...params], queryMode: "extended" };
      const result = await client.query(queryConfig);
      return { rows: result.rows as R[], fields: result.fields.map(toField) };
    },
    async exec(sql: string): Promise<void> {
      await client.query(sql);
    },
    async close(): Promise<void> {
      await client.end();
    },
  });
}

interface Attempt {
  readonly target: ConnectionTarget;
  readonly reason: string;
  readonly code: string | null;
  readonly cause: unknown;
}

/**
 * Connects to the first host (of several, libpq style) that answers and offers the session wanted, and
 * runs `setupSql` (the session settings) on it; with `prefer-standby`, a standby is looked for first, then
 * any server. Fails naming every host tried.
 */
async function connectFirst(configs: readonly DriverConfig[], server: ServerSettings, setupSql: string): Promise<Client> {
  // pg is loaded on the first connection, not by every command that could connect (see src/cli/main.ts).
  const { Client } = await import("pg");
  const hosts = server.randomOrder ? shuffled(configs) : [...configs];
  const origin = server.dataSourceFile === null ? "url" : "dataSource";
  const attempts: Attempt[] = [];
  const wanted = server.sessionWanted;
  const passes: SessionWanted[] = wanted === "prefer-standby" ? ["standby", "any"] : [wanted];
  for (const pass of passes) {
    for (const config of hosts) {
      const client = new Client(config as ClientConfig);
      // Without a listener, a connection dropped while idle would crash the process with an unhandled
      // 'error' event; the next query rejects with pg's own "not queryable" error instead.
      client.on("error", () => undefined);
      try {
        await client.connect();
        await client.query(setupSql);
      } catch (error) {
        const failure = explainConnectError(error, config.connectionTimeoutMillis ?? DEFAULT_CONNECT_TIMEOUT_MS, origin);
        await client.end().catch(() => undefined);
        attempts.push({ target: targetOf(client), reason: scrubSecrets(failure.reason, server.secrets), code: failure.code, cause: error });
        continue;
      }
      const refusal = await sessionRefusal(client, pass).catch((error: unknown) => `${(error as Error).message}`);
      if (refusal === null) return client;
      await client.end().catch(() => undefined);
      attempts.push({ target: targetOf(client), reason: refusal, code: null, cause: null });
    }
  }
  const first = attempts[0]!;
  const dataSourceFile = server.dataSourceFile;
  if (attempts.length === 1) {
    throw new DatabaseConnectionError(first.target, first.reason, first.code, { cause: first.cause, dataSourceFile });
  }
  const tried = attempts.map((a) => `${describeTarget(a.target)}: ${a.reason.replace(/[.]$/, "")}`);
  throw new DatabaseConnectionError(first.target, `tried ${attempts.length} hosts in turn: ${tried.join("; ")}`, first.code, {
    cause: attempts[attempts.length - 1]!.cause,
    dataSourceFile,
  });
}

/** Why a connected server does not give the session wanted, or null when it does. */
async function sessionRefusal(client: Client, wanted: SessionWanted): Promise<string | null> {
  if (wanted === "any") return null;
  const { rows } = await client.query<{ standby: boolean; readonly: boolean }>(
    "SELECT pg_is_in_recovery() AS standby, current_setting('transaction_read_only') = 'on' AS readonly",
  );
  const { standby, readonly } = rows[0]!;
  const refusals: Record<Exclude<SessionWanted, "any">, string | null> = {
    "read-write": readonly ? "the session is read-only (target_session_attrs=read-write)" : null,
    "read-only": readonly ? null : "the session accepts writes (target_session_attrs=read-only)",
    primary: standby ? "it is a standby, not a primary (target_session_attrs=primary)" : null,
    standby: standby ? null : "it is a primary, not a standby (target_session_attrs=standby)",
    "prefer-standby": null,
  };
  return refusals[wanted];
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function toField(field: FieldDef): { name: string; dataTypeID: number; dataTypeModifier: number } {
  return { name: field.name, dataTypeID: field.dataTypeID, dataTypeModifier: field.dataTypeModifier };
}

/** The parameters pg resolved from the URL and the PG* environment variables. */
function targetOf(client: Client): ConnectionTarget {
  return {
    host: client.host,
    port: client.port,
    database: client.database ?? client.user ?? "",
    user: client.user ?? "",
  };
}
