/** How an `alterEnum` changes an enum: by inserting labels only, or by anything else (a rebuild). */

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

/** The labels of `from` that `to` no longer has. */
export function removedLabels(from: readonly string[], to: readonly string[]): string[] {
  const kept = new Set(to);
  return from.filter((label) => !kept.has(label));
}
