/**
 * What the database has applied, derived from the version table's rows, and how those rows change when
 * one revision is applied or removed.
 *
 * The version table holds the **heads of the applied set**: applied revisions that no other applied
 * revision lists as a down revision. A `dependsOn` link does not merge branches, so a dependency keeps its
 * own row next to the revision that depends on it. Everything applied is a head or an ancestor of one.
 * @internal
 */
import { UnknownRevisionError } from "./errors";
import type { RevisionGraph } from "./graph";

export interface AppliedState {
  /** Every applied revision id. */
  readonly applied: ReadonlySet<string>;
  /** The version table's rows, normalised: the heads of `applied`, in topological order. */
  readonly heads: readonly string[];
}

/**
 * Reads the state from the version table's rows. Every ancestor of a row counts as applied; rows that
 * are ancestors of other rows are dropped from `heads`. An id no migration declares throws
 * `UnknownRevisionError`.
 */
export function readAppliedState(
  graph: RevisionGraph,
  versionRows: Iterable<string>,
): AppliedState {
  const rows = [...new Set(versionRows)];
  for (const id of rows) {
    if (!graph.has(id)) throw new UnknownRevisionError(id, "the database's version table");
  }
  const applied = graph.ancestorIds(rows, { inclusive: true });
  const heads = [...applied].filter(
    (id) => !graph.childrenOf(id).some((child) => applied.has(child)),
  );
  return { applied, heads: sortIds(graph, heads) };
}

/** The heads after applying `id` (whose ancestors are all applied): its parents give way to it. */
export function headsAfterUpgrade(
  graph: RevisionGraph,
  heads: readonly string[],
  id: string,
): string[] {
  const parents = graph.parentsOf(id);
  return sortIds(graph, [...heads.filter((head) => !parents.includes(head)), id]);
}

/**
 * The heads after removing `id` (a head; `appliedAfter` no longer contains it): each of its parents
 * becomes a head again unless another applied revision still follows it.
 */
export function headsAfterDowngrade(
  graph: RevisionGraph,
  heads: readonly string[],
  id: string,
  appliedAfter: ReadonlySet<string>,
): string[] {
  const restored = graph
    .parentsOf(id)
    .filter(
      (parent) =>
        !heads.includes(parent) &&
        !graph.childrenOf(parent).some((child) => appliedAfter.has(child)),
    );
  return sortIds(graph, [...heads.filter((head) => head !== id), ...restored]);
}

function sortIds(graph: RevisionGraph, ids: readonly string[]): string[] {
  return [...ids].sort((a, b) => graph.position(a) - graph.position(b));
}
