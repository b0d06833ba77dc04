/**
 * The connection layer: a `Database` on a PostgreSQL server (`pg`), or on the embedded database (a
 * PostgreSQL server from npm, or PGlite).
 */
export type { Database, QueryResult, Queryable } from "./database";
export { openDatabase, embeddedDataDir, AUTOGEN_DIR, EMBEDDED_DATA_DIR, type OpenDatabaseOptions } from "./open";
export { connectPostgres, DEFAULT_CONNECT_TIMEOUT_MS, type ConnectPostgresOptions } from "./postgres";
export { openEmbedded, openEphemeral, type EmbeddedOptions } from "./pglite";
export { chooseEngine, openEmbeddedDatabase, startShadowServer, type EmbeddedEngineName, type EmbeddedOpenOptions, type ShadowServer } from "./embedded";
export { parseDatabaseUrl, redactDatabaseUrl } from "./connection-url";
export type { ConnectionTarget } from "./connection-target";
export {
  DatabaseConnectionError,
  EmbeddedDatabaseBusyError,
  EmbeddedDatabaseError,
  EmbeddedEngineMismatchError,
  EmbeddedEngineUnavailableError,
  InvalidDatabaseUrlError,
  NestedTransactionError,
  TransactionClosedError,
} from "./database-errors";
