/**
 * Dollar-quoted constants (`DO $tag$ ... $tag$`) whose tag never occurs in their body: a body that holds
 * names read from a catalog (an identifier may contain `$`) must not end the constant early, which would
 * run the rest of the name as SQL.
 */

/** `body` between `$tag$` marks, the tag given a number (`$tag_1$`, ...) while the body holds it. */
export function dollarQuote(body: string, tag: string): string {
  let chosen = tag;
  for (let n = 1; body.includes(`$${chosen}$`); n++) chosen = `${tag}_${n}`;
  return `$${chosen}$${body}$${chosen}$`;
}
