/**
 * Small, lexically careful helpers for expression texts that Postgres printed (index keys, predicates):
 * deciding whether a text is a bare column name and whether it is already wrapped in parentheses, with
 * string literals and quoted identifiers skipped so that a `(` inside `'('` is never counted.
 */
import { skipQuoted } from "./skip-quoted";

const UNQUOTED_IDENT = /^[a-z_\u0080-\uffff][a-z0-9_$\u0080-\uffff]*$/;
const QUOTED_IDENT = /^"(?:[^"]|"")+"$/;

/** Whether `text` is one identifier as `quote_ident` prints it: `name`, `"Name"`, `"a ""b"""`. */
export function isPlainIdentifier(text: string): boolean {
  return UNQUOTED_IDENT.test(text) || QUOTED_IDENT.test(text);
}

/**
 * Whether the whole of `text` is one parenthesised group: true for `(a + 1)`, false for `(a) + (b)`,
 * `lower(b)` and `(a).b`.
 */
export function isParenthesized(text: string): boolean {
  if (!text.startsWith("(") || !text.endsWith(")")) return false;
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      i = skipQuoted(text, i, ch);
      continue;
    }
    if (ch === "(") depth++;
    if (ch === ")") {
      depth--;
      if (depth === 0) return i === text.length - 1;
    }
    i++;
  }
  return false;
}

/** `text` wrapped in parentheses unless it already is one parenthesised group. */
export function parenthesize(text: string): string {
  const trimmed = text.trim();
  return isParenthesized(trimmed) ? trimmed : `(${trimmed})`;
}
