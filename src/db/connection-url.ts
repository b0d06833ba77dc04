/**
 * Database URLs: validation and redaction. A URL is shown to users only through `redactDatabaseUrl`, which
 * replaces the password (in the user-info part and in a `password=` parameter) with `***`.
 */
import { InvalidDatabaseUrlError } from "./database-errors";

/** A URL accepted by `connectPostgres`, with what may be shown of it and what must not be. */
export interface ParsedDatabaseUrl {
  /** The URL with every password replaced by `***`. */
  readonly redacted: string;
  /** Every password the URL carries (decoded and raw), to be scrubbed from driver messages. */
  readonly secrets: readonly string[];
}

const SCHEMES = new Set(["postgres:", "postgresql:"]);
const PASSWORD_PARAM = /([?&]password=)[^&#]*/gi;

/**
 * Checks that `url` is a `postgres://` or `postgresql://` URL and computes its redacted form.
 *
 * @example
 * parseDatabaseUrl("postgresql://app:s3cret@db:5432/shop").redacted
 * // "postgresql://app:***@db:5432/shop"
 * @throws InvalidDatabaseUrlError when the text is not such a URL (the message never repeats the URL,
 *   which may hold a password)
 */
export function parseDatabaseUrl(url: string): ParsedDatabaseUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidDatabaseUrlError(
      badPort(url) ??
        "it cannot be parsed as a URL (a password with reserved characters such as @, / or # must be percent-encoded)",
    );
  }
  if (!SCHEMES.has(parsed.protocol)) {
    throw new InvalidDatabaseUrlError(`its scheme is "${parsed.protocol.replace(/:$/, "")}", expected postgresql or postgres`);
  }
  const secrets = new Set<string>();
  if (parsed.password !== "") {
    secrets.add(parsed.password);
    secrets.add(safeDecode(parsed.password));
    parsed.password = "***";
  }
  for (const value of parsed.searchParams.getAll("password")) {
    if (value !== "") secrets.add(value);
  }
  // Rewrite the query by hand: URLSearchParams would re-encode the parameters that are not secret.
  parsed.search = parsed.search.replace(PASSWORD_PARAM, "$1***");
  return { redacted: parsed.toString(), secrets: [...secrets] };
}

/** Shorthand for `parseDatabaseUrl(url).redacted`. */
export function redactDatabaseUrl(url: string): string {
  return parseDatabaseUrl(url).redacted;
}

/**
 * Removes every occurrence of the given secrets from a text (a driver or server message) before it is
 * shown. Secrets shorter than 4 characters are left alone: replacing them would garble the message
 * while protecting nothing.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join("***");
  }
  return out;
}

/**
 * Why the port of a URL that does not parse is wrong, or null when the port is fine or absent. The port
 * is read after the last `@` of the authority (a password may hold reserved characters) and after its
 * last `:` (outside an IPv6 address's brackets); the text returned never holds the password.
 * @example badPort("postgresql://u:p@db:99999/x") // => "port 99999 is not a valid port (1 to 65535)"
 */
function badPort(url: string): string | null {
  const afterScheme = url.indexOf("://");
  if (afterScheme < 0) return null;
  const rest = url.slice(afterScheme + 3);
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  // An "@" after the authority: a reserved character in the password cut it short; the port is not read.
  if (end >= 0 && rest.slice(end).includes("@")) return null;
  const hostPort = authority.slice(authority.lastIndexOf("@") + 1);
  const colon = hostPort.lastIndexOf(":");
  if (colon < 0 || hostPort.lastIndexOf("]") > colon || hostPort.includes(",")) return null;
  const port = hostPort.slice(colon + 1);
  if (port === "") return null;
  if (!/^\d+$/.test(port)) return `the port "${port}" is not a number`;
  return Number(port) > 65535 ? `port ${port} is not a valid port (1 to 65535)` : null;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
