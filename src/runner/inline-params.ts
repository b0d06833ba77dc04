/**
 * Offline (`--sql`) mode prints statements with their bind parameters written in as literals. Each value
 * is converted to the text `pg` would send for it and written as an untyped string literal (`'42'`), which
 * Postgres resolves from context exactly as it resolves an untyped `$1`; `null` and `undefined` become
 * `NULL`.
 */
import { AutogenError } from "../errors";
import { quoteLiteral } from "../sql/quote";
import { isIdentifierChar, skipLiteralOrComment } from "../sql/sql-scan";

/** A statement refers to a parameter that was not passed. */
export class MissingParameterError extends AutogenError {
  constructor(
    readonly sql: string,
    readonly index: number,
    readonly given: number,
  ) {
    super(
      `The statement \`${sql.slice(0, 200)}\` refers to $${index}, but only ${given} parameter(s) were ` +
        `passed to op.execute().`,
    );
  }
}

/**
 * A value as a SQL literal.
 * @example sqlLiteral("it's") // 'it''s'
 * @example sqlLiteral(42) // '42'
 * @example sqlLiteral(null) // NULL
 */
export function sqlLiteral(value: unknown): string {
  return value === null || value === undefined ? "NULL" : quoteLiteral(parameterText(value));
}

/** The text `pg` sends for a parameter value (see pg's `prepareValue`). */
function parameterText(value: unknown): string {
  if (Buffer.isBuffer(value)) return `\\x${value.toString("hex")}`;
  if (value instanceof Date) return localDateText(value);
  if (Array.isArray(value)) return arrayText(value);
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

/**
 * A date as `pg` sends it: this process's local time with its UTC offset (`2019-12-31T21:00:00.000-05:00`
 * in New York for 02:00 UTC). The offset keeps a timestamptz the same instant, but a `timestamp` or `date`
 * column drops it and keeps the local time: written in UTC (`toISOString`), the `--sql` script stored other
 * values there than the live run whenever the process's time zone was not UTC.
 */
function localDateText(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const year = date.getFullYear();
  const offset = -date.getTimezoneOffset();
  const zone = `${offset < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  // Year 0 is 1 BC, -1 is 2 BC.
  const era = year < 1 ? " BC" : "";
  return (
    `${pad(year < 1 ? 1 - year : year, 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}` +
    `${zone}${era}`
  );
}

/** A Postgres array literal: `{"a","b",NULL}`. */
function arrayText(values: readonly unknown[]): string {
  const items = values.map((item) => {
    if (item === null || item === undefined) return "NULL";
    if (Array.isArray(item)) return arrayText(item);
    return `"${parameterText(item).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(",")}}`;
}

/**
 * Replaces `$1`, `$2`, ... in `sql` by the literals of `params`. Placeholders inside string constants,
 * quoted identifiers, dollar-quoted strings and comments are left alone.
 * @example inlineParams("UPDATE t SET a = $1 WHERE b = '$1'", ["x"]) // UPDATE t SET a = 'x' WHERE b = '$1'
 * @throws MissingParameterError when a placeholder has no value.
 */
export function inlineParams(sql: string, params: readonly unknown[]): string {
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const skipped = skipLiteralOrComment(sql, i);
    if (skipped > i) {
      out += sql.slice(i, skipped);
      i = skipped;
      continue;
    }
    const placeholder = /^\$(\d+)/.exec(sql.slice(i, i + 12));
    if (placeholder && !isIdentifierChar(sql[i - 1])) {
      const index = Number(placeholder[1]);
      if (index < 1 || index > params.length)
        throw new MissingParameterError(sql, index, params.length);
      out += sqlLiteral(params[index - 1]);
      i += placeholder[0].length;
      continue;
    }
    out += sql[i];
    i++;
  }
  return out;
}
