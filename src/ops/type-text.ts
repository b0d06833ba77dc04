/**
 * Reading the texts Postgres prints (`format_type`, index key expressions) just enough to decide things:
 * which enum a column uses, whether two types belong to the same family. Nothing here rewrites a text that
 * is then compared: the models stay as their readers normalised them.
 */
import { defaultMultirangeName } from "../model/multirange-name";
import type { RangeTypeDef, TableRef } from "../model/schema-model";

/** A `format_type` text split into its element type without type modifiers, and whether it is an array. */
export interface TypeShape {
  /** `character varying(20)[]` gives `character varying`; `timestamp(3) with time zone` gives `timestamp with time zone`. */
  readonly base: string;
  readonly array: boolean;
}

const IDENTIFIER_TEXT = '"(?:[^"]|"")+"|[^."\\s()]+';
const IDENTIFIER = new RegExp(IDENTIFIER_TEXT, "g");
const QUALIFIED_NAME = new RegExp(`^(?:${IDENTIFIER_TEXT})(?:\\.(?:${IDENTIFIER_TEXT}))*$`);
const TYPMOD = /\(\s*-?\d+\s*(?:,\s*-?\d+\s*)?\)/g;

/** Splits a `format_type` text into its base type and array flag. Quoted (user) type names keep their text. */
export function typeShape(type: string): TypeShape {
  const array = type.endsWith("[]");
  const element = array ? type.slice(0, -2) : type;
  if (element.includes('"')) return { base: element, array };
  const base = element.replace(TYPMOD, "").replace(/\s+/g, " ").trim();
  // `interval year to month` and `interval(3)` are the same type as `interval` with another typmod.
  return { base: base.startsWith("interval") ? "interval" : base, array };
}

/**
 * Whether two `format_type` texts name one type up to its modifiers (`character varying(100)[]` and
 * `character varying(200)[]`): a column retyped within it can keep its storage and compression.
 */
export function sameTypeFamily(a: string, b: string): boolean {
  const x = typeShape(a);
  const y = typeShape(b);
  return x.base === y.base && x.array === y.array;
}

/**
 * The identifier a `quote_ident`-style text stands for: `"Order"` gives `Order`, `user_id` gives
 * `user_id`; anything else (an expression) gives null.
 */
export function unquoteIdentifier(text: string): string | null {
  if (/^"(?:[^"]|"")+"$/.test(text)) return text.slice(1, -1).replace(/""/g, '"');
  if (/^[a-z_][a-z0-9_]*$/.test(text)) return text;
  return null;
}

/**
 * The parts of a qualified name as `format_type` prints it (`public.mood`, `"My Schema"."Mood"`), unquoted;
 * null when the text is not a dotted list of identifiers (a built-in type with spaces or a typmod).
 */
export function qualifiedNameParts(text: string): readonly string[] | null {
  if (!QUALIFIED_NAME.test(text)) return null;
  return (text.match(IDENTIFIER) ?? []).map((raw) => (raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw));
}

/** Whether a column type names the enum `schema.name`, or an array of it. */
export function typeNamesEnum(type: string, schema: string, name: string): { readonly array: boolean } | null {
  const array = type.endsWith("[]");
  const parts = qualifiedNameParts(array ? type.slice(0, -2) : type);
  return parts !== null && parts.length === 2 && parts[0] === schema && parts[1] === name ? { array } : null;
}

/** The multirange type of a range type: the one it names, else the one PostgreSQL names by default. */
export function multirangeOf(range: RangeTypeDef): TableRef {
  const parts = range.multirange === null ? null : qualifiedNameParts(range.multirange);
  if (parts === null) return { schema: range.schema, name: defaultMultirangeName(range.name) };
  return parts.length === 2 ? { schema: parts[0]!, name: parts[1]! } : { schema: range.schema, name: parts[0]! };
}
