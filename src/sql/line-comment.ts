/**
 * One `-- ...` line of a printed SQL script (`autogen diff`, `--sql`) whose text holds names or messages
 * from a database or a migration. PostgreSQL (and psql) end a `--` comment at a line feed or a carriage
 * return, so a table named `"x<CR>DROP TABLE users; --"` printed as it is would put a statement on the
 * line after the comment. Both become spaces here: whatever the text, it stays inside the comment.
 */

/** PostgreSQL's line ends (its lexer's `newline`: LF and CR), with the blanks around them. */
const LINE_ENDS = /\s*[\r\n]+\s*/g;

/**
 * @example sqlLineComment("drops table evil\rDROP TABLE users;") // "-- drops table evil DROP TABLE users;"
 */
export function sqlLineComment(text: string): string {
  return `-- ${text.replace(LINE_ENDS, " ").trim()}`;
}
