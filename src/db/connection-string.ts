/**
 * libpq's connection strings, both forms (PostgreSQL docs, "Connection Strings"):
 * - URIs: `postgresql://[user[:password]@][host[:port][,...]][/dbname][?keyword=value&...]`, with
 *   percent-encoding, IPv6 hosts in brackets, a Unix socket directory as an encoded host
 *   (`%2Fvar%2Frun%2Fpostgresql`) or as the `host` parameter of an empty host part
 *   (`postgresql://app@/shop?host=/var/run/postgresql`), several hosts, and `ssl=true` for `sslmode=require`;
 * - keyword/value strings: `host=/tmp port=5432 dbname='my db'`, values quoted with `'`, `\` escaping.
 *
 * Both give libpq's keywords and a host list; `clientConfigs` turns them into what the driver (`pg`) is
 * given for each host. A keyword the driver cannot honour is refused rather than ignored, so that a
 * setting the user relies on (a CRL, a required authentication method) is never silently dropped. No
 * error message repeats the string: it may hold a password.
 */
import { parse as parseSslUri } from "pg-connection-string";
import { InvalidDatabaseUrlError } from "./database-errors";

/**
 * The driver's settings for one host, as `pg`'s `Client` takes them (its `ClientConfig`). Declared here
 * rather than taken from @types/pg, a devDependency: the published declarations must not name a package
 * an application may not have.
 */
export interface DriverConfig {
  readonly connectionTimeoutMillis?: number;
  readonly [setting: string]: unknown;
}

/** One host to try, in order: a name, an IP address or a socket directory; null for the driver's default. */
export interface HostSpec {
  readonly host: string | null;
  readonly port: number | null;
}

export interface ConnectionInfo {
  readonly form: "uri" | "keywords";
  /** libpq keywords as given (a URI's parts as their keywords: `user`, `password`, `host`, `port`, `dbname`). */
  readonly params: ReadonlyMap<string, string>;
  /** The hosts to try, in order (from `host`, `hostaddr` and `port`). */
  readonly hosts: readonly HostSpec[];
}

/** Keywords that map onto the driver's settings. */
const SUPPORTED = [
  "host", "hostaddr", "port", "dbname", "user", "password", "connect_timeout", "client_encoding", "options",
  "application_name", "fallback_application_name", "keepalives", "keepalives_idle", "keepalives_interval",
  "keepalives_count", "tcp_user_timeout", "sslmode", "sslcert", "sslkey", "sslrootcert", "sslpassword",
  "sslnegotiation", "sslcompression", "sslsni", "requiressl", "target_session_attrs", "load_balance_hosts",
  "channel_binding", "gssencmode", "krbsrvname", "gsslib",
  // node-postgres's own switch to libpq's meaning of sslmode
  "uselibpqcompat",
] as const;

/** libpq keywords whose meaning the driver cannot give: refused. */
const UNSUPPORTED = [
  "service", "passfile", "require_auth", "sslcrl", "sslcrldir", "sslcertmode", "sslkeylogfile", "requirepeer",
  "ssl_min_protocol_version", "ssl_max_protocol_version", "gssdelegation", "replication", "min_protocol_version",
  "max_protocol_version", "scram_client_key", "scram_server_key", "oauth_issuer", "oauth_client_id",
  "oauth_client_secret", "oauth_scope",
] as const;

const KNOWN: ReadonlySet<string> = new Set<string>([...SUPPORTED, ...UNSUPPORTED]);
const URI_PREFIXES = ["postgresql://", "postgres://"] as const;

/**
 * Parses a connection string of either form.
 *
 * @example
 * parseConnectionString("postgresql://app@/shop?host=/var/run/postgresql&port=5433").hosts
 * // [{ host: "/var/run/postgresql", port: 5433 }]
 * @throws InvalidDatabaseUrlError naming what is wrong, never repeating the string
 */
