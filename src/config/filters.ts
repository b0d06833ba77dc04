import type { FilterObject, ObjectFilter } from "./config";

function patternToRegExp(pattern: string): RegExp {
  const qualified = pattern.includes(".") ? pattern : `public.${pattern}`;
  const body = qualified
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`);
}

function matches(filter: ObjectFilter, object: FilterObject): boolean {
  if (typeof filter === "function") return filter(object);
  return patternToRegExp(filter).test(`${object.schema}.${object.name}`);
}

/**
 * Combines `include` and `exclude` into one predicate: an object is compared when it matches an include
 * filter (or there are none) and no exclude filter.
 */
export function objectFilter(
  include: readonly ObjectFilter[],
  exclude: readonly ObjectFilter[],
): (object: FilterObject) => boolean {
  return (object) =>
    (include.length === 0 || include.some((f) => matches(f, object))) && !exclude.some((f) => matches(f, object));
}
