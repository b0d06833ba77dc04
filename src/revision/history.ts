/**
 * The history listing: revisions newest first, optionally limited to a range `FROM:TO` (each side a
 * target, or empty). The lower end and what descends from it, up to the upper end and what it needs.
 */
import { readAppliedState, type AppliedState } from "./applied-state";
import { InvalidTargetError, RangeNotAncestorError } from "./errors";
import type { RevisionGraph } from "./graph";
import type { Revision } from "./revision";
import { parseTarget } from "./target-spec";
import { resolveTarget } from "./targets";

/** One end of a range: the revisions it designates (none for `base`), or null for "no limit". */
type Bound = readonly string[] | null;

/**
 * Lists revisions newest first (the reverse of the topological order).
 *
 * | range        | revisions                                                      |
 * |--------------|----------------------------------------------------------------|
 * | (none)       | all                                                            |
 * | `base:head`  | all (several heads: `MultipleHeadsError`; `base:heads` never)  |
 * | `ae10:`      | `ae10` and everything after it                                 |
 * | `net@base:`  | the base of branch `net` and everything after it               |
 * | `:c3f2`      | `c3f2` and everything it needs                                 |
 * | `ae10:c3f2`  | the revisions from `ae10` to `c3f2`, both included             |
 * | `current:`   | the database's current heads and everything after them         |
 * | `:current`   | everything applied                                             |
 *
 * Throws `RangeNotAncestorError` when the lower end is not an ancestor of the upper end.
 *
 * @param versionRows the version table's rows, needed only for `current` and steps such as `-1`.
 */
export function history(
  graph: RevisionGraph,
  range?: string,
  versionRows: Iterable<string> = [],
): readonly Revision[] {
  const newestFirst = [...graph.topologicalOrder()].reverse();
  if (range === undefined || range.trim() === "") return newestFirst;
  const colon = range.indexOf(":");
  if (colon < 0 || range.indexOf(":", colon + 1) >= 0) {
    throw new InvalidTargetError(
      range,
      'a history range is written "FROM:TO", "FROM:" or ":TO", e.g. "base:head"',
    );
  }
  const state = readAppliedState(graph, versionRows);
  const upperText = range.slice(colon + 1).trim();
  const lower = resolveBound(graph, state, range.slice(0, colon).trim(), "lower");
  const upper = resolveBound(graph, state, upperText, "upper");
  const from = lower === null ? null : graph.descendantIds(lower, { inclusive: true });
  const to = upper === null ? null : graph.ancestorIds(upper, { inclusive: true });
  if (lower !== null && to !== null) {
    const outside = lower.find((id) => !to.has(id));
    if (outside !== undefined) {
      throw new RangeNotAncestorError(
        outside,
        upper !== null && upper.length > 0 ? upper : [upperText],
        "range",
      );
    }
  }
  return newestFirst.filter(
    (r) => (from === null || from.has(r.id)) && (to === null || to.has(r.id)),
  );
}

/**
 * Whether `range` needs the database's version table: an end that is `current` or a step counted from
 * where the database is (`-1:`, `:+2`, `net@-1:`). Throws the target errors of a malformed end.
 */
export function rangeReadsDatabase(graph: RevisionGraph, range: string | undefined): boolean {
  const ends = (range ?? "").split(":").map((end) => end.trim());
  if (ends.length !== 2) return false;
  return ends.some((end) => {
    if (end === "current") return true;
    if (end === "" || end === "base" || end === "heads") return false;
    const spec = parseTarget(end, graph);
    return spec.kind === "relative" && spec.anchor.kind === "current";
  });
}

function resolveBound(
  graph: RevisionGraph,
  state: AppliedState,
  text: string,
  end: "lower" | "upper",
): Bound {
  if (text === "") return null;
  if (text === "current") return end === "lower" && state.heads.length === 0 ? null : state.heads;
  if (text === "base") return end === "lower" ? null : [];
  if (text === "heads" && end === "upper") return null;
  const spec = parseTarget(text, graph);
  // `label@base` below: the base that branch grows from, so that other bases' lines stay out.
  if (spec.kind === "base" && spec.branch !== null && end === "lower") {
    const lineage = graph.branchLineage(spec.branch);
    return graph.bases.filter((base) => lineage.has(base.id)).map((base) => base.id);
  }
  const revisions = resolveTarget(graph, state, spec, text, "history");
  if (revisions.length === 0) return end === "lower" ? null : [];
  return revisions.map((r) => r.id);
}
