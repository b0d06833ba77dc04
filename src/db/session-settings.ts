/**
 * What every session pg-autogen opens sets before its first statement, whatever the database's or role's
 * own defaults (`ALTER DATABASE ... SET`, `ALTER ROLE ... SET`) say:
 * - `standard_conforming_strings = on`: the SQL it writes and the texts Postgres prints for it are
 *   standard-conforming (a backslash is an ordinary character). With the setting off, `'a\'...'` would
 *   end somewhere else: the issue's injection.
 * - `client_encoding = UTF8`: the drivers decode and encode UTF-8; a LATIN1 client encoding would garble
 *   every non-ASCII name, comment and label.
 * - `array_nulls = on`: an array constant as Postgres prints it (`'{NULL,a}'::text[]`, a null and "a") reads
 *   back as the same array. With it off, the migration's `NULL` became the string "NULL" in the database,
 *   and `check` then found the default changed.
 * - `lc_monetary = C`: `money` constants are read and printed in the locale's format, and one locale's
 *   cannot be read under another (`'1.234,00 €'::money` under `de_DE` is an error under `C`, and `'$12.34'`
 *   the other way). With the database's own `lc_monetary`, the migration held a text that the shadow
 *   database, or a server set up otherwise, refused; and an entity's `'12.34'` was 1234 euros there.
 * - `extra_float_digits = 3`: a float prints in a form that reads back as the same value (shortest-exact on
 *   PostgreSQL 12 and later, which take any value above 0 so; all 17 digits before). Rebuilds move values
 *   through their text (a composite or range column re-read as its rebuilt type, `col::text::type`); with a
 *   database's `extra_float_digits = 0`, 0.1 + 0.2 came back as 0.3.
 * - optionally `lock_timeout` and `statement_timeout` from the configuration (`lockTimeout`,
 *   `statementTimeout`), so that a migration waiting for a lock behind a long transaction gives up
 *   instead of queueing every query of the application behind it.
 *
 * `search_path` is left as the session has it: migrations' own SQL (`op.execute`) and the entities'
 * default expressions are written against it. Everything the compiler writes is schema-qualified, and
 * introspection pins `search_path` per transaction (src/introspect/session-settings.ts).
 */
import { quoteLiteral } from "../sql/quote";

export interface SessionSettings {
  /** `lock_timeout`: a PostgreSQL duration (`"5s"`, `"500ms"`, `"1min"`, `"0"` for none); null leaves it. */
  readonly lockTimeout?: string | null;
  /** `statement_timeout`, likewise. */
  readonly statementTimeout?: string | null;
}

/** The settings every session pins, in the order they are set. */
export const PINNED_SETTINGS: ReadonlyArray<readonly [string, string]> = [
  ["standard_conforming_strings", "on"],
  ["client_encoding", "UTF8"],
  ["array_nulls", "on"],
  ["lc_monetary", "C"],
  ["extra_float_digits", "3"],
];

/** A duration as `lock_timeout` and `statement_timeout` accept it: a number, optionally with a unit. */
export const DURATION = /^\d+(\.\d+)?\s*(us|ms|s|min|h|d)?$/;

/** `[name, value]` of every setting a session with these options sets. */
export function sessionSettings(options: SessionSettings = {}): ReadonlyArray<readonly [string, string]> {
  const out: Array<readonly [string, string]> = [...PINNED_SETTINGS];
  if (options.lockTimeout != null) out.push(["lock_timeout", options.lockTimeout]);
  if (options.statementTimeout != null) out.push(["statement_timeout", options.statementTimeout]);
  return out;
}

/**
 * The `SET` statements, one per line, each ending in `;`: what a session runs first, and what the
 * offline (`--sql`) script begins with.
 * @example sessionSetupSql({ lockTimeout: "5s" })
 * // SET standard_conforming_strings = on;
 * // SET client_encoding = 'UTF8';
 * // SET array_nulls = on;
 * // SET lc_monetary = 'C';
 * // SET extra_float_digits = '3';
 * // SET lock_timeout = '5s';
 */
export function sessionSetupSql(options: SessionSettings = {}): string {
  return sessionSettings(options)
    .map(([name, value]) => `SET ${name} = ${value === "on" ? value : quoteLiteral(value)};`)
    .join("\n");
}
