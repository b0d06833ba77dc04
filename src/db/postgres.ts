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
import type { ConnectionTarget } from "./connection-target";
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
 * @throws InvalidDatabaseUrlError when `url` is not a postgres(ql):// URL
 * @throws DatabaseConnectionError when the server cannot be reached or refuses the connection; the
 *   message names host, port, database and user, never the password
 */
export async function connectPostgres(url: string, options: ConnectPostgresOptions = {}): Promise<Database> {
  const { redacted, secrets } = parseDatabaseUrl(url);
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const config: ClientConfig = {
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
    application_name: options.applicationName ?? "pg-autogen",
  };
  // pg is loaded on the first connection, not by every command that could connect (see src/cli/main.ts).
  const { Client } = await import("pg");
  const client = new Client(config);
  // Without a listener, a connection dropped while idle would crash the process with an unhandled
  // 'error' event; the next query rejects with pg's own "not queryable" error instead.
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.query(sessionSetupSql(options.settings));
  } catch (error) {
    const failure = explainConnectError(error, connectTimeoutMs);
    await client.end().catch(() => undefined);
    throw new DatabaseConnectionError(targetOf(client), scrubSecrets(failure.reason, secrets), failure.code, {
      cause: error,
    });
  }
  return createSerialisedDatabase("postgres", options.description ?? redacted, {
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
