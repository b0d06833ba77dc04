/**
 * SQL text that means the same whatever the session's `standard_conforming_strings`. Expressions that
 * Postgres printed (defaults, CHECK and index definitions, view queries) reach the compiler in the
 * standard-conforming form, where a backslash is an ordinary character; in a session where the setting is
 * off, the same text reads backslashes as escapes, so `'a\'` no longer ends where it did. Rewriting every
 * such constant as an escape string (`E'a\\'`) gives text that both settings read alike. Constants without
 * a backslash already read alike and are left as they are.
 */
import { skipQuoted } from "./skip-quoted";
import { isIdentifierChar, skipLiteralOrComment } from "./sql-scan";

/**
 * `sql` (read as standard-conforming) with each plain string constant that holds a backslash written as
 * an `E'...'` constant. Quoted identifiers, comments, dollar-quoted strings and constants that already
 * have a prefix (`E'...'`, `U&'...'`, `B'...'`, `X'...'`) are left alone. Idempotent.
 * @example portableStrings(`DEFAULT 'C:\\dir'::text`) // DEFAULT E'C:\\\\dir'::text
 */
export function portableStrings(sql: string): string {
  if (!sql.includes("\\")) return sql;
  let out = "";
  let copied = 0;
  let i = 0;
  while (i < sql.length) {
    if (sql[i] === "'" && isPlainConstantStart(sql, i)) {
      const end = skipQuoted(sql, i, "'");
      const body = sql.slice(i + 1, end - 1);
      // An unterminated constant runs to the end of the text: left as it is.
      const closed = end - i >= 2 && sql[end - 1] === "'" && !body.replace(/''/g, "").includes("'");
      if (closed && body.includes("\\")) {
        out += `${sql.slice(copied, i)}E'${body.replace(/\\/g, "\\\\")}'`;
        copied = end;
      }
      i = end;
      continue;
    }
    const skipped = skipLiteralOrComment(sql, i);
    i = skipped > i ? skipped : i + 1;
  }
  return out + sql.slice(copied);
}

/** A quote that opens a constant with no prefix: not after a letter or digit (`E'`, `B'`), nor after `U&`. */
function isPlainConstantStart(sql: string, i: number): boolean {
  const before = sql[i - 1];
  return !isIdentifierChar(before) && before !== "&";
}
