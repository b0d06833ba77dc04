/**
 * Migration plans: from the database's version table rows and a target, the ordered revisions to apply
 * or remove, with the version table's rows after each step. Pure: the runner executes the steps and,
 * after each one, makes the version table hold exactly `step.heads`.
 */
import { headsAfterDowngrade, headsAfterUpgrade, readAppliedState } from "./applied-state";
import { RangeNotAncestorError, UpgradeTargetBelowError } from "./errors";
import type { RevisionGraph } from "./graph";
import type { Revision } from "./revision";
import { parseTarget } from "./target-spec";
import { resolveTarget } from "./targets";

export type Direction = "up" | "down";

/** One migration to run. */
export interface PlanStep {
  readonly revision: Revision;
  readonly direction: Direction;
  /** The version table's rows once this step is done, in topological order. */
  readonly heads: readonly string[];
}

export interface MigrationPlan {
  readonly direction: Direction;
  /** The target as given. */
  readonly target: string;
  /** The version table's rows before the first step (normalised: redundant ancestor rows dropped). */
  readonly startHeads: readonly string[];
  /** Parents before children when upgrading; children before parents when downgrading. */
  readonly steps: readonly PlanStep[];
  /** The version table's rows after the last step (`startHeads` when there is nothing to do). */
  readonly endHeads: readonly string[];
}

/**
 * Plans an upgrade: every revision the target needs (the target, its down revisions and `dependsOn`,
 * recursively) that is not applied yet, parents before children. A target that is already applied, or
 * `base`, gives an empty plan.
 *
 * Version rows: applying a revision replaces its down revisions among the rows with it (a merge collapses
 * several rows into one); a revision none of whose down revisions is a row adds a row (a new branch).
 *
 * @param versionRows the revision ids in the version table (several when branches are applied).
 * @example
 * planUpgrade(graph, ["a1"], "head").steps.map((s) => s.revision.id); // ["b2", "c3"]
 */
export function planUpgrade(
  graph: RevisionGraph,
  versionRows: Iterable<string>,
  target: string,
): MigrationPlan {
  const state = readAppliedState(graph, versionRows);
  const destinations = resolveTarget(graph, state, parseTarget(target, graph), target, "upgrade");
  const needed = graph.ancestorIds(
    destinations.map((r) => r.id),
    { inclusive: true },
  );
  const revisions = graph.sort([...needed].filter((id) => !state.applied.has(id)));
  // Nothing to apply because the target lies below the database (base included) is a downgrade target.
  const below =
    destinations.length === 0 && state.heads.length > 0
      ? "base"
      : destinations.find((r) => state.applied.has(r.id) && !state.heads.includes(r.id))?.id;
  if (revisions.length === 0 && below !== undefined) throw new UpgradeTargetBelowError(target, below, state.heads);
  let heads: readonly string[] = state.heads;
  const steps = revisions.map((revision): PlanStep => {
    heads = headsAfterUpgrade(graph, heads, revision.id);
    return { revision, direction: "up", heads };
  });
  return { direction: "up", target, startHeads: state.heads, steps, endHeads: heads };
}

/**
 * Plans a downgrade to a revision: removes every applied revision that descends from it (following down
 * revisions into its children, then down revisions and `dependsOn` from there), children before
 * parents. Branches that do not grow from the target are left alone; with `label@<rev>` only the
 * target's children on that branch's lineage are removed. `base` removes everything; `label@base`
 * removes the branch's base (the base the labelled revision grows from) and all that descends from it.
 *
 * Version rows: removing a revision drops its row and gives each of its down revisions a row again,
 * unless another applied revision still follows that one.
 *
 * Throws `RangeNotAncestorError` when the target revision is not applied.
 */
export function planDowngrade(
  graph: RevisionGraph,
  versionRows: Iterable<string>,
  target: string,
): MigrationPlan {
  const state = readAppliedState(graph, versionRows);
  const spec = parseTarget(target, graph);
  const [destination] = resolveTarget(graph, state, spec, target, "downgrade");
  const branch = spec.branch;
  let removed: Set<string>;
  if (destination === undefined) {
    const lineage = branch === null ? null : graph.branchLineage(branch);
    const roots = graph.bases.filter((base) => lineage === null || lineage.has(base.id));
    removed = graph.descendantIds(
      roots.map((r) => r.id),
      { inclusive: true },
    );
  } else {
    if (!state.applied.has(destination.id)) {
      throw new RangeNotAncestorError(destination.id, state.heads, "downgrade");
    }
    const lineage = branch === null ? null : graph.branchLineage(branch);
    const roots = graph
      .childrenOf(destination.id)
      .filter((id) => lineage === null || lineage.has(id));
    removed = graph.descendantIds(roots, { inclusive: true });
  }
  const revisions = graph.sort([...removed].filter((id) => state.applied.has(id))).reverse();
  const applied = new Set(state.applied);
  let heads: readonly string[] = state.heads;
  const steps = revisions.map((revision): PlanStep => {
    applied.delete(revision.id);
    heads = headsAfterDowngrade(graph, heads, revision.id, applied);
    return { revision, direction: "down", heads };
  });
  return { direction: "down", target, startHeads: state.heads, steps, endHeads: heads };
}
