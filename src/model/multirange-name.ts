/**
 * The name PostgreSQL gives the multirange type of a range type created without `MULTIRANGE_TYPE_NAME`
 * (makeMultirangeTypeName in PostgreSQL's catalog/pg_type.c): `range` in the range type's name becomes
 * `multirange` (its first occurrence, case-sensitively), else `_multirange` is appended to the name cut to
 * 52 bytes; the result is cut to 63 bytes (NAMEDATALEN - 1), never inside a character. In the range type's
 * schema.
 *
 * @example defaultMultirangeName("floatrange") // "floatmultirange"
 * @example defaultMultirangeName("period") // "period_multirange"
 */
export function defaultMultirangeName(rangeName: string): string {
  const at = rangeName.indexOf("range");
  const name = at >= 0 ? `${rangeName.slice(0, at)}multi${rangeName.slice(at)}` : `${clippedToBytes(rangeName, 52)}_multirange`;
  return clippedToBytes(name, 63);
}

/** The longest start of `text` whose UTF-8 form has at most `bytes` bytes, whole characters only. */
function clippedToBytes(text: string, bytes: number): string {
  let length = 0;
  let end = 0;
  for (const character of text) {
    length += Buffer.byteLength(character, "utf8");
    if (length > bytes) break;
    end += character.length;
  }
  return text.slice(0, end);
}
