/**
 * How `--rename` and `--no-rename` write the objects of a possible rename (see rename-answers.ts): the
 * names the messages suggest, quoted when a name holds a dot, an `=`, a double quote or a space.
 */
import { answeredTable, type RenameCandidate } from "./rename-candidates";

/** A name as a flag writes it: in double quotes when it holds a dot, `=`, a quote or a space. */
export function flagName(name: string): string {
  return /[."=\s]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}

/**
 * The flag path of a deleted object (`name` as `deletedNames` writes it): `notes.title`,
 * `audit.notes.title`, `people`, `audit.people`; a table of another schema than the created one always
 * with its schema (`public.notes`).
 */
export function flagPath(candidate: RenameCandidate, name: string): string {
  if (candidate.kind === "column") {
    const { schema, name: table } = candidate.table;
    return [...(schema === "public" ? [] : [schema]), table, name].map(flagName).join(".");
  }
  const table = answeredTable(candidate, name)!;
  const moved = table.schema !== candidate.schema;
  return [...(table.schema === "public" && !moved ? [] : [table.schema]), table.name].map(flagName).join(".");
}

/**
 * `--rename notes.title=heading` for the deleted object `name` of a candidate; a table moved to another
 * schema names the created one with its schema: `--rename public.notes=archive.notes`.
 */
export function renameFlag(candidate: RenameCandidate, name: string): string {
  if (candidate.kind === "column") return `--rename ${flagPath(candidate, name)}=${flagName(candidate.created.name)}`;
  const moved = answeredTable(candidate, name)!.schema !== candidate.schema;
  const created = [...(moved ? [candidate.schema] : []), candidate.created].map(flagName).join(".");
  return `--rename ${flagPath(candidate, name)}=${created}`;
}

/** `--no-rename notes.title`. */
export function noRenameFlag(candidate: RenameCandidate, name: string): string {
  return `--no-rename ${flagPath(candidate, name)}`;
}
