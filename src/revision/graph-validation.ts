/**
 * Build-time checks of a revision graph: unique and well-formed ids, branch labels, references that
 * resolve. Each check throws the typed error naming the revisions and files; the cycle check lives with
 * the topological sort (`topological-sort.ts`).
 * @internal
 */
import {
  BranchLabelError,
  DuplicateRevisionError,
  InvalidRevisionIdError,
  MissingRevisionError,
} from "./errors";
import type { Revision } from "./revision";

/** Words with a meaning in target syntax, so they can be neither revision ids nor branch labels. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set(["head", "heads", "base", "current"]);

/** The resolved edges of one revision. */
export interface RevisionEdges {
  /** `downRevisions`, deduplicated. */
  readonly parents: readonly string[];
  /** `dependsOn` resolved to revision ids (labels replaced), minus anything already in `parents`. */
  readonly dependencies: readonly string[];
}

/**
 * Why `name` cannot be used as a revision id or branch label, or null when it can. Target syntax splits
 * on `@` and `:`, reads a leading or trailing `+N`/`-N` as a relative step, and gives the reserved words
 * their own meaning.
 */
export function identifierProblem(name: string): string | null {
  if (name.length === 0) return "it is empty";
  if (/\s/.test(name)) return "it contains whitespace";
  const bad = [...new Set(name.match(/[@:,]/g) ?? [])];
  if (bad.length > 0) return `it contains ${bad.map((c) => `"${c}"`).join(", ")}`;
  if (/^[+-]/.test(name)) return `it starts with "${name[0]}"`;
  if (RESERVED_WORDS.has(name)) return `"${name}" is a reserved word`;
  return null;
}

function dedupe(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * Indexes revisions by id, checking ids are unique and well formed. The returned revisions are frozen
 * copies with deduplicated lists, in id order.
 */
export function indexRevisions(revisions: readonly Revision[]): Map<string, Revision> {
  const groups = new Map<string, Revision[]>();
  for (const revision of revisions) {
    const group = groups.get(revision.id);
    if (group) group.push(revision);
    else groups.set(revision.id, [revision]);
  }
  const byId = new Map<string, Revision>();
  for (const id of [...groups.keys()].sort()) {
    const group = groups.get(id)!;
    if (group.length > 1)
      throw new DuplicateRevisionError(
        id,
        group.map((r) => r.path),
      );
    const revision = group[0];
    const problem = identifierProblem(id);
    if (problem !== null) throw new InvalidRevisionIdError(id, revision.path, problem);
    byId.set(
      id,
      Object.freeze({
        ...revision,
        downRevisions: Object.freeze(dedupe(revision.downRevisions)),
        branchLabels: Object.freeze(dedupe(revision.branchLabels)),
        dependsOn: Object.freeze(dedupe(revision.dependsOn)),
      }),
    );
  }
  return byId;
}

/** Maps each branch label to the revision declaring it; refuses duplicates, clashes with ids, bad names. */
export function indexBranchLabels(byId: ReadonlyMap<string, Revision>): Map<string, string> {
  const labels = new Map<string, string>();
  for (const revision of byId.values()) {
    for (const label of revision.branchLabels) {
      if (identifierProblem(label) !== null)
        throw new BranchLabelError(label, "invalid", [revision]);
      const clash = byId.get(label);
      if (clash) throw new BranchLabelError(label, "conflictsWithRevision", [clash]);
      const owner = labels.get(label);
      if (owner !== undefined)
        throw new BranchLabelError(label, "duplicate", [byId.get(owner)!, revision]);
      labels.set(label, revision.id);
    }
  }
  return labels;
}

/**
 * Resolves every revision's `downRevisions` and `dependsOn` to ids, refusing references to revisions
 * that do not exist. A `dependsOn` entry may also be a branch label: it then means the revision that
 * declares the label.
 */
export function resolveEdges(
  byId: ReadonlyMap<string, Revision>,
  labels: ReadonlyMap<string, string>,
): Map<string, RevisionEdges> {
  const edges = new Map<string, RevisionEdges>();
  for (const revision of byId.values()) {
    for (const parent of revision.downRevisions) {
      if (!byId.has(parent))
        throw new MissingRevisionError(parent, revision.id, revision.path, "downRevision");
    }
    const dependencies = revision.dependsOn.map((ref) => {
      const id = byId.has(ref) ? ref : labels.get(ref);
      if (id === undefined)
        throw new MissingRevisionError(ref, revision.id, revision.path, "dependsOn");
      return id;
    });
    edges.set(revision.id, {
      parents: revision.downRevisions,
      dependencies: dedupe(dependencies).filter((id) => !revision.downRevisions.includes(id)),
    });
  }
  return edges;
}
