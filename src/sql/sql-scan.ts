/**
 * The lexical steps that SQL text scanners here share: stepping over string constants, quoted identifiers,
 * dollar-quoted strings and comments, so that what is inside them is never read as SQL.
 */
import { skipQuoted } from "./skip-quoted";

const DOLLAR_TAG = /\$([A-Za-z_][A-Za-z0-9_]*)?\$/y;

/**
 * The index just past the string constant, quoted identifier, dollar-quoted string or comment that starts
 * at `i`, or `i` when none starts there. An `E'...'` constant (the `E` standing alone) honours backslash
 * escapes; every other `'...'` is read as standard-conforming, as the sessions pg-autogen opens read it.
 */
export function skipLiteralOrComment(sql: string, i: number): number {
  const ch = sql[i];
  const next = sql[i + 1];
  if (ch === "-" && next === "-") {
    const end = sql.indexOf("\n", i);
    return end < 0 ? sql.length : end;
  }
  if (ch === "/" && next === "*") return skipBlockComment(sql, i);
  if (ch === "'") return skipQuoted(sql, i, "'", isEscapeStringStart(sql, i));
  if (ch === '"') return skipQuoted(sql, i, '"', false);
  if (ch === "$" && !isIdentifierChar(sql[i - 1])) {
    DOLLAR_TAG.lastIndex = i;
    const tag = DOLLAR_TAG.exec(sql);
    if (tag) {
      const end = sql.indexOf(tag[0], i + tag[0].length);
      return end < 0 ? sql.length : end + tag[0].length;
    }
  }
  return i;
}

/** Whether the quote at `i` opens an `E'...'` constant: an `e` or `E` that is a token of its own. */
export function isEscapeStringStart(sql: string, i: number): boolean {
  return i > 0 && /[eE]/.test(sql[i - 1]!) && !isIdentifierChar(sql[i - 2]);
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

/** A character that can continue an unquoted identifier, keyword or number. */
export function isIdentifierChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_$\u0080-\uffff]/.test(ch);
}

/** What `rewriteOutsideLiterals` puts at an index: a text, for `length` characters of the original (at least 1). */
export interface Replacement {
  readonly text: string;
  readonly length: number;
}

/**
 * `text` rewritten token by token: `replaceAt` is asked at each index outside string constants, comments
 * and quoted names, and at the start of each of those (so that it may take a quoted name itself). What it
 * returns stands for that many characters; null leaves what starts there as it is (a whole constant,
 * comment or quoted name, else one character).
 * @example rewriteOutsideLiterals("a + 'a'", (t, i) => (t[i] === "a" ? { text: "b", length: 1 } : null)) // "b + 'a'"
 */
export function rewriteOutsideLiterals(text: string, replaceAt: (text: string, i: number) => Replacement | null): string {
  let result = "";
  let i = 0;
  while (i < text.length) {
    const found = replaceAt(text, i);
    if (found !== null) {
      result += found.text;
      i += Math.max(1, found.length);
      continue;
    }
    const end = skipLiteralOrComment(text, i);
    const next = end > i ? end : i + 1;
    result += text.slice(i, next);
    i = next;
  }
  return result;
}
