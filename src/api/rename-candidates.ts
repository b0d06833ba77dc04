/**
 * The questions rename detection asks (`RenameCandidate`), who answers them (`RenameDecider`), and the
 * decider that answers none. Kept apart from the comparison (src/api/renames.ts), so that a command that
 * only needs a decider (`autogen check`) does not load the comparator before it knows it has to compare.
 */
import { displayColumn, displayName } from "../compare/display";
import { noRenameFlag, renameFlag } from "./rename-flag-names";
import type { ColumnDef, TableRef } from "../model/schema-model";

/**
 * One question per created object: is it new, or renamed from one of these deleted objects? Tables are
 * offered the deleted tables of their schema; columns the deleted columns of their table (the table named
 * as it is in `to`, after any table rename). Deleted choices are sorted by name.
 */
export type RenameCandidate =
  | {
      readonly kind: "table";
      readonly schema: string;
      /** The created table's name. */
      readonly created: string;
      /** Names of the deleted tables of the same schema that are still free to choose. */
      readonly deleted: readonly string[];
    }
  | {
      readonly kind: "column";
      readonly table: TableRef;
      readonly created: ColumnDef;
      /** Deleted columns of the same table that are still free to choose (their types may differ). */
      readonly deleted: readonly ColumnDef[];
    };

/**
 * Answers one `RenameCandidate`: the name of the deleted object the created one was renamed from, or null
 * when it is new (the deleted ones are then dropped, unless a later question picks them). `settle`, when
 * present, is called once every question has been asked, before the comparison's result is used: it may
 * throw to refuse it (see `answeredRenames`, which reports the questions nobody answered).
 */
export type RenameDecider = ((candidate: RenameCandidate) => Promise<string | null>) & {
  readonly settle?: () => void;
};

/**
 * The "always new" decider, for reports (`autogen check`): every candidate is compared as a drop plus an
 * add, and `warn` gets one line per possible rename (each deleted object that was offered), with the flags
 * that answer it when a migration is generated.
 *
 * @example
 * const decide = treatRenamesAsNew((line) => process.stderr.write(`${line}\n`));
 * // warns: Possible rename: column public.users.mail -> email (compared as drop + add; when generating, answer --rename users.mail=email or --no-rename users.mail)
 */
export function treatRenamesAsNew(warn: (line: string) => void): RenameDecider {
  return async (candidate) => {
    deletedNames(candidate).forEach((name, i) =>
      warn(
        `Possible rename: ${possibleRenames(candidate)[i]!} (compared as drop + add; when generating, answer ` +
          `${renameFlag(candidate, name)} or ${noRenameFlag(candidate, name)})`,
      ),
    );
    return null;
  };
}

/** `column public.users.mail -> email` / `table public.users -> people`: one per deleted choice. */
export function possibleRenames(candidate: RenameCandidate): string[] {
  return candidate.kind === "table"
    ? candidate.deleted.map((name) => `table ${displayName({ schema: candidate.schema, name })} -> ${candidate.created}`)
    : candidate.deleted.map((column) => `column ${displayColumn(candidate.table, column.name)} -> ${candidate.created.name}`);
}

/** What a candidate is about, as error messages and prompts name it. */
export function candidateSubject(candidate: RenameCandidate): string {
  return candidate.kind === "table"
    ? `table ${displayName({ schema: candidate.schema, name: candidate.created })}`
    : `column ${displayColumn(candidate.table, candidate.created.name)}`;
}

/** The names a candidate offers. */
export function deletedNames(candidate: RenameCandidate): string[] {
  return candidate.kind === "table" ? [...candidate.deleted] : candidate.deleted.map((column) => column.name);
}

