/**
 * Target resolution: turns a parsed target (`target-spec.ts`) and the database's applied state into the
 * revisions it designates. The plans (`plan.ts`) and history ranges (`history.ts`) are built on it.
 */
import type { AppliedState } from "./applied-state";
import {
  AmbiguousRevisionError,
  BranchLabelError,
  InvalidTargetError,
  MultipleHeadsError,
} from "./errors";
import type { RevisionGraph } from "./graph";
import type { Revision } from "./revision";
import type { TargetSpec } from "./target-spec";
import { walk, type Point } from "./walk";

/** What the target is resolved for: it decides which forms are allowed. */
export type ResolutionMode = "upgrade" | "downgrade" | "history";

/**
 * Resolves a target to the revisions it designates; an empty list means `base`.
 *
 * - `heads` gives every head (of the branch, with `label@heads`); refused for a downgrade.
 * - `head` gives the single head (of the branch); several throw `MultipleHeadsError`.
 * - relative steps from the current head must go up for an upgrade and down for a downgrade.
 *
 * @param text the target as the user typed it, for messages.
 */
export function resolveTarget(
  graph: RevisionGraph,
  state: AppliedState,
  spec: TargetSpec,
  text: string,
  mode: ResolutionMode,
): readonly Revision[] {
  switch (spec.kind) {
    case "heads":
      if (mode === "downgrade") {
        throw new InvalidTargetError(
          text,
          `"heads" cannot be a downgrade target; name the revision to go back to, a step such as "-1", or "base"`,
        );
      }
      return branchHeads(graph, spec.branch);
    case "head": {
      const head = resolveHead(graph, spec.branch, text);
      return head === null ? [] : [head];
    }
    case "base":
      return [];
    case "revision":
      return [resolveRef(graph, spec.ref, spec.branch)];
    case "relative": {
      const point = walk(
        graph,
        anchorPoint(graph, state, spec, text, mode),
        spec.steps,
        spec.branch,
        text,
      );
      return point === "base" ? [] : [point];
    }
  }
}

/** The heads of the graph, or of one branch's lineage. */
export function branchHeads(graph: RevisionGraph, branch: string | null): readonly Revision[] {
  return branch === null
    ? graph.heads
    : graph.heads.filter((head) => graph.isOnBranch(branch, head.id));
}

/** The single head (of a branch); null for an empty graph; `MultipleHeadsError` when there are several. */
export function resolveHead(
  graph: RevisionGraph,
  branch: string | null,
  text: string,
): Revision | null {
  const heads = branchHeads(graph, branch);
  if (heads.length > 1) {
    throw new MultipleHeadsError(
      heads.map((h) => h.id),
      text,
    );
  }
  return heads[0] ?? null;
}

/**
 * Resolves an id, prefix or label. With a branch, the revision must be on the branch's lineage, and a
 * prefix matching several ids is accepted when only one of them is on the branch.
 */
export function resolveRef(graph: RevisionGraph, ref: string, branch: string | null): Revision {
  let revision: Revision;
  try {
    revision = graph.get(ref);
  } catch (error) {
    if (branch === null || !(error instanceof AmbiguousRevisionError)) throw error;
    const onBranch = error.candidates.filter((id) => graph.isOnBranch(branch, id));
    if (onBranch.length !== 1) {
      throw new AmbiguousRevisionError(ref, onBranch.length > 0 ? onBranch : error.candidates);
    }
    revision = graph.revisionOf(onBranch[0]);
  }
  if (branch !== null && !graph.isOnBranch(branch, revision.id)) {
    throw new BranchLabelError(branch, "notOnBranch", [revision]);
  }
  return revision;
}

function anchorPoint(
  graph: RevisionGraph,
  state: AppliedState,
  spec: Extract<TargetSpec, { kind: "relative" }>,
  text: string,
  mode: ResolutionMode,
): Point {
  switch (spec.anchor.kind) {
    case "current":
      if (mode === "upgrade" && spec.steps < 0) {
        throw new InvalidTargetError(
          text,
          `an upgrade cannot move down from the current revision; use downgrade`,
        );
      }
      if (mode === "downgrade" && spec.steps > 0) {
        throw new InvalidTargetError(
          text,
          `a downgrade cannot move up from the current revision; use upgrade`,
        );
      }
      return currentPoint(graph, state, spec.branch, spec.steps, text);
    case "head": {
      const head = resolveHead(graph, spec.branch, text);
      if (head === null) throw new InvalidTargetError(text, "there are no revisions");
      return head;
    }
    case "base":
      return "base";
    case "revision":
      return resolveRef(graph, spec.anchor.ref, spec.branch);
  }
}

/**
 * Where the database is, for steps counted from it: its single head, or with a branch its single head on
 * that branch's lineage. When the branch has no row of its own (another branch grew from it), the most
 * recent applied revisions of the lineage are used; when nothing of it is applied, `base`.
 */
function currentPoint(
  graph: RevisionGraph,
  state: AppliedState,
  branch: string | null,
  steps: number,
  text: string,
): Point {
  let starts = state.heads;
  if (branch !== null) {
    const lineage = graph.branchLineage(branch);
    starts = state.heads.filter((id) => lineage.has(id));
    if (starts.length === 0) {
      const applied = new Set([...state.applied].filter((id) => lineage.has(id)));
      starts = [...applied].filter(
        (id) => !graph.childrenOf(id).some((child) => applied.has(child)),
      );
    }
  }
  if (starts.length > 1) {
    throw new MultipleHeadsError(
      graph.sort(starts).map((r) => r.id),
      text,
    );
  }
  if (starts.length === 0) {
    if (steps < 0) {
      const where = branch === null ? "" : ` on branch "${branch}"`;
      throw new InvalidTargetError(
        text,
        `no revision${where} is applied, so there is nothing to step down from`,
      );
    }
    return "base";
  }
  return graph.revisionOf(starts[0]);
}
