/**
 * A revision: one node of the migration graph, as declared by one migration file. Plain readonly data; the
 * graph (`graph.ts`) is built from a list of them and never reads files itself.
 */
export interface Revision {
  /** The revision id, unique in the script directory (`revision` export of the file). */
  readonly id: string;
  /**
   * The revisions this one follows (`downRevision` export): empty for a base, two or more for a merge.
   * They define the branches, the heads and the version table's contents.
   */
  readonly downRevisions: readonly string[];
  /** Names of the branch that starts at this revision (`branchLabels` export). */
  readonly branchLabels: readonly string[];
  /**
   * Revisions (or branch labels) that must be applied before this one without being merged into it
   * (`dependsOn` export): upgrading applies them, downgrading them removes this one first, but the version
   * table keeps a row for each branch.
   */
  readonly dependsOn: readonly string[];
  /** The first line of the file's leading doc comment; "" when there is none. */
  readonly message: string;
  /** The migration file, for messages; null for revisions that were not read from a file (tests). */
  readonly path: string | null;
  readonly createDate?: string | null;
  /**
   * The schemas the entities occupied when autogenerate wrote this revision (`comparedSchemas` export):
   * the next autogenerate compares them too, so that a table whose entity left a schema is still seen
   * there. Absent for revisions written by hand, merges, and files from before the export existed.
   */
  readonly comparedSchemas?: readonly string[];
}

/** What error messages need to name a revision: its id and, when known, its file. */
export interface RevisionRef {
  readonly id: string;
  readonly path: string | null;
}

/** Formats a revision for a message: `"abc" (migrations/abc_add_users.ts)`, or `"abc"` without a file. */
export function describeRevision(revision: RevisionRef): string {
  return revision.path === null ? `"${revision.id}"` : `"${revision.id}" (${revision.path})`;
}

/** Formats several revisions for a message, comma-separated. */
export function describeRevisions(revisions: readonly RevisionRef[]): string {
  return revisions.map(describeRevision).join(", ");
}

/** Formats revision ids for a message: `"a", "b"`; `(none)` for an empty list. */
export function quoteIds(ids: readonly string[]): string {
  return ids.length === 0 ? "(none)" : ids.map((id) => `"${id}"`).join(", ");
}
