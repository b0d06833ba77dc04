/**
 * Whether `ALTER COLUMN ... TYPE` needs a `USING` cast, and which one: the one decision shared by the
 * comparator (the upgrade) and `invert` (the downgrade), so that both directions of a type change are
 * cast by the same rule. Without `USING`, Postgres converts with an assignment cast; the table below
 * lists the families in which every pair has one (each pair measured on PostgreSQL 15, see
 * tests/ops/type-change.db.test.ts). Anything else gets an explicit cast: an explicit cast is never wrong
 * where an assignment cast would have worked, so when in doubt we cast.
 *
 * User-defined types (enums, domains, extension types such as `public.citext`; `format_type` prints them
 * schema-qualified) mostly have no cast to or from other types: an enum has none at all except the I/O
 * conversion from a string type. A value of such a type is therefore converted through its text form
 * (`"c"::text::public.e2`), and so is a value converted to one from a built-in type that is not a string
 * (`"c"::text::public.e` from integer). From a string type the direct cast is the I/O conversion itself
 * (`"c"::public.e`), and to a string type no cast is needed at all.
 */
import { quoteIdentAlways } from "../model/names";
import { qualifiedNameParts, typeShape, type TypeShape } from "./type-text";

const STRING_TYPES: ReadonlySet<string> = new Set(["text", "character varying", "character"]);

/** Types within one set convert to each other by an assignment cast. */
const ASSIGNMENT_FAMILIES: readonly ReadonlySet<string>[] = [
  new Set(["smallint", "integer", "bigint", "numeric", "real", "double precision"]),
  STRING_TYPES,
  new Set(["timestamp without time zone", "timestamp with time zone", "date"]),
  new Set(["time without time zone", "time with time zone"]),
  new Set(["json", "jsonb"]),
  new Set(["bit", "bit varying"]),
  new Set(["inet", "cidr"]),
];

/**
 * The other casts PostgreSQL 15 has between built-in types that are not strings (`pg_cast`, outside the
 * families above): `from` -> the types it casts to. Between any other two such types there is no cast at
 * all (`integer` to `uuid`, a serial key made `@PrimaryGeneratedColumn("uuid")`), only the conversion
 * through the text form that every type has, so the value goes through text: the migration runs on an
 * empty table, and on rows it fails naming the value PostgreSQL cannot read, where `"id"::uuid` is refused
 * before any row is read.
 */
const OTHER_CASTS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    smallint: [],
    integer: ["boolean", "bit", "money"],
    bigint: ["bit", "money"],
    numeric: ["money"],
    money: ["numeric"],
    boolean: ["integer"],
    bit: ["integer", "bigint"],
    jsonb: ["boolean", "smallint", "integer", "bigint", "numeric", "real", "double precision"],
    interval: ["time without time zone"],
    "time without time zone": ["interval"],
    "timestamp without time zone": ["time without time zone"],
    "timestamp with time zone": ["time without time zone", "time with time zone"],
    macaddr: ["macaddr8"],
    macaddr8: ["macaddr"],
  }).map(([from, to]) => [from, new Set(to)]),
);

/** Built-in types (as `format_type` prints them) that have no cast to another but the text form's. */
const TEXT_ONLY: ReadonlySet<string> = new Set(["uuid", "bytea", "xml", "tsvector", "tsquery", "pg_lsn", "txid_snapshot"]);

/**
 * Whether changing a column from type `from` to type `to` needs an explicit cast. Type modifier changes
 * (`varchar(120)` to `varchar(200)`, `numeric(10,2)` to `numeric`) and changes within a family
 * (`integer` to `bigint`, `varchar` to `text`) do not; neither does any change to a string type, which
 * Postgres does by I/O conversion.
 */
export function typeChangeNeedsCast(from: string, to: string): boolean {
  if (from === to) return false;
  const a = typeShape(from);
  const b = typeShape(to);
  if (!b.array && STRING_TYPES.has(b.base)) return false;
  if (a.array !== b.array) return true;
  if (a.base === b.base) return false;
  return !ASSIGNMENT_FAMILIES.some((family) => family.has(a.base) && family.has(b.base));
}

/**
 * The `USING` expression for a type change, or null when none is needed.
 *
 * A column made an array of its type (TypeORM's `array: true` added) has no cast at all, so each value
 * becomes the one element of an array (NULL stays NULL); an array made a column of its element type
 * keeps its first element (the change is marked as one that loses data, see type-widening.ts).
 * @example usingCast("c", "text", "integer") // => "c"::integer
 * @example usingCast("c", "public.e1", "public.e2") // => "c"::text::public.e2
 * @example usingCast("c", "public.e[]", "integer[]") // => "c"::text[]::integer[]
 * @example usingCast("c", "public.e", "text") // => null
 * @example usingCast("c", "public.e", "public.e[]") // => CASE WHEN "c" IS NULL THEN NULL ELSE ARRAY["c"]::public.e[] END
 * @example usingCast("c", "text[]", "integer") // => "c"[1]::integer
 */
export function usingCast(column: string, from: string, to: string): string | null {
  if (!typeChangeNeedsCast(from, to)) return null;
  const value = quoteIdentAlways(column);
  const a = typeShape(from);
  const b = typeShape(to);
  if (!a.array && b.array) {
    const element = castValue(value, from, to.slice(0, -2)) ?? value;
    return `CASE WHEN ${value} IS NULL THEN NULL ELSE ARRAY[${element}]::${to} END`;
  }
  if (a.array && !b.array) {
    const first = `${value}[1]`;
    return castValue(first, from.slice(0, -2), to) ?? first;
  }
  return castValue(value, from, to);
}

/** `value` (of type `from`) cast to `to` where an assignment cast would not do, else null. */
function castValue(value: string, from: string, to: string): string | null {
  if (!typeChangeNeedsCast(from, to)) return null;
  const a = typeShape(from);
  const b = typeShape(to);
  const throughText =
    a.array === b.array &&
    !STRING_TYPES.has(a.base) &&
    !STRING_TYPES.has(b.base) &&
    (isUserDefined(a) || isUserDefined(b) || hasNoCast(a.base, b.base));
  return throughText ? `${value}::text${a.array ? "[]" : ""}::${to}` : `${value}::${to}`;
}

/** Whether two built-in types (neither a string type, not of one family) have no cast between them. */
function hasNoCast(from: string, to: string): boolean {
  if (TEXT_ONLY.has(from) || TEXT_ONLY.has(to)) return true;
  if (!isKnown(from) || !isKnown(to)) return false;
  return !ASSIGNMENT_FAMILIES.some((family) => family.has(from) && family.has(to)) && !OTHER_CASTS.get(from)?.has(to);
}

/** Whether every cast of a built-in type is listed above (a type not listed keeps the direct cast). */
function isKnown(type: string): boolean {
  return OTHER_CASTS.has(type) || ASSIGNMENT_FAMILIES.some((family) => family !== STRING_TYPES && family.has(type));
}

/** Whether a type is user-defined: `format_type` (with `search_path = pg_catalog`) qualifies it. */
function isUserDefined(shape: TypeShape): boolean {
  return (qualifiedNameParts(shape.base)?.length ?? 0) >= 2;
}
