/**
 * The one generic diff every comparator uses (migra/schemainspect style): two maps keyed the same way, one
 * equality, and what was added, removed or modified between them. Unchanged entries are left out.
 */

/** An entry present on both sides whose values differ. */
export interface Modified<T> {
  readonly key: string;
  readonly from: T;
  readonly to: T;
}

export interface Differences<T> {
  /** In `to` only, in `to`'s order. */
  readonly added: readonly T[];
  /** In `from` only, in `from`'s order. */
  readonly removed: readonly T[];
  /** On both sides but not equal, in `to`'s order. */
  readonly modified: readonly Modified<T>[];
}

/**
 * Compares two keyed collections.
 *
 * @example
 * differences(keyedBy(fromTable.indexes, (i) => i.name), keyedBy(toTable.indexes, (i) => i.name), sameIndex)
 */
export function differences<T>(
  from: ReadonlyMap<string, T>,
  to: ReadonlyMap<string, T>,
  equals: (from: T, to: T) => boolean,
): Differences<T> {
  const added: T[] = [];
  const modified: Modified<T>[] = [];
  for (const [key, toValue] of to) {
    const fromValue = from.get(key);
    if (fromValue === undefined) added.push(toValue);
    else if (!equals(fromValue, toValue)) modified.push({ key, from: fromValue, to: toValue });
  }
  const removed = [...from].filter(([key]) => !to.has(key)).map(([, value]) => value);
  return { added, removed, modified };
}

/** A map of a list keyed by `keyOf`, in list order. */
export function keyedBy<T>(items: readonly T[], keyOf: (item: T) => string): ReadonlyMap<string, T> {
  return new Map(items.map((item) => [keyOf(item), item]));
}

/** A map of a record's entries, in the record's order. */
export function mapOf<T>(record: Readonly<Record<string, T>>): ReadonlyMap<string, T> {
  return new Map(Object.entries(record));
}
