/**
 * How `--rename` and `--no-rename` write the objects of a possible rename (see rename-answers.ts): the
 * names the messages suggest, quoted when a name holds a dot, an `=`, a double quote or a space.
 */
import type { RenameCandidate } from "./rename-candidates";

/** A name as a flag writes it: in double quotes when it holds a dot, `=`, a quote or a space. */
export function flagName(name: string): string {
  return /[."=\s]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}

/** The flag path of a deleted object: `notes.title`, `audit.notes.title`, `people`, `audit.people`. */
export function flagPath(candidate: RenameCandidate, name: string): string {
  const parts =
    candidate.kind === "table"
      ? [...(candidate.schema === "public" ? [] : [candidate.schema]), name]
      : [...(candidate.table.schema === "public" ? [] : [candidate.table.schema]), candidate.table.name, name];
  return parts.map(flagName).join(".");
}

/** `--rename notes.title=heading` for the deleted object `name` of a candidate. */
export function renameFlag(candidate: RenameCandidate, name: string): string {
  const created = candidate.kind === "table" ? candidate.created : candidate.created.name;
  return `--rename ${flagPath(candidate, name)}=${flagName(created)}`;
}

/** `--no-rename notes.title`. */
export function noRenameFlag(candidate: RenameCandidate, name: string): string {
  return `--no-rename ${flagPath(candidate, name)}`;
}
