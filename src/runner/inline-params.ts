/**
 * Offline (`--sql`) mode prints statements with their bind parameters written in as literals. Each value
 * is converted to the text `pg` would send for it and written as an untyped string literal (`'42'`), which
 * Postgres resolves from context exactly as it resolves an untyped `$1`; `null` and `undefined` become
 * `NULL`.
 */
import { AutogenError } from "../errors";
import { quoteLiteral } from "../sql/quote";
import { skipQuoted } from "../sql/skip-quoted";

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
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return arrayText(value);
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
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

/** The index just past a literal or comment starting at `i`, or `i` when none starts there. */
function skipLiteralOrComment(sql: string, i: number): number {
  const ch = sql[i];
  const next = sql[i + 1];
  if (ch === "-" && next === "-") {
    const end = sql.indexOf("\n", i);
    return end < 0 ? sql.length : end;
  }
  if (ch === "/" && next === "*") return skipBlockComment(sql, i);
  if (ch === "'") {
    const escapes = i > 0 && /[eE]/.test(sql[i - 1]!) && !isIdentifierChar(sql[i - 2]);
    return skipQuoted(sql, i, "'", escapes);
  }
  if (ch === '"') return skipQuoted(sql, i, '"', false);
  if (ch === "$" && !isIdentifierChar(sql[i - 1])) {
    const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
    if (tag) {
      const end = sql.indexOf(tag[0], i + tag[0].length);
      return end < 0 ? sql.length : end + tag[0].length;
    }
  }
  return i;
}

/** Block comments nest in PostgreSQL. */
function skipBlockComment(sql: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === "/" && sql[i + 1] === "*") {
      depth++;
      i += 2;
    } else if (sql[i] === "*" && sql[i + 1] === "/") {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return i;
}

function isIdentifierChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(ch);
}
