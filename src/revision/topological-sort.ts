/**
 * The deterministic topological order of a revision graph, and the cycle report when there is none.
 * @internal
 */
import { CycleDetectedError } from "./errors";
import type { Revision } from "./revision";

/** Adjacency the sort needs: every id with its parents (down revisions and dependencies) and children. */
export interface SortInput {
  /** Every revision, in id order. */
  readonly revisions: ReadonlyMap<string, Revision>;
  readonly parentsOf: (id: string) => readonly string[];
  /** Children (down and dependency edges), in id order. */
  readonly childrenOf: (id: string) => readonly string[];
}

/**
 * Orders the revisions parents before children. Ties are broken so that the result depends only on the
 * graph, not on the order the files were listed: bases in id order, and after each revision the walk
 * continues with its own children (smallest id first) before returning to other branches, so a branch
 * reads as one run. Throws `CycleDetectedError` naming one cycle when the graph has any.
 */
export function topologicalSort(input: SortInput): string[] {
  const pending = new Map<string, number>();
  const ready: string[] = [];
  for (const id of input.revisions.keys()) {
    const count = input.parentsOf(id).length;
    pending.set(id, count);
    if (count === 0) ready.push(id);
  }
  ready.reverse(); // a stack: the smallest id is popped first
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.pop()!;
    order.push(id);
    const children = input.childrenOf(id);
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      const left = pending.get(child)! - 1;
      pending.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  if (order.length < input.revisions.size) {
    const emitted = new Set(order);
    throw new CycleDetectedError(findCycle(input, (id) => !emitted.has(id)));
  }
  return order;
}

/**
 * Finds one cycle among the revisions the sort could not emit. Every such revision has a parent that was
 * not emitted either, so following the smallest such parent must come back to a revision already seen.
 */
function findCycle(input: SortInput, stuck: (id: string) => boolean): Revision[] {
  const start = [...input.revisions.keys()].find(stuck)!;
  const path: string[] = [];
  const seenAt = new Map<string, number>();
  let current = start;
  while (!seenAt.has(current)) {
    seenAt.set(current, path.length);
    path.push(current);
    current = [...input.parentsOf(current)].filter(stuck).sort()[0];
  }
  const cycle = path.slice(seenAt.get(current));
  const smallest = cycle.indexOf([...cycle].sort()[0]);
  const rotated = [...cycle.slice(smallest), ...cycle.slice(0, smallest)];
  return rotated.map((id) => input.revisions.get(id)!);
}
