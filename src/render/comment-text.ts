/**
 * Text that goes into comments of a generated file: a commit message, a destructive-change reason, a
 * revision id. Whatever it contains, it cannot end the comment early or start code.
 */

/** JavaScript's line terminators: LF, CR, and the Unicode line and paragraph separators. */
const LINE_TERMINATORS = /\r\n|[\n\r\u2028\u2029]/g;

/** One line for a `// ...` comment: line breaks become spaces, a star-slash is broken up, ends trimmed. */
export function lineCommentText(text: string): string {
  return text.replace(LINE_TERMINATORS, " ").replace(/\*\//g, "* /").trim();
}

/**
 * The lines of a doc comment block, each prefixed with ` * `: a star-slash is broken up into `* /` so it
 * cannot close the block, trailing spaces are trimmed, and an empty text gives one empty line.
 */
export function docCommentLines(text: string): string {
  return text
    .replace(/\*\//g, "* /")
    .split(LINE_TERMINATORS)
    .map((line) => ` * ${line}`.trimEnd())
    .join("\n");
}

/** A paragraph as `// ` lines of at most about 100 characters. */
export function wrapComment(text: string, width = 96): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of lineCommentText(text).split(/\s+/)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(`// ${line}`);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(`// ${line}`);
  return lines;
}
