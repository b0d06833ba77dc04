/**
 * The questions rename detection asks (`RenameCandidate`), who answers them (`RenameDecider`), and the
 * decider that answers none. Kept apart from the comparison (src/api/renames.ts), so that a command that
 * only needs a decider (`autogen check`) does not load the comparator before it knows it has to compare.
 */
import { displayColumn, displayName } from "../compare/display";
import { flagName, noRenameFlag, renameFlag } from "./rename-flag-names";
import type { ColumnDef, TableRef } from "../model/schema-model";

/**
 * One question per created object: is it new, or renamed from one of these deleted objects? Tables are
 * offered the deleted tables of their schema, then those of other schemas (it may have moved there,
 * `ALTER TABLE ... SET SCHEMA`); columns the deleted columns of their table (the table named as it is in
 * `to`, after any table rename). Deleted choices are sorted by name (other schemas: by schema, then name).
 */
export type RenameCandidate =
  | {
      readonly kind: "table";
      readonly schema: string;
      /** The created table's name. */
      readonly created: string;
      /** Names of the deleted tables of the same schema that are still free to choose. */
      readonly deleted: readonly string[];
      /**
       * Deleted tables of other schemas that are still free to choose. A decider answers one by its
       * qualified name as `deletedNames` writes it (`public.notes`).
       */
      readonly moved: readonly TableRef[];
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

/**
 * `column public.users.mail -> email` / `table public.users -> people` / `table public.notes ->
 * archive.notes` (moved): one per deleted choice.
 */
export function possibleRenames(candidate: RenameCandidate): string[] {
  return candidate.kind === "table"
    ? deletedTables(candidate).map((table) => `table ${displayName(table)} -> ${createdTableName(candidate, table)}`)
    : candidate.deleted.map((column) => `column ${displayColumn(candidate.table, column.name)} -> ${candidate.created.name}`);
}

/** What a candidate is about, as error messages and prompts name it. */
export function candidateSubject(candidate: RenameCandidate): string {
  return candidate.kind === "table"
    ? `table ${displayName({ schema: candidate.schema, name: candidate.created })}`
    : `column ${displayColumn(candidate.table, candidate.created.name)}`;
}

/** The names a candidate offers: a deleted table of another schema with its schema (`public.notes`). */
export function deletedNames(candidate: RenameCandidate): string[] {
  return candidate.kind === "table"
    ? [...candidate.deleted, ...candidate.moved.map((table) => `${flagName(table.schema)}.${flagName(table.name)}`)]
    : candidate.deleted.map((column) => column.name);
}

/** The deleted tables a table candidate offers, in the order of `deletedNames`. */
export function deletedTables(candidate: Extract<RenameCandidate, { kind: "table" }>): TableRef[] {
  return [...candidate.deleted.map((name) => ({ schema: candidate.schema, name })), ...candidate.moved];
}

/** The deleted table a table candidate's answer names (the first of `deletedNames` that is the answer). */
export function answeredTable(candidate: Extract<RenameCandidate, { kind: "table" }>, answer: string): TableRef | undefined {
  return deletedTables(candidate)[deletedNames(candidate).indexOf(answer)];
}

/** The created table as a choice of `deleted` names it: with its schema when `deleted` is in another one. */
export function createdTableName(candidate: Extract<RenameCandidate, { kind: "table" }>, deleted: TableRef): string {
  return deleted.schema === candidate.schema ? candidate.created : displayName({ schema: candidate.schema, name: candidate.created });
}

/** The candidate with only the deleted choices named in `names` (as `deletedNames` writes them). */
export function restrictCandidate(candidate: RenameCandidate, names: readonly string[]): RenameCandidate {
  if (candidate.kind === "column") {
    return { ...candidate, deleted: candidate.deleted.filter((column) => names.includes(column.name)) };
  }
  const kept = new Set(names.map((name) => answeredTable(candidate, name)));
  return {
    ...candidate,
    deleted: candidate.deleted.filter((name) => names.includes(name)),
    moved: candidate.moved.filter((table) => kept.has(table)),
  };
}

