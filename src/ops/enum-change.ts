/** How an `alterEnum` changes an enum: by inserting labels only, or by anything else (a rebuild). */
import type { AlterEnumOp, EnumUsage, RangeRebuild } from "./operation";

/**
 * Whether `to` keeps every label of `from` in the same relative order and only adds new labels, so that
 * `ALTER TYPE ... ADD VALUE` can do it in place.
 * @example isEnumAppend(["b", "c"], ["a", "b", "c"]) // => true
 * @example isEnumAppend(["a", "b"], ["b", "a"]) // => false (reordered)
 */
export function isEnumAppend(from: readonly string[], to: readonly string[]): boolean {
  let next = 0;
  for (const label of to) {
    if (label === from[next]) next++;
  }
  return next === from.length && new Set(to).size === to.length;
}

/**
 * Whether a usage's default changes with the rebuild (`defaultAfter` given and not `default`): the
 * re-cast then sets the new default instead of restoring the old one.
 */
export function changesDefault(usage: EnumUsage): boolean {
  return usage.defaultAfter !== undefined && usage.defaultAfter !== usage.default;
}

/**
 * Whether an `alterEnum` only adds labels in place (`ADD VALUE`); otherwise it rebuilds the type and
 * re-casts its usages. Labels added in place cannot be used in the transaction that adds them, so an
 * op that also changes a usage's default rebuilds even when its labels are only added (the new type's
 * labels may be used at once).
 */
export function addsLabelsInPlace(op: Pick<AlterEnumOp, "from" | "to" | "usages">): boolean {
  return isEnumAppend(op.from, op.to) && !op.usages.some(changesDefault);
}

/**
 * Every column an enum rebuild re-casts: the enum's own, and those of the domains and range types (and
 * the domains over those) rebuilt with it.
 */
export function recastColumns(op: Pick<AlterEnumOp, "usages" | "domains" | "ranges">): EnumUsage[] {
  return [...op.usages, ...(op.domains ?? []).flatMap((d) => d.usages), ...rangeColumns(op.ranges)];
}

/** The columns the range types rebuilt with a type re-cast: their own, their multirange types', their domains'. */
export function rangeColumns(ranges: readonly RangeRebuild[] | undefined): EnumUsage[] {
  return (ranges ?? []).flatMap((r) => [...r.usages, ...(r.domains ?? []).flatMap((d) => d.usages)]);
}

/** Range types rebuilt with a type as the inverse of its op rebuilds them: each default the re-cast changes goes back. */
export function invertedRanges(ranges: readonly RangeRebuild[]): RangeRebuild[] {
  return ranges.map((r) => ({
    ...r,
    usages: r.usages.map(invertedUsage),
    ...(r.domains !== undefined && { domains: r.domains.map((d) => ({ ...d, usages: d.usages.map(invertedUsage) })) }),
  }));
}

/** A usage as the inverse of its op re-casts it: a default the re-cast changes goes back. */
export function invertedUsage(usage: EnumUsage): EnumUsage {
  return usage.defaultAfter === undefined ? usage : { ...usage, default: usage.defaultAfter, defaultAfter: usage.default };
}

/** The labels of `from` that `to` no longer has. */
export function removedLabels(from: readonly string[], to: readonly string[]): string[] {
  const kept = new Set(to);
  return from.filter((label) => !kept.has(label));
}
