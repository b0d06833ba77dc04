/**
 * Whether `ALTER COLUMN ... TYPE` needs a `USING` cast. Without `USING`, Postgres converts with an
 * assignment cast; the table below lists the families in which every pair has one (each pair measured on
 * PostgreSQL 15, see tests/compare/type-change.db.test.ts). Anything else gets `USING "col"::<type>`:
 * an explicit cast is never wrong where an assignment cast would have worked, so when in doubt we cast.
 */
import { quoteIdentAlways } from "../model/names";
import { typeShape } from "./type-text";

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

/** The `USING` expression for a type change (`"col"::integer`), or null when none is needed. */
export function usingCast(column: string, from: string, to: string): string | null {
  return typeChangeNeedsCast(from, to) ? `${quoteIdentAlways(column)}::${to}` : null;
}
