/**
 * Small graphs shared by the revision tests, drawn next to each builder.
 */
import { RevisionGraph } from "../../src/revision/graph";
import type { Revision } from "../../src/revision/revision";

export interface RevOptions {
  readonly labels?: readonly string[];
  readonly dependsOn?: readonly string[];
  readonly path?: string | null;
}

/** A revision with the given down revisions. */
export function rev(id: string, down: readonly string[] = [], options: RevOptions = {}): Revision {
  return {
    id,
    downRevisions: down,
    branchLabels: options.labels ?? [],
    dependsOn: options.dependsOn ?? [],
    message: `message of ${id}`,
    path: options.path === undefined ? `migrations/${id}.ts` : options.path,
  };
}

/** a <- b <- c <- d */
export function linear(): RevisionGraph {
  return RevisionGraph.build([rev("a"), rev("b", ["a"]), rev("c", ["b"]), rev("d", ["c"])]);
}

/**
 * ```
 *        a
 *        b
 *   left c   d right
 *        e   f
 *         \ /
 *          m        (merge of e and f)
 * ```
 */
export function branchedWithMerge(): RevisionGraph {
  return RevisionGraph.build([
    rev("a"),
    rev("b", ["a"]),
    rev("c", ["b"], { labels: ["left"] }),
    rev("d", ["b"], { labels: ["right"] }),
    rev("e", ["c"]),
    rev("f", ["d"]),
    rev("m", ["e", "f"]),
  ]);
}

/** Two branches with their own bases: a <- b, and net: x <- y, where y dependsOn b. */
export function dependent(): RevisionGraph {
  return RevisionGraph.build([
    rev("a"),
    rev("b", ["a"]),
    rev("x", [], { labels: ["net"] }),
    rev("y", ["x"], { dependsOn: ["b"] }),
  ]);
}

/** The ids of a list of revisions. */
export function ids(revisions: readonly { readonly id: string }[]): string[] {
  return revisions.map((r) => r.id);
}

/** Runs `fn` and returns what it threw (fails the test if nothing was thrown). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error to be thrown");
}
