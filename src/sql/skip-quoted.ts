/**
 * The one lexical step that every SQL text scanner here needs: stepping over a quoted run (a string
 * constant or a quoted identifier) so that what is inside it is never read as SQL.
 */

/**
 * Index just past the quoted run that starts at `start` (where `text[start] === quote`); a doubled quote
 * character stays inside the run. With `backslashEscapes` (an `E'...'` string constant), a backslash
 * escapes the character after it. An unterminated run ends at the end of the text.
 * @example skipQuoted(`'it''s' || x`, 0, "'") // 7
 */
export function skipQuoted(text: string, start: number, quote: string, backslashEscapes = false): number {
  let i = start + 1;
  while (i < text.length) {
    if (backslashEscapes && text[i] === "\\") {
      i += 2;
      continue;
    }
    if (text[i] === quote) {
      if (text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return i;
}
