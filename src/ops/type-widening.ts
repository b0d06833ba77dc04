/**
 * What changing a column from one type to another can do to the values it holds: the rules behind the
 * markers of `hazards.ts`, worked out from the types (each rule checked on PostgreSQL 15 in
 * tests/ops/type-risk.db.test.ts). Types are `format_type` texts.
 *
 * - none: every value converts and comes back exactly through the old type:
 *   - to `text` or `character varying` without a length, from any type: every value has its text form
 *     (`character(n)`'s trailing spaces, which Postgres ignores, are dropped);
 *   - to a string type with a length, from a type whose longest text form fits in it (a string type no
 *     longer, `boolean` 5, `smallint` 6, `integer` 11, `bigint` 20, `uuid` 36, `numeric(p,s)`);
 *   - numbers into a type that holds them all: smallint -> integer -> bigint -> numeric, into a
 *     `numeric(p,s)` with enough digits on both sides of the point, `smallint` -> `real` and `integer` ->
 *     `double precision` (exact below 2^24 and 2^53), `real` -> `double precision`;
 *   - more fractional seconds for `time`/`timestamp`; `jsonb` -> `json`; `cidr` -> `inet`; a longer
 *     `bit varying`, `bit(n)` -> `bit varying(m >= n)`; arrays element by element.
 * - fails: a value that does not fit makes the change fail (the migration stops, nothing changes): a
 *   shorter string length, a smaller integer type, fewer integer digits of a numeric, `date` ->
 *   `timestamp`, a shorter `bit varying`.
 * - loses: anything else, which can change values silently (rounding, time zones, `json` duplicate keys,
 *   host bits of `inet`) or fail: unknown and user-defined types included.
 */

export type TypeChangeRisk = "none" | "fails" | "loses";

/** Decimal digits needed to hold every value of each integer type. */
const INTEGER_DIGITS: Readonly<Record<string, number>> = { smallint: 5, integer: 10, bigint: 19 };
/** The longest text form of types whose text forms are bounded. */
const TEXT_LENGTH: Readonly<Record<string, number>> = { boolean: 5, smallint: 6, integer: 11, bigint: 20, uuid: 36 };
/** Integers a floating-point type holds exactly: up to 2^24 (real) and 2^53 (double precision). */
const EXACT_INTEGER_DIGITS: Readonly<Record<string, number>> = { real: 7, "double precision": 15 };
/** Types with a fractional-seconds precision whose default (no modifier) is 6. */
const TIME_TYPES: ReadonlySet<string> = new Set([
  "time without time zone",
  "time with time zone",
  "timestamp without time zone",
  "timestamp with time zone",
]);

interface ParsedType {
  /** The type without its modifier: `character varying`, `timestamp with time zone`. */
  readonly base: string;
  /** The numbers in parentheses, or null when there are none. */
  readonly modifiers: readonly number[] | null;
}

/**
 * What changing a column from type `from` to type `to` can do to its values (see the file comment).
 * @example typeChangeRisk("integer", "text") // => "none"
 * @example typeChangeRisk("character varying(200)", "character varying(100)") // => "fails"
 * @example typeChangeRisk("numeric(10,2)", "numeric(10,1)") // => "loses"
 */
export function typeChangeRisk(from: string, to: string): TypeChangeRisk {
  if (from === to) return "none";
  const b = parseType(to);
  if (b !== null && isUnboundedString(b)) return "none";
  if (from.endsWith("[]") || to.endsWith("[]")) {
    return from.endsWith("[]") && to.endsWith("[]") ? typeChangeRisk(from.slice(0, -2), to.slice(0, -2)) : "loses";
  }
  const a = parseType(from);
  if (a === null || b === null) return "loses";
  return toString(a, b) ?? numbers(a, b) ?? others(a, b);
}

/** True when every value of `from` converts to `to` and back exactly: `typeChangeRisk` is "none". */
export function isWideningTypeChange(from: string, to: string): boolean {
  return typeChangeRisk(from, to) === "none";
}

function parseType(text: string): ParsedType | null {
  const match = /^([a-z ]+?)(?:\((\d+(?:,\d+)?)\))?( with(?:out)? time zone)?$/.exec(text.trim());
  if (match === null) return null;
  const base = `${match[1] ?? ""}${match[3] ?? ""}`;
  const modifiers = match[2] !== undefined ? match[2].split(",").map(Number) : null;
  return { base, modifiers };
}

function isUnboundedString(t: ParsedType): boolean {
  return t.base === "text" || ((t.base === "character varying" || t.base === "bpchar") && t.modifiers === null);
}

/** The length limit of a string type, Infinity without one; null for other types. */
function stringLength(t: ParsedType): number | null {
  if (isUnboundedString(t)) return Infinity;
  if (t.base === "character varying" || t.base === "character") return t.modifiers?.[0] ?? 1;
  return null;
}

/** The longest text form of a value of `t`, when it is bounded. */
function longestText(t: ParsedType): number | null {
  const length = stringLength(t);
  if (length !== null) return length;
  if (t.base === "numeric" && t.modifiers !== null) {
    const [p = 0, s = 0] = t.modifiers;
    return 1 + Math.max(p - s, 1) + (s > 0 ? s + 1 : 0);
  }
  return TEXT_LENGTH[t.base] ?? null;
}

/** Into a string type with a length (unbounded ones are handled first). */
function toString(a: ParsedType, b: ParsedType): TypeChangeRisk | null {
  const limit = stringLength(b);
  if (limit === null) return null;
  const longest = longestText(a);
  if (longest === null) return "loses";
  return longest <= limit ? "none" : "fails";
}

function numbers(a: ParsedType, b: ParsedType): TypeChangeRisk | null {
  const fromDigits = INTEGER_DIGITS[a.base];
  if (fromDigits !== undefined) {
    const toDigits = INTEGER_DIGITS[b.base];
    if (toDigits !== undefined) return toDigits >= fromDigits ? "none" : "fails";
    if (b.base === "numeric") {
      if (b.modifiers === null) return "none";
      const [p = 0, s = 0] = b.modifiers;
      return p - s >= fromDigits ? "none" : "fails";
    }
    const exact = EXACT_INTEGER_DIGITS[b.base];
    if (exact !== undefined) return fromDigits <= exact ? "none" : "loses";
    return null;
  }
  if (a.base === "numeric" && b.base === "numeric") {
    if (b.modifiers === null) return "none";
    if (a.modifiers === null) return "loses";
    const [p1 = 0, s1 = 0] = a.modifiers;
    const [p2 = 0, s2 = 0] = b.modifiers;
    if (s2 < s1) return "loses";
    return p2 - s2 >= p1 - s1 ? "none" : "fails";
  }
  if (a.base === "real" && b.base === "double precision") return "none";
  return null;
}

function others(a: ParsedType, b: ParsedType): TypeChangeRisk {
  if (TIME_TYPES.has(a.base) && a.base === b.base) {
    return (b.modifiers?.[0] ?? 6) >= (a.modifiers?.[0] ?? 6) ? "none" : "loses";
  }
  if (a.base === "date" && b.base === "timestamp without time zone") return "fails";
  if (a.base === "jsonb" && b.base === "json") return "none";
  if (a.base === "cidr" && b.base === "inet") return "none";
  if (b.base === "bit varying" && (a.base === "bit varying" || a.base === "bit")) {
    return (b.modifiers?.[0] ?? Infinity) >= (a.modifiers?.[0] ?? (a.base === "bit" ? 1 : Infinity)) ? "none" : "fails";
  }
  return "loses";
}
