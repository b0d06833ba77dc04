import type { BranchPointInfo, RevisionInfo } from "../api/inspect";

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

/** Alembic's verbose form (`show`, `history --verbose`, `current --verbose`, `branches --verbose`). */
export function revisionDetails(r: RevisionInfo & { children?: readonly string[]; branchesInto?: readonly RevisionInfo[] }): string {
  const lines = [
    `Rev: ${revisionTag(r)}`,
    `Parent: ${r.downRevisions.length ? r.downRevisions.join(", ") : "<base>"}`,
  ];
  if (r.children) lines.push(`Children: ${r.children.length ? r.children.join(", ") : "<none>"}`);
  if (r.branchesInto) lines.push(`Branches into: ${r.branchesInto.map((b) => b.id).join(", ")}`);
  if (r.branchLabels.length) lines.push(`Branch names: ${r.branchLabels.join(", ")}`);
  if (r.dependsOn.length) lines.push(`Also depends on: ${r.dependsOn.join(", ")}`);
  if (r.path) lines.push(`Path: ${r.path}`);
  lines.push("", `    ${r.message}`, "", `    Revision ID: ${r.id}`);
  lines.push(`    Revises: ${r.downRevisions.length ? r.downRevisions.join(", ") : "<base>"}`);
  if (r.createDate) lines.push(`    Create Date: ${r.createDate}`);
  return lines.join("\n") + "\n";
}

/**
 * Alembic's `branches` entry: the branch point, then one line per branch leaving it, indented by the
 * width of its id, and a blank line. `verbose`: the branch point in the verbose form, and each branch
 * with its message.
 * @example // a1 (branchpoint)
 *          //    -> b2 (head)
 *          //    -> c3 (head)
 */
export function branchPointEntry(r: BranchPointInfo, verbose = false): string {
  const head = verbose ? revisionDetails(r) : `${revisionTag(r)}\n`;
  const indent = " ".repeat(r.id.length);
  const branches = r.branchesInto.map((b) => `${indent} -> ${revisionTag(b)}${verbose && b.message ? `, ${b.message}` : ""}\n`);
  return `${head}${verbose ? "\n" : ""}${branches.join("")}\n`;
}
