/**
 * Relative steps through the graph (`+2`, `head-1`, `ae10+1`): one revision at a time along down
 * revisions, refusing any step where the way is not unique.
 * @internal
 */
import { InvalidTargetError } from "./errors";
import type { RevisionGraph } from "./graph";
import type { Revision } from "./revision";

/** A place in the graph: a revision, or `base` (before every revision). */
export type Point = Revision | "base";

function describePoint(point: Point): string {
  return point === "base" ? "base" : `"${point.id}"`;
}

/**
 * Walks `steps` revisions up (positive) or down (negative) from `start`. Going up from `base` enters the
 * single base; going down from a base reaches `base`. When `branch` is given, each step only considers
 * revisions on that branch's lineage (so `label@-1` from a merge goes down that branch's side).
 * Throws `InvalidTargetError` (naming `target`) when a step has several candidates (a branch point
 * going up, a merge going down) or none (past a head or base, or off the branch).
 */
export function walk(
  graph: RevisionGraph,
  start: Point,
  steps: number,
  branch: string | null,
  target: string,
): Point {
  let point = start;
  for (let taken = 0; taken < Math.abs(steps); taken++) {
    const candidates = steps > 0 ? stepsUp(graph, point) : stepsDown(graph, point);
    const next = candidates.filter(
      (candidate) =>
        branch === null || candidate === "base" || graph.isOnBranch(branch, candidate.id),
    );
    if (next.length === 0 && candidates.length > 0) {
      throw new InvalidTargetError(
        target,
        `no revision of branch "${branch}" ${steps > 0 ? "follows" : "precedes"} ${describePoint(point)}`,
      );
    }
    if (next.length === 0) {
      throw new InvalidTargetError(
        target,
        `it walks past the ${steps > 0 ? "head" : "base"}: only ${taken} step(s) are possible from ` +
          describePoint(start),
      );
    }
    if (next.length > 1) {
      const why = steps > 0 ? "branches into" : "merges";
      throw new InvalidTargetError(
        target,
        `the walk is ambiguous at ${describePoint(point)}, which ${why} ${next.map(describePoint).join(", ")}; ` +
          `name the revision, or narrow the walk with "<branch label>@"`,
      );
    }
    point = next[0];
  }
  return point;
}

function stepsUp(graph: RevisionGraph, point: Point): Point[] {
  return point === "base" ? [...graph.bases] : graph.sort(graph.childrenOf(point.id));
}

function stepsDown(graph: RevisionGraph, point: Point): Point[] {
  if (point === "base") return [];
  if (point.downRevisions.length === 0) return ["base"];
  return point.downRevisions.map((id) => graph.revisionOf(id));
}
