import type { RevisionInfo } from "../api/inspect";

/** `ae1027a6acf (head) (current)` plus labels. */
export function revisionTag(r: RevisionInfo, indicateCurrent = false): string {
  const tags = [
    ...r.branchLabels.map((l) => `(${l})`),
    r.isHead ? "(head)" : "",
    r.isBranchPoint ? "(branchpoint)" : "",
    r.isMergePoint ? "(mergepoint)" : "",
    indicateCurrent && r.isCurrent ? "(current)" : "",
  ].filter(Boolean);
  return [r.id, ...tags].join(" ");
}

/** Alembic's one-line history entry: `1975ea83b712 -> ae1027a6acf (head), add a column`. */
export function historyLine(r: RevisionInfo, indicateCurrent = false): string {
  const parents = r.downRevisions.length === 0 ? "<base>" : r.downRevisions.join(", ");
  const message = r.message ? `, ${r.message}` : "";
  return `${parents} -> ${revisionTag(r, indicateCurrent)}${message}`;
}

/** Alembic's verbose form (`show`, `history --verbose`, `current --verbose`). */
export function revisionDetails(r: RevisionInfo & { children?: readonly string[] }): string {
  const lines = [
    `Rev: ${revisionTag(r)}`,
    `Parent: ${r.downRevisions.length ? r.downRevisions.join(", ") : "<base>"}`,
  ];
  if (r.children) lines.push(`Children: ${r.children.length ? r.children.join(", ") : "<none>"}`);
  if (r.branchLabels.length) lines.push(`Branch names: ${r.branchLabels.join(", ")}`);
  if (r.dependsOn.length) lines.push(`Also depends on: ${r.dependsOn.join(", ")}`);
  if (r.path) lines.push(`Path: ${r.path}`);
  lines.push("", `    ${r.message}`, "", `    Revision ID: ${r.id}`);
  lines.push(`    Revises: ${r.downRevisions.length ? r.downRevisions.join(", ") : "<base>"}`);
  if (r.createDate) lines.push(`    Create Date: ${r.createDate}`);
  return lines.join("\n") + "\n";
}
