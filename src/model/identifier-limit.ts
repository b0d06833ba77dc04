/**
 * PostgreSQL's limit on identifiers: NAMEDATALEN - 1 = 63 bytes of UTF-8. A longer name is truncated when
 * it is parsed (with a NOTICE), never inside a multibyte character, and the object is stored, and
 * printed, under the truncated name. Comparing the untruncated name of an entity with the stored one
 * would never settle: every autogenerate would drop and re-create the object.
 */

/** The most bytes a stored identifier holds (NAMEDATALEN - 1 with the default build). */
export const MAX_IDENTIFIER_BYTES = 63;

/**
 * The name PostgreSQL stores for `name`: its longest prefix of whole characters that fits in 63 bytes of
 * UTF-8 (`pg_mbcliplen`).
 * @example truncateIdentifier("a".repeat(64)) // "a".repeat(63)
 * @example truncateIdentifier("日".repeat(22)) // "日".repeat(21): 63 bytes; a 22nd would need 66
 */
export function truncateIdentifier(name: string): string {
  // Fifteen characters take at most 60 bytes.
  if (name.length <= 15) return name;
  let bytes = 0;
  let end = 0;
  for (const ch of name) {
    bytes += utf8Length(ch.codePointAt(0)!);
    if (bytes > MAX_IDENTIFIER_BYTES) return name.slice(0, end);
    end += ch.length;
  }
  return name;
}

/**
 * `name` with `suffix` appended, `name` shortened (never inside a character) so that the whole fits in
 * 63 bytes and the suffix survives: a name derived from an already-long name stays distinct from it.
 * @example suffixedIdentifier("e".repeat(63), "__old") // "e".repeat(58) + "__old"
 */
export function suffixedIdentifier(name: string, suffix: string): string {
  const room = MAX_IDENTIFIER_BYTES - identifierBytes(suffix);
  let bytes = 0;
  let end = 0;
  for (const ch of name) {
    bytes += utf8Length(ch.codePointAt(0)!);
    if (bytes > room) break;
    end += ch.length;
  }
  return name.slice(0, end) + suffix;
}

/** The UTF-8 length of `name` in bytes. */
export function identifierBytes(name: string): number {
  let bytes = 0;
  for (const ch of name) bytes += utf8Length(ch.codePointAt(0)!);
  return bytes;
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}
