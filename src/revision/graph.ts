/**
 * The revision graph: pure and I/O-free, built once from the revisions of a script directory and then
 * only queried. Two kinds of edges link a revision to earlier ones:
 *
 * - `downRevisions` ("parents"): the revision follows them. They define branches, merges, heads and
 *   bases, and what the version table holds.
 * - `dependsOn` ("dependencies"): the revision needs them applied first, but stays on its own branch.
 *
 * "Ancestors" and "descendants" follow both kinds unless `{ dependencies: false }` is passed.
 */
import {
  AmbiguousRevisionError,
  BranchLabelError,
  InvalidTargetError,
  UnknownRevisionError,
} from "./errors";
import {
  indexBranchLabels,
  indexRevisions,
  resolveEdges,
  type RevisionEdges,
} from "./graph-validation";
import type { Revision } from "./revision";
import { topologicalSort } from "./topological-sort";

/** Options of the ancestor and descendant queries. */
export interface TraversalOptions {
  /** Follow `dependsOn` edges as well as `downRevisions` (default true). */
  readonly dependencies?: boolean;
  /** Include the starting revisions themselves (default false). */
  readonly inclusive?: boolean;
}

const EMPTY: readonly string[] = Object.freeze([]);

export class RevisionGraph {
  private readonly positions = new Map<string, number>();
  private readonly children = new Map<string, string[]>();
  private readonly dependents = new Map<string, string[]>();
  private readonly lineages = new Map<string, ReadonlySet<string>>();

  private constructor(
    private readonly byId: ReadonlyMap<string, Revision>,
    private readonly edges: ReadonlyMap<string, RevisionEdges>,
    private readonly labels: ReadonlyMap<string, string>,
    private readonly order: readonly Revision[],
  ) {
    order.forEach((revision, i) => this.positions.set(revision.id, i));
    for (const id of byId.keys()) {
      const { parents, dependencies } = edges.get(id)!;
      for (const parent of parents) push(this.children, parent, id);
      for (const dependency of dependencies) push(this.dependents, dependency, id);
    }
    for (const list of [...this.children.values(), ...this.dependents.values()]) list.sort();
    this.heads = order.filter((r) => !this.children.has(r.id));
    this.bases = order.filter((r) => r.downRevisions.length === 0);
  }

  /**
   * Builds and validates a graph. Throws `DuplicateRevisionError`, `InvalidRevisionIdError`,
   * `BranchLabelError`, `MissingRevisionError` or `CycleDetectedError`, in that order of checking.
   *
   * @example
   * const graph = RevisionGraph.build([
   *   { id: "a1", downRevisions: [], branchLabels: [], dependsOn: [], message: "init", path: null },
   *   { id: "b2", downRevisions: ["a1"], branchLabels: [], dependsOn: [], message: "users", path: null },
   * ]);
   * graph.heads.map((r) => r.id); // ["b2"]
   */
  static build(revisions: Iterable<Revision>): RevisionGraph {
    const byId = indexRevisions([...revisions]);
    const labels = indexBranchLabels(byId);
    const edges = resolveEdges(byId, labels);
    const childrenOf = new Map<string, string[]>();
    for (const [id, edge] of edges) {
      for (const parent of [...edge.parents, ...edge.dependencies]) push(childrenOf, parent, id);
    }
    for (const list of childrenOf.values()) list.sort();
    const order = topologicalSort({
      revisions: byId,
      parentsOf: (id) => [...edges.get(id)!.parents, ...edges.get(id)!.dependencies],
      childrenOf: (id) => childrenOf.get(id) ?? EMPTY,
    });
    return new RevisionGraph(byId, edges, labels, Object.freeze(order.map((id) => byId.get(id)!)));
  }

  /** Revisions no other revision lists as a down revision, in topological order. */
  readonly heads: readonly Revision[];
  /** Revisions without down revisions, in topological order. */
  readonly bases: readonly Revision[];

  get size(): number {
    return this.byId.size;
  }

  /** Every revision, parents before children; deterministic for a given set of revisions. */
  topologicalOrder(): readonly Revision[] {
    return this.order;
  }

  /** Whether a revision with exactly this id exists. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The revision with exactly this id, if any. */
  find(id: string): Revision | undefined {
    return this.byId.get(id);
  }

  /**
   * Resolves a full id, a branch label (the revision declaring it) or an unambiguous id prefix.
   * Throws `UnknownRevisionError` when nothing matches and `AmbiguousRevisionError` when a prefix
   * matches several ids.
   */
  get(idOrPrefix: string): Revision {
    if (idOrPrefix.length === 0) {
      throw new InvalidTargetError(idOrPrefix, "a revision id cannot be empty");
    }
    const exact = this.byId.get(idOrPrefix) ?? this.branchRevision(idOrPrefix);
    if (exact) return exact;
    const candidates = [...this.byId.keys()].filter((id) => id.startsWith(idOrPrefix));
    if (candidates.length === 1) return this.byId.get(candidates[0])!;
    if (candidates.length > 1) throw new AmbiguousRevisionError(idOrPrefix, candidates.sort());
    throw new UnknownRevisionError(idOrPrefix);
  }

