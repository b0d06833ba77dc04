/**
 * Whether changing a column from one type to another keeps every value exactly: the conservative test
 * behind `destructiveReason`. Types are `format_type` texts; anything not recognised is not a widening.
 */

const INTEGER_RANK: Readonly<Record<string, number>> = { smallint: 1, integer: 2, bigint: 3 };
/** Decimal digits needed to hold every value of each integer type. */
const INTEGER_DIGITS: Readonly<Record<string, number>> = { smallint: 5, integer: 10, bigint: 19 };
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
 * True when every value of type `from` converts to `to` without loss or failure: a longer varchar, text,
 * more numeric precision, int -> bigint, real -> double precision, more fractional seconds.
 * @example isWideningTypeChange("character varying(120)", "character varying(200)") // => true
 * @example isWideningTypeChange("integer", "smallint") // => false
 */
export function isWideningTypeChange(from: string, to: string): boolean {
  if (from === to) return true;
  if (from.endsWith("[]") || to.endsWith("[]")) {
    return (
      from.endsWith("[]") &&
      to.endsWith("[]") &&
      isWideningTypeChange(from.slice(0, -2), to.slice(0, -2))
    );
  }
  const a = parseType(from);
  const b = parseType(to);
  if (a === null || b === null) return false;
  return (
    widensText(a, b) ||
    widensNumeric(a, b) ||
    widensInteger(a, b) ||
    (a.base === "real" && b.base === "double precision") ||
    widensLength(a, b, "bit varying") ||
    widensTime(a, b)
  );
}

function parseType(text: string): ParsedType | null {
  const match = /^([a-z ]+?)(?:\((\d+(?:,\d+)?)\))?( with(?:out)? time zone)?$/.exec(text.trim());
  if (match === null) return null;
  const base = `${match[1] ?? ""}${match[3] ?? ""}`;
  const modifiers = match[2] !== undefined ? match[2].split(",").map(Number) : null;
  return { base, modifiers };
}

/** varchar(n) / varchar / text to a type at least as long. */
function widensText(a: ParsedType, b: ParsedType): boolean {
  const length = (t: ParsedType): number | null => {
    if (t.base === "text") return Infinity;
    if (t.base === "character varying") return t.modifiers?.[0] ?? Infinity;
    return null;
  };
  const from = length(a);
  const to = length(b);
  return from !== null && to !== null && to >= from;
}

/** numeric(p,s) to a numeric with at least as many integer and fractional digits, or unconstrained. */
function widensNumeric(a: ParsedType, b: ParsedType): boolean {
  if (a.base !== "numeric" || b.base !== "numeric") return false;
  if (b.modifiers === null) return true;
  if (a.modifiers === null) return false;
  const [p1 = 0, s1 = 0] = a.modifiers;
  const [p2 = 0, s2 = 0] = b.modifiers;
  return s2 >= s1 && p2 - s2 >= p1 - s1;
}

/** smallint -> integer -> bigint, or an integer to a numeric that holds all its digits. */
function widensInteger(a: ParsedType, b: ParsedType): boolean {
  const rank = INTEGER_RANK[a.base];
  if (rank === undefined) return false;
  const toRank = INTEGER_RANK[b.base];
  if (toRank !== undefined) return toRank >= rank;
  if (b.base !== "numeric") return false;
  if (b.modifiers === null) return true;
  const [p = 0, s = 0] = b.modifiers;
  return p - s >= (INTEGER_DIGITS[a.base] ?? Infinity);
}

function widensLength(a: ParsedType, b: ParsedType, base: string): boolean {
  if (a.base !== base || b.base !== base) return false;
  return (b.modifiers?.[0] ?? Infinity) >= (a.modifiers?.[0] ?? Infinity);
}

/** time/timestamp to the same type with at least as many fractional digits (6 when unspecified). */
function widensTime(a: ParsedType, b: ParsedType): boolean {
  if (!TIME_TYPES.has(a.base) || a.base !== b.base) return false;
  return (b.modifiers?.[0] ?? 6) >= (a.modifiers?.[0] ?? 6);
}
