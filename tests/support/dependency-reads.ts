/**
 * What the dependency read around a diff's operations (dependencies-around.sql) must keep of the whole
 * read: every edge whose two ends lie inside objects the operations touch, the only edges dependency
 * ordering can match with them.
 */
import { keyAndOwners, type ObjectDependencies, type ObjectKey } from "../../src/model/object-keys";

/** An edge as text, `dependent -> referenced`. */
export const edgeText = (e: { readonly dependent: string; readonly referenced: string }): string => `${e.dependent} -> ${e.referenced}`;

/** The edges of `whole` with both ends inside `keys` (or inside an object a key names) that `around` lacks. */
export function edgesMissingAround(whole: ObjectDependencies, around: ObjectDependencies, keys: ReadonlySet<ObjectKey>): string[] {
  const inside = (key: ObjectKey) => keyAndOwners(key).some((k) => keys.has(k));
  const got = new Set(around.edges.map(edgeText));
  return whole.edges.filter((e) => inside(e.dependent) && inside(e.referenced) && !got.has(edgeText(e))).map(edgeText);
}