  /** The down revisions of `id` (its parents on its branch). */
  parentsOf(id: string): readonly string[] {
    return this.edgesOf(id).parents;
  }

  /** The `dependsOn` of `id`, resolved to revision ids. */
  dependenciesOf(id: string): readonly string[] {
    return this.edgesOf(id).dependencies;
  }

  /** The revisions listing `id` as a down revision, in id order. */
  childrenOf(id: string): readonly string[] {
    this.edgesOf(id);
    return this.children.get(id) ?? EMPTY;
  }

  /** The revisions listing `id` in their `dependsOn`, in id order. */
  dependentsOf(id: string): readonly string[] {
    this.edgesOf(id);
    return this.dependents.get(id) ?? EMPTY;
  }

  /** Every revision that must be applied before `ref` (resolved with `get`), in topological order. */
  ancestors(ref: string, options: TraversalOptions = {}): readonly Revision[] {
    return this.sort(this.ancestorIds([this.get(ref).id], options));
  }

  /** Every revision that can only be applied after `ref` (resolved with `get`), in topological order. */
  descendants(ref: string, options: TraversalOptions = {}): readonly Revision[] {
    return this.sort(this.descendantIds([this.get(ref).id], options));
  }

  /** Whether `ancestor` must be applied before `descendant` (both resolved with `get`; false if equal). */
  isAncestor(ancestor: string, descendant: string, options: TraversalOptions = {}): boolean {
    const target = this.get(ancestor).id;
    return this.ancestorIds([this.get(descendant).id], options).has(target);
  }

  /** The ids of the ancestors of several revisions (exact ids), as a set. */
  ancestorIds(ids: Iterable<string>, options: TraversalOptions = {}): Set<string> {
    const deps = options.dependencies ?? true;
    return this.traverse(ids, options.inclusive ?? false, (id) =>
      deps ? [...this.parentsOf(id), ...this.dependenciesOf(id)] : this.parentsOf(id),
    );
  }

  /** The ids of the descendants of several revisions (exact ids), as a set. */
  descendantIds(ids: Iterable<string>, options: TraversalOptions = {}): Set<string> {
    const deps = options.dependencies ?? true;
    return this.traverse(ids, options.inclusive ?? false, (id) =>
      deps ? [...this.childrenOf(id), ...this.dependentsOf(id)] : this.childrenOf(id),
    );
  }

  /** The given revisions (exact ids) in topological order. */
  sort(ids: Iterable<string>): Revision[] {
    return [...new Set(ids)]
      .map((id) => this.revisionOf(id))
      .sort((a, b) => this.position(a.id) - this.position(b.id));
  }

  /** The index of `id` in `topologicalOrder()`. */
  position(id: string): number {
    const position = this.positions.get(id);
    if (position === undefined) throw new UnknownRevisionError(id);
    return position;
  }

  /** Every branch label, each with the id of the revision that declares it. */
  branchLabels(): ReadonlyMap<string, string> {
    return this.labels;
  }

  /** The revision declaring `label`, if any. */
  branchRevision(label: string): Revision | undefined {
    const id = this.labels.get(label);
    return id === undefined ? undefined : this.byId.get(id);
  }

  /**
   * The lineage of the branch named `label`: the revision declaring the label, its descendants and its
   * ancestors, following down revisions only. Throws `BranchLabelError` for an unknown label.
   */
  branchLineage(label: string): ReadonlySet<string> {
    const cached = this.lineages.get(label);
    if (cached) return cached;
    const root = this.branchRevision(label);
    if (!root) throw new BranchLabelError(label, "unknown");
    const downOnly = { dependencies: false, inclusive: true };
    const lineage = new Set([
      ...this.ancestorIds([root.id], downOnly),
      ...this.descendantIds([root.id], downOnly),
    ]);
    this.lineages.set(label, lineage);
    return lineage;
  }

  /** Whether `id` is in `branchLineage(label)`. */
  isOnBranch(label: string, id: string): boolean {
    return this.branchLineage(label).has(id);
  }

  /** The revision with exactly this id; `UnknownRevisionError` otherwise. */
  revisionOf(id: string): Revision {
    const revision = this.byId.get(id);
    if (!revision) throw new UnknownRevisionError(id);
    return revision;
  }

  private edgesOf(id: string): RevisionEdges {
    const edges = this.edges.get(id);
    if (!edges) throw new UnknownRevisionError(id);
    return edges;
  }

  private traverse(
    start: Iterable<string>,
    inclusive: boolean,
    next: (id: string) => readonly string[],
  ): Set<string> {
    const seen = new Set<string>();
    const queue: string[] = [];
    for (const id of start) {
      this.edgesOf(id);
      if (inclusive) seen.add(id);
      queue.push(id);
    }
    while (queue.length > 0) {
      for (const other of next(queue.pop()!)) {
        if (!seen.has(other)) {
          seen.add(other);
          queue.push(other);
        }
      }
    }
    return seen;
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
