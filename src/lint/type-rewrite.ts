/**
 * Whether `ALTER COLUMN ... TYPE` rewrites the table (and rebuilds its indexes) on PostgreSQL 15, or only
 * changes the catalog. Postgres skips the rewrite when the old type is binary-coercible to the new one and
 * the length coercion cannot fail (measured in tests/lint/type-rewrite.db.test.ts with the table's
 * relfilenode):
 * - `varchar(n)` to `varchar(m)` with m >= n, to unconstrained `varchar`, or to `text`; `text` to `varchar`;
 * - `numeric(p,s)` to `numeric(q,s)` with q >= p (same scale), or to unconstrained `numeric`;
 * - `varbit(n)` to a longer or unconstrained `varbit`;
 * - `timestamp(p)`/`timestamptz(p)`/`time(p)`/`interval(p)` to the same type with at least as many digits.
 * Anything else (integer to bigint included) rewrites: the conservative answer when in doubt.
 */
const TIME_TYPES: ReadonlySet<string> = new Set([
  "timestamp without time zone",
  "timestamp with time zone",
  "time without time zone",
  "interval",
]);

interface Shape {
  readonly base: string;
  readonly mods: readonly number[] | null;
}

function shape(text: string): Shape | null {
  const m = /^([a-z ]+?)\s*(?:\((\d+(?:\s*,\s*\d+)?)\))?( with(?:out)? time zone)?$/.exec(text.trim().toLowerCase());
  if (m === null) return null;
  let base = `${m[1]!.trim()}${m[3] ?? ""}`;
  const aliases: Record<string, string> = {
    varchar: "character varying",
    timestamp: "timestamp without time zone",
    timestamptz: "timestamp with time zone",
    time: "time without time zone",
    varbit: "bit varying",
    decimal: "numeric",
  };
  base = aliases[base] ?? base;
  return { base, mods: m[2] === undefined ? null : m[2].split(",").map((n) => Number(n.trim())) };
}

/** True when the change only touches the catalog (no rewrite, no index rebuild). */
export function typeChangeIsCatalogOnly(from: string, to: string): boolean {
  if (from === to) return true;
  const a = shape(from);
  const b = shape(to);
  if (a === null || b === null) return false;
  const longer = (x: Shape, y: Shape) => y.mods === null || (x.mods !== null && y.mods[0]! >= x.mods[0]!);
  if (a.base === "character varying" && b.base === "text") return true;
  if (a.base === "text" && b.base === "character varying") return b.mods === null;
  if (a.base === "character varying" && b.base === "character varying") return longer(a, b);
  if (a.base === "bit varying" && b.base === "bit varying") return longer(a, b);
  if (a.base === "numeric" && b.base === "numeric") {
    if (b.mods === null) return true;
    if (a.mods === null) return false;
    return (a.mods[1] ?? 0) === (b.mods[1] ?? 0) && b.mods[0]! >= a.mods[0]!;
  }
  if (TIME_TYPES.has(a.base) && a.base === b.base) return (b.mods?.[0] ?? 6) >= (a.mods?.[0] ?? 6);
  return false;
}