export function parseConnectionString(text: string): ConnectionInfo {
  const prefix = URI_PREFIXES.find((p) => text.toLowerCase().startsWith(p));
  if (prefix !== undefined) return withHosts("uri", parseUri(text.slice(prefix.length)));
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme) throw new InvalidDatabaseUrlError(`its scheme is "${scheme[1]}", expected postgresql or postgres`);
  if (!text.includes("=")) {
    throw new InvalidDatabaseUrlError(
      "it is neither a postgresql:// URL nor a keyword/value connection string (host=... dbname=...)",
    );
  }
  return withHosts("keywords", parseKeywords(text));
}

/** Whether `text` looks like a connection string of either form (not whether it is a valid one). */
export function looksLikeConnectionString(text: string): boolean {
  return URI_PREFIXES.some((p) => text.toLowerCase().startsWith(p)) || /^\s*[a-z_]+\s*=/i.test(text);
}

function withHosts(form: ConnectionInfo["form"], params: Map<string, string>): ConnectionInfo {
  return { form, params, hosts: hostsOf(params) };
}

/** libpq's conninfo_uri_parse_options, after the scheme. */
function parseUri(rest: string): Map<string, string> {
  const params = new Map<string, string>();
  let p = 0;
  // User credentials come before an '@' met before any '/'.
  const at = scanTo(rest, 0, "@/");
  if (rest[at] === "@") {
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(":");
    const user = decode(colon < 0 ? userinfo : userinfo.slice(0, colon), "the user name");
    if (user !== "") params.set("user", user);
    if (colon >= 0) params.set("password", decode(userinfo.slice(colon + 1), "the password"));
    p = at + 1;
  }
  const hosts: string[] = [];
  const ports: string[] = [];
  for (;;) {
    let host: string;
    if (rest[p] === "[") {
      const close = rest.indexOf("]", p);
      if (close < 0) throw new InvalidDatabaseUrlError('an IPv6 host address opened with "[" is not closed with "]"');
      host = rest.slice(p + 1, close);
      p = close + 1;
    } else {
      const end = scanTo(rest, p, ":/?,");
      host = decode(rest.slice(p, end), "a host name");
      p = end;
    }
    let port = "";
    if (rest[p] === ":") {
      const end = scanTo(rest, p + 1, "/?,");
      port = decode(rest.slice(p + 1, end), "a port");
      p = end;
    }
    hosts.push(host);
    ports.push(port);
    if (rest[p] !== ",") break;
    p++;
  }
  // A port that is not a number, with an "@" further on: a "/" in the password cut the user info short,
  // and what looks like a port is part of the password, which must not be shown.
  if (ports.some((port) => port !== "" && !/^\d+$/.test(port)) && rest.slice(p).includes("@")) {
    throw new InvalidDatabaseUrlError(
      "it cannot be parsed as a URL (a password with reserved characters such as @, / or # must be percent-encoded)",
    );
  }
  if (hosts.some((h) => h !== "")) params.set("host", hosts.join(","));
  if (ports.some((port) => port !== "")) params.set("port", ports.join(","));
  if (rest[p] === "/") {
    const end = scanTo(rest, p + 1, "?");
    const dbname = decode(rest.slice(p + 1, end), "the database name");
    if (dbname !== "") params.set("dbname", dbname);
    p = end;
  }
  if (rest[p] === "?") {
    for (const pair of rest.slice(p + 1).split("&")) {
      if (pair === "") continue;
      const eq = pair.indexOf("=");
      if (eq < 0) throw new InvalidDatabaseUrlError('one of its query parameters has no "=value"');
      const key = decode(pair.slice(0, eq), "a query parameter");
      const value = decode(pair.slice(eq + 1), `the value of query parameter "${safeName(key)}"`);
      if (key === "ssl" && value === "true") {
        params.set("sslmode", "require");
        continue;
      }
      if (!KNOWN.has(key)) {
        throw new InvalidDatabaseUrlError(
          `its query parameter "${safeName(key)}" is not a libpq connection keyword (a mistyped keyword is refused rather than ignored)`,
        );
      }
      params.set(key, value);
    }
  } else if (p < rest.length) {
    throw new InvalidDatabaseUrlError(`unexpected "${rest[p]}" after the host part`);
  }
  return params;
}

