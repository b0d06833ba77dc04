/**
 * The server a TypeORM DataSource of type "postgres" connects to, read from its options as TypeORM's
 * PostgresDriver hands them to node-postgres (`createPool`, the same in 0.3.17 and 1.x), without
 * initialising it (`initialize()` would open TypeORM's pool and install extensions):
 * - the credentials are `replication.master` when the DataSource is replicated (writes go there), else the
 *   options themselves: `host`, `port`, `username`, `password` (a string or a function, which
 *   node-postgres calls), `database`, `ssl` (a boolean or TLS options);
 * - `connectTimeoutMS` and `applicationName` of the options (1.x also takes the credentials'
 *   `applicationName`);
 * - `extra` (node-postgres's own settings) laid over all of these;
 * - `url` (or `extra.connectionString`) replaces host, port, username, password and database, as
 *   node-postgres lets a connection string do: what the URL leaves out comes from the `PG*` environment
 *   variables and the defaults (localhost, 5432), not from the other options. Its query parameters take
 *   precedence too. It is read as libpq reads it (connection-string.ts), as every URL pg-autogen takes.
 *
 * What none of these gives is left to the driver's defaults and `PG*` variables, as under TypeORM.
 */
import { InvalidDatabaseUrlError } from "./database-errors";
import { urlServer, type ServerSettings } from "./postgres";
import type { DriverConfig } from "./connection-string";

/** The credentials of a DataSource (or of its `replication.master`). */
const CREDENTIALS = ["url", "host", "port", "username", "password", "database"] as const;
/** The same, as `extra` (node-postgres's settings) names them. */
const DRIVER_CREDENTIALS = ["connectionString", "host", "port", "user", "password", "database"] as const;
/** What a connection string decides alone: node-postgres ignores the other options' values for these. */
const URL_DECIDES = ["host", "port", "user", "password", "database"] as const;
/**
 * `extra` settings that change how results are read, not where the connection goes: pg-autogen reads
 * catalog rows with node-postgres's own type parsing in text mode (see postgres.ts), so they are dropped.
 */
const RESULT_SETTINGS = ["types", "binary"] as const;

type Options = Readonly<Record<string, unknown>>;

function objectOrEmpty(value: unknown): Options {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Options) : {};
}

/** The credentials TypeORM connects with: the replication master's when there is one. */
function credentialsOf(options: Options): Options {
  const master = objectOrEmpty(options.replication).master;
  return master === undefined ? options : objectOrEmpty(master);
}

/**
 * Whether the options say where to connect: any credential (or its `extra` form) given. A DataSource
 * without them leaves everything to the driver's defaults; pg-autogen then takes no connection from it.
 */
export function namesServer(options: Options): boolean {
  const credentials = credentialsOf(options);
  const extra = objectOrEmpty(options.extra);
  return CREDENTIALS.some((key) => credentials[key] != null) || DRIVER_CREDENTIALS.some((key) => extra[key] != null);
}

/** `config` without its undefined values, which node-postgres takes for unset. */
function defined(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
}

function without(config: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([key]) => !keys.includes(key)));
}

/** The driver's settings from the options, before a URL replaces any (TypeORM's `createPool`). */
function driverSettings(options: Options): Record<string, unknown> {
  const credentials = credentialsOf(options);
  const extra = without({ ...objectOrEmpty(options.extra) }, RESULT_SETTINGS);
  return {
    host: credentials.host,
    port: credentials.port,
    user: credentials.username,
    password: credentials.password,
    database: credentials.database,
    ssl: credentials.ssl,
    connectionTimeoutMillis: options.connectTimeoutMS,
    application_name: options.applicationName ?? credentials.applicationName,
    ...extra,
  };
}

/**
 * A password function that puts what it answers among `secrets`, so that a failure message never shows it.
 */
function recordingPassword(password: unknown, secrets: string[]): unknown {
  if (typeof password === "string") {
    if (password !== "") secrets.push(password);
    return password;
  }
  if (typeof password !== "function") return password;
  return async (...args: unknown[]) => {
    const answer: unknown = await (password as (...a: unknown[]) => unknown)(...args);
    if (typeof answer === "string" && answer !== "") secrets.push(answer);
    return answer;
  };
}

/**
 * The server of a DataSource's options, or null when they name none (see `namesServer`).
 *
 * @param options the DataSource's `options` (type "postgres")
 * @param file the DataSource module, named in messages
 * @example
 * dataSourceServer({ type: "postgres", host: "db", username: "app", password: "s3cret", database: "shop" }, file)
 * // { configs: [{ host: "db", user: "app", password: "s3cret", database: "shop" }], description: null, ... }
 * @throws InvalidDatabaseUrlError (naming the module) when its `url` is not a connection string libpq accepts
 */
export function dataSourceServer(options: Options, file: string): ServerSettings | null {
  if (!namesServer(options)) return null;
  const settings = driverSettings(options);
  const { connectionString, ...rest } = settings;
  const url = typeof connectionString === "string" && connectionString !== "" ? connectionString : credentialsOf(options).url;
  const secrets: string[] = [];
  if (typeof url !== "string" || url === "") {
    const config = defined({ ...rest, password: recordingPassword(rest.password, secrets) });
    return { configs: [config as DriverConfig], secrets, description: null, sessionWanted: "any", randomOrder: false, dataSourceFile: file };
  }
  let server: ServerSettings;
  try {
    server = urlServer(url);
  } catch (error) {
    if (error instanceof InvalidDatabaseUrlError) throw new InvalidDatabaseUrlError(error.reason, file);
    throw error;
  }
  const others = defined(without(rest, URL_DECIDES));
  return {
    ...server,
    configs: server.configs.map((config) => ({ ...others, ...config }) as DriverConfig),
    secrets: [...server.secrets],
    dataSourceFile: file,
  };
}
