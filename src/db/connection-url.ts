/**
 * Database URLs (and libpq keyword/value strings): validation and redaction. A connection string is shown
 * to users only through `redactDatabaseUrl`, which replaces every password (in the user-info part of a URL,
 * in a `password=` parameter or keyword) with `***` and leaves the rest exactly as written.
 */
import { parseConnectionString, type ConnectionInfo } from "./connection-string";

/** A connection string accepted by `connectPostgres`, with what may be shown of it and what must not be. */
export interface ParsedDatabaseUrl {
  /** The string with every password replaced by `***`. */
  readonly redacted: string;
  /** Every password the string carries (decoded and raw), to be scrubbed from driver messages. */
  readonly secrets: readonly string[];
  /** Its keywords and hosts (see connection-string.ts). */
  readonly info: ConnectionInfo;
}

const PASSWORD_PARAM = /([?&]password=)[^&#]*/gi;
const PASSWORD_KEYWORD = /(^|\s)(password\s*=\s*)('(?:[^'\\]|\\.)*'?|(?:[^\s\\]|\\.)*)/g;

/**
 * Checks that `url` is a connection string libpq accepts (a `postgresql://` or `postgres://` URI, or
 * `keyword=value` pairs) and computes its redacted form.
 *
 * @example
 * parseDatabaseUrl("postgresql://app:s3cret@db:5432/shop").redacted
 * // "postgresql://app:***@db:5432/shop"
 * @throws InvalidDatabaseUrlError when it is not (the message never repeats the string, which may hold a
 *   password)
 */
export function parseDatabaseUrl(url: string): ParsedDatabaseUrl {
  const info = parseConnectionString(url);
  const secrets = new Set<string>();
  let redacted: string;
  if (info.form === "uri") {
    const schemeEnd = url.indexOf("://") + 3;
    let at = schemeEnd;
    while (at < url.length && url[at] !== "@" && url[at] !== "/") at++;
    redacted = url;
    if (url[at] === "@") {
      const colon = url.indexOf(":", schemeEnd);
      if (colon >= 0 && colon < at) {
        const raw = url.slice(colon + 1, at);
        if (raw !== "") secrets.add(raw);
        redacted = `${url.slice(0, colon + 1)}***${url.slice(at)}`;
      }
    }
    const query = redacted.indexOf("?");
    if (query >= 0) redacted = redacted.slice(0, query) + redacted.slice(query).replace(PASSWORD_PARAM, "$1***");
  } else {
    redacted = url.replace(PASSWORD_KEYWORD, "$1$2***");
  }
  const password = info.params.get("password");
  if (password !== undefined && password !== "") secrets.add(password);
  return { redacted, secrets: [...secrets], info };
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