/** libpq's conninfo_parse: `keyword = value` pairs separated by white space. */
function parseKeywords(text: string): Map<string, string> {
  const params = new Map<string, string>();
  let p = 0;
  const space = (c: string | undefined) => c !== undefined && /\s/.test(c);
  for (;;) {
    while (space(text[p])) p++;
    if (p >= text.length) break;
    const start = p;
    while (p < text.length && !space(text[p]) && text[p] !== "=") p++;
    const key = text.slice(start, p);
    while (space(text[p])) p++;
    if (text[p] !== "=") throw new InvalidDatabaseUrlError(`the keyword "${safeName(key)}" is not followed by "="`);
    p++;
    while (space(text[p])) p++;
    let value = "";
    if (text[p] === "'") {
      p++;
      for (;;) {
        if (p >= text.length) throw new InvalidDatabaseUrlError(`the value of "${safeName(key)}" is an unterminated quoted value`);
        const c = text[p]!;
        if (c === "\\" && p + 1 < text.length) {
          value += text[p + 1];
          p += 2;
        } else if (c === "'") {
          p++;
          break;
        } else {
          value += c;
          p++;
        }
      }
    } else {
      while (p < text.length && !space(text[p])) {
        if (text[p] === "\\" && p + 1 < text.length) p++;
        value += text[p];
        p++;
      }
    }
    if (!KNOWN.has(key)) throw new InvalidDatabaseUrlError(`it names an unknown connection keyword "${safeName(key)}"`);
    params.set(key, value);
  }
  return params;
}

/** The hosts to try, from the `host`, `hostaddr` and `port` lists. */
function hostsOf(params: ReadonlyMap<string, string>): HostSpec[] {
  const list = (key: string): string[] | null => (params.has(key) ? params.get(key)!.split(",") : null);
  const names = list("host");
  const addresses = list("hostaddr");
  if (names && addresses && names.length !== addresses.length) {
    throw new InvalidDatabaseUrlError(`it gives ${names.length} hosts but ${addresses.length} host addresses`);
  }
  const count = (names ?? addresses ?? [""]).length;
  const ports = list("port");
  if (ports && ports.length !== 1 && ports.length !== count) {
    throw new InvalidDatabaseUrlError(`it gives ${count} hosts but ${ports.length} ports`);
  }
  return Array.from({ length: count }, (_, i) => {
    const host = addresses?.[i] || names?.[i] || "";
    const port = ports ? (ports.length === 1 ? ports[0]! : ports[i]!) : "";
    return { host: host === "" ? null : host, port: portNumber(port) };
  });
}

function portNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (!/^\d+$/.test(trimmed)) throw new InvalidDatabaseUrlError(`the port "${safeName(trimmed)}" is not a number`);
  const port = Number(trimmed);
  if (port < 1 || port > 65535) throw new InvalidDatabaseUrlError(`port ${trimmed} is not a valid port (1 to 65535)`);
  return port;
}

/** Keywords passed to pg-connection-string's own SSL rules (sslmode's meaning, certificate files). */
const SSL_KEYS = ["sslmode", "sslcert", "sslkey", "sslrootcert", "sslnegotiation", "uselibpqcompat"] as const;

/**
 * The driver's settings for each host of `info`, in order. What the string does not give is left out,
 * so that the driver applies its defaults and the `PG*` environment variables, as libpq does.
 * @throws InvalidDatabaseUrlError for a keyword or value the driver cannot honour
 */
