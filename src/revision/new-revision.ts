/**
 * Checks of a revision about to be written (`autogen revision --rev-id --branch-label`, `merge`,
 * `revision --baseline`). A file with an id or label the graph refuses would break every later command
 * that loads the migrations, so the same rules are applied before the file exists.
 */
import { InvalidNewRevisionError } from "./errors";
import type { RevisionGraph } from "./graph";
import { identifierProblem } from "./graph-validation";
import { VERSION_NUM_LENGTH } from "../runner/version-table";

/**
 * Throws `InvalidNewRevisionError` (exit 2) when `revision` or one of `branchLabels` cannot join `graph`:
 * a malformed or reserved name, an id too long for the version table, or a name an existing revision
 * already uses as its id or label.
 *
 * @example checkNewRevision(graph, "head", []) // throws: "head" is a reserved word
 */
export function checkNewRevision(graph: RevisionGraph, revision: string, branchLabels: readonly string[]): void {
  const idProblem = identifierProblem(revision);
  if (idProblem !== null) throw new InvalidNewRevisionError("--rev-id", revision, namingRule(idProblem));
  if (revision.length > VERSION_NUM_LENGTH) {
    throw new InvalidNewRevisionError(
      "--rev-id",
      revision,
      `it is ${revision.length} characters long, but the version table stores at most ${VERSION_NUM_LENGTH}`,
    );
  }
  const taken = takenBy(graph, revision);
  if (taken !== null) throw new InvalidNewRevisionError("--rev-id", revision, taken);
  for (const label of branchLabels) {
    const labelProblem = identifierProblem(label);
    if (labelProblem !== null) throw new InvalidNewRevisionError("--branch-label", label, namingRule(labelProblem));
    if (label === revision) {
      throw new InvalidNewRevisionError("--branch-label", label, "it is also the new revision's id, so a target naming it would be ambiguous");
    }
    const used = takenBy(graph, label);
    if (used !== null) throw new InvalidNewRevisionError("--branch-label", label, used);
  }
}

function namingRule(problem: string): string {
  return (
    `${problem} (ids and branch labels must be non-empty, contain no whitespace, "@", ":" or ",", not start ` +
    `with "+" or "-", and not be one of the words head, heads, base or current)`
  );
}

/** Why `name` is already in use in the graph, or null. */
function takenBy(graph: RevisionGraph, name: string): string | null {
  const byId = graph.find(name);
  if (byId !== undefined) return `revision "${name}" already exists${byId.path === null ? "" : ` (${byId.path})`}`;
  const byLabel = graph.branchRevision(name);
  if (byLabel !== undefined) {
    return `it is the branch label of revision "${byLabel.id}"${byLabel.path === null ? "" : ` (${byLabel.path})`}`;
  }
  return null;
}