export function clientConfigs(info: ConnectionInfo): DriverConfig[] {
  const params = info.params;
  for (const key of UNSUPPORTED) {
    if (params.has(key)) {
      throw new InvalidDatabaseUrlError(
        `the connection keyword "${key}" is not supported by the driver pg-autogen uses (node-postgres); ` +
          "remove it, or connect in another way",
      );
    }
  }
  refuseValue(params, "gssencmode", ["require"], "GSSAPI encryption");
  refuseValue(params, "channel_binding", ["require"], "requiring channel binding");
  refuseValue(params, "target_session_attrs", [], "", ["any", "read-write", "read-only", "primary", "standby", "prefer-standby"]);
  refuseValue(params, "load_balance_hosts", [], "", ["disable", "random"]);
  const base: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) base[key] = value;
  };
  set("user", params.get("user") || undefined);
  set("password", params.get("password"));
  set("database", params.get("dbname") || undefined);
  set("application_name", params.get("application_name") || undefined);
  set("client_encoding", params.get("client_encoding") || undefined);
  set("options", params.get("options") || undefined);
  set("connectionTimeoutMillis", seconds(params, "connect_timeout"));
  if (params.has("keepalives")) set("keepAlive", params.get("keepalives") !== "0");
  set("keepAliveInitialDelayMillis", seconds(params, "keepalives_idle"));
  if (params.get("channel_binding") === "prefer") set("enableChannelBinding", true);
  const ssl = sslConfig(params);
  if (ssl !== undefined) set("ssl", ssl);
  return info.hosts.map((spec) => {
    const config: Record<string, unknown> = { ...base };
    if (spec.host !== null) config.host = spec.host;
    if (spec.port !== null) config.port = spec.port;
    return config;
  });
}

function refuseValue(
  params: ReadonlyMap<string, string>,
  key: string,
  refused: readonly string[],
  what: string,
  allowed?: readonly string[],
): void {
  const value = params.get(key);
  if (value === undefined) return;
  if (refused.includes(value)) {
    throw new InvalidDatabaseUrlError(`${key}=${value} (${what}) is not supported by the driver pg-autogen uses (node-postgres)`);
  }
  if (allowed && !allowed.includes(value)) {
    throw new InvalidDatabaseUrlError(`${key} must be one of ${allowed.join(", ")}`);
  }
}

function seconds(params: ReadonlyMap<string, string>, key: string): number | undefined {
  const text = params.get(key)?.trim();
  if (text === undefined || text === "") return undefined;
  if (!/^\d+$/.test(text)) throw new InvalidDatabaseUrlError(`${key} must be a whole number of seconds`);
  return Number(text) * 1000;
}

/** The `ssl` setting, by node-postgres's own reading of the SSL keywords; undefined when none is given. */
function sslConfig(params: ReadonlyMap<string, string>): unknown {
  const query = new URLSearchParams();
  for (const key of SSL_KEYS) {
    const value = params.get(key);
    if (value !== undefined) query.set(key, value);
  }
  if (params.get("requiressl") === "1" && !params.has("sslmode")) query.set("sslmode", "require");
  if ([...query.keys()].length === 0) return undefined;
  let ssl: unknown;
  try {
    ssl = parseSslUri(`postgresql://host/?${query.toString()}`).ssl;
  } catch (error) {
    throw new InvalidDatabaseUrlError(`its SSL settings cannot be used: ${(error as Error).message}`);
  }
  const passphrase = params.get("sslpassword");
  if (passphrase !== undefined && typeof ssl === "object" && ssl !== null) return { ...ssl, passphrase };
  return ssl;
}

/** Index of the first character of `chars` in `text` from `from`, or the length. */
function scanTo(text: string, from: number, chars: string): number {
  let i = from;
  while (i < text.length && !chars.includes(text[i]!)) i++;
  return i;
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new InvalidDatabaseUrlError(`${what} has a bad percent-encoding (a "%" must be followed by two hex digits)`);
  }
}

/** A keyword as shown in a message: short and printable, since it cannot be a secret but might be garbage. */
function safeName(text: string): string {
  return text.length > 40 || /[^\x20-\x7e]/.test(text) ? `${text.slice(0, 20).replace(/[^\x20-\x7e]/g, "?")}...` : text;
}
