/**
 * Possible renames answered on the command line, without a prompt:
 *
 * - `--rename users.first_name=given_name`: column `first_name` of table `users` became `given_name`;
 *   `--rename audit.users.first_name=given_name` with its schema. The table is named as the entities name
 *   it (after a rename of the table itself).
 * - `--rename old_table=new_table`: a table; `--rename audit.old_table=new_table` in schema `audit`.
 * - `--rename public.notes=archive.notes`: table `notes` moved to schema `archive` (`SET SCHEMA`), and
 *   `--rename public.notes=archive.old_notes` moved and renamed. A table whose name is the name of
 *   exactly one deleted table of another schema that no flag answers is that table, moved: it is not asked
 *   (`--no-rename public.notes` says otherwise).
 * - `--no-rename users.first_name` / `--no-rename old_table`: the deleted object was not renamed: drop it
 *   (and its data) and add the new one. Naming the created object (`--no-rename users.given_name`) says
 *   the same of it: it is new.
 * - A deleted object that a `--rename` gives to one created object is no choice for the others: naming
 *   `users.first_name=given_name` also answers that a new `users.address_region` is not `first_name`.
 *
 * Names holding a dot, an `=` or a double quote are written in double quotes (`"my.table".col=new`).
 * A two-part name is a column of a table in `public` or a table of a schema, whichever the candidates
 * hold. A possible rename that no answer covers is put to the fallback decider (the prompt), or, without
 * one, recorded: when the comparison ends, `UnansweredRenamesError` lists each with the flags that answer
 * it, before anything is written.
 */
import { AutogenError, UsageError } from "../errors";
import { noRenameFlag, renameFlag } from "./rename-flag-names";
import type { TableRef } from "../model/schema-model";
import {
  answeredTable,
  candidateSubject,
  deletedNames,
  possibleRenames,
  restrictCandidate,
  type RenameCandidate,
  type RenameDecider,
} from "./rename-candidates";

/**
 * `--rename PATH=NEW`: the deleted object's path (1 to 3 names) and the created object's name, with the
 * schema a table moves to when `NEW` names one (`archive.notes`).
 */
export interface RenameFlag {
  readonly text: string;
  readonly path: readonly string[];
  readonly to: string;
  readonly toSchema?: string;
}

/** `--no-rename PATH`. */
export interface NoRenameFlag {
  readonly text: string;
  readonly path: readonly string[];
}

export interface RenameAnswers {
  readonly renames: readonly RenameFlag[];
  readonly noRenames: readonly NoRenameFlag[];
}

/** A `--rename` or `--no-rename` value that cannot be read. */
export class RenameFlagError extends UsageError {
  constructor(
    readonly flag: string,
    readonly value: string,
    detail: string,
  ) {
    super(
      `${flag} ${value}: ${detail}. Write --rename table.old_column=new_column or --rename old_table=new_table ` +
        `(schema first when it is not public: audit.users.old=new; a table moved to another schema: ` +
        `--rename public.notes=archive.notes), and --no-rename table.column or ` +
        `--no-rename table for a drop + add.`,
    );
  }
}

/** Two `--rename` answers give one created object two sources. */
export class ConflictingRenameFlagsError extends UsageError {
  constructor(
    readonly subject: string,
    readonly flags: readonly string[],
  ) {
    super(`${subject} is given more than one source: ${flags.map((f) => `--rename ${f}`).join(", ")}. Keep one.`);
  }
}

/** Possible renames that nobody answered: nothing is generated. */
export class UnansweredRenamesError extends AutogenError {
  constructor(
    readonly candidates: readonly RenameCandidate[],
    /** Flags that matched no possible rename (often a misspelling), for the message. */
    readonly unusedFlags: readonly string[],
  ) {
    const n = candidates.length;
    super(
      `Autogenerate found ${n} possible ${n === 1 ? "rename" : "renames"} and cannot ask about ${n === 1 ? "it" : "them"} ` +
        `(no terminal, or --no-interactive), so nothing was written. A rename keeps the data; drop + add loses ` +
        `it. Answer each on the command line (or run at a terminal to be asked):\n` +
        candidates.map((candidate) => `  ${describeAnswers(candidate)}`).join("\n") +
        (unusedFlags.length === 0
          ? ""
          : `\nThese answers matched no possible rename: ${unusedFlags.join(", ")}.`),
    );
  }
}

/**
 * Reads the values of `--rename` and `--no-rename`.
 * @example parseRenameAnswers(["users.first_name=given_name"], ["old_table"])
 * // => { renames: [{ path: ["users", "first_name"], to: "given_name", ... }], noRenames: [{ path: ["old_table"], ... }] }
 * @throws RenameFlagError
 */
export function parseRenameAnswers(renames: readonly string[] = [], noRenames: readonly string[] = []): RenameAnswers {
  return {
    renames: renames.map((text) => {
      const eq = unquotedIndex(text, "=");
      if (eq < 0) throw new RenameFlagError("--rename", text, 'expected OLD=NEW, with "=" between the old and the new name');
      const path = readPath("--rename", text, text.slice(0, eq));
      const to = readPath("--rename", text, text.slice(eq + 1));
      if (to.length > 2) {
        throw new RenameFlagError("--rename", text, "the new name is a name alone, or schema.table for a table moved to another schema");
      }
      return to.length === 1 ? { text, path, to: to[0]! } : { text, path, to: to[1]!, toSchema: to[0]! };
    }),
    noRenames: noRenames.map((text) => ({ text, path: readPath("--no-rename", text, text) })),
  };
}

/**
 * A decider that answers from `answers`; what they leave open goes to `fallback` (the prompt), or, with
 * none, is recorded and reported by `UnansweredRenamesError` once the comparison has asked everything.
 * `warn` hears about answers that no possible rename used.
 */
export function answeredRenames(
  answers: RenameAnswers,
  options: { readonly fallback?: RenameDecider | null; readonly warn?: (line: string) => void } = {},
): RenameDecider {
  const used = new Set<string>();
  const unanswered: RenameCandidate[] = [];
  // Questions a `--rename` took a deleted object from (it gives that object to another created one): if the
  // flag then matches nothing (a misspelt new name), those questions were never really answered.
  const reserved = new Map<string, RenameCandidate[]>();
  const decide = async (candidate: RenameCandidate): Promise<string | null> => {
    const offered = deletedNames(candidate);
    const renames = answers.renames.filter((flag) => offered.some((name) => givesTo(flag, candidate, name)));
    if (renames.length > 1) throw new ConflictingRenameFlagsError(candidateSubject(candidate), renames.map((f) => f.text));
    if (renames.length === 1) {
      used.add(renames[0]!.text);
      return offered.find((name) => givesTo(renames[0]!, candidate, name))!;
    }
    const isNew = answers.noRenames.find((flag) => namesCreated(flag.path, candidate));
    if (isNew !== undefined) {
      used.add(isNew.text);
      return null;
    }
    const left = offered.filter((name) => {
      const no = answers.noRenames.find((flag) => pathNames(flag.path, candidate, name));
      if (no !== undefined) used.add(no.text);
      const elsewhere = answers.renames.find((flag) => pathNames(flag.path, candidate, name) && !givesTo(flag, candidate, name));
      if (no === undefined && elsewhere !== undefined) getOrCreate(reserved, elsewhere.text).push(restrictCandidate(candidate, [name]));
      return no === undefined && elsewhere === undefined;
    });
    if (left.length === 0) return null;
    const moved = sameNameMove(candidate, left);
    if (moved !== undefined) return moved;
    if (options.fallback) return options.fallback(restrictCandidate(candidate, left));
    unanswered.push(restrictCandidate(candidate, left));
    return null;
  };
  return Object.assign(decide, {
    settle(): void {
      const unused = [
        ...answers.renames.filter((f) => !used.has(f.text)).map((f) => `--rename ${f.text}`),
        ...answers.noRenames.filter((f) => !used.has(f.text)).map((f) => `--no-rename ${f.text}`),
      ];
      for (const [flag, candidates] of reserved) if (!used.has(flag)) unanswered.push(...candidates);
      if (unanswered.length > 0) throw new UnansweredRenamesError(unanswered, unused);
      for (const flag of unused) options.warn?.(`${flag} was not used: no possible rename matches it.`);
    },
  });
}

/** `column public.notes.title -> heading: --rename notes.title=heading (keeps the data) or --no-rename notes.title (drop + add)`. */
export function describeAnswers(candidate: RenameCandidate): string {
  const names = deletedNames(candidate);
  const renames = names.map((name) => renameFlag(candidate, name));
  const noRenames = names.map((name) => noRenameFlag(candidate, name)).join(" ");
  const what =
    names.length === 1 ? possibleRenames(candidate)[0]! : `${candidateSubject(candidate)} (renamed from one of ${names.join(", ")}?)`;
  return `${what}: ${renames.join(" or ")} (rename, keeps the data) or ${noRenames} (drop + add)`;
}

function getOrCreate<K, V>(map: Map<K, V[]>, key: K): V[] {
  const list = map.get(key) ?? [];
  map.set(key, list);
  return list;
}

/**
 * The one deleted table of another schema with the created table's name, among `left`: the same table,
 * moved (`@Entity({ schema })` changed), answered without a question.
 */
function sameNameMove(candidate: RenameCandidate, left: readonly string[]): string | undefined {
  if (candidate.kind === "column") return undefined;
  const same = left.filter((name) => {
    const table = answeredTable(candidate, name)!;
    return table.schema !== candidate.schema && table.name === candidate.created;
  });
  return same.length === 1 ? same[0] : undefined;
}

/** Whether `--rename` gives the deleted object `name` (as `deletedNames` writes it) to the candidate's created one. */
function givesTo(flag: RenameFlag, candidate: RenameCandidate, name: string): boolean {
  if (!pathNames(flag.path, candidate, name)) return false;
  if (candidate.kind === "column") return flag.toSchema === undefined && flag.to === candidate.created.name;
  const from = answeredTable(candidate, name)!;
  return flag.to === candidate.created && (flag.toSchema ?? from.schema) === candidate.schema;
}

/** Whether a flag path names the deleted object `name` (as `deletedNames` writes it) of the candidate. */
function pathNames(path: readonly string[], candidate: RenameCandidate, name: string): boolean {
  return candidate.kind === "table"
    ? pathNamesTable(path, answeredTable(candidate, name)!)
    : pathNamesColumn(path, candidate.table, name);
}

/** Whether a flag path names the candidate's created object. */
function namesCreated(path: readonly string[], candidate: RenameCandidate): boolean {
  return candidate.kind === "table"
    ? pathNamesTable(path, { schema: candidate.schema, name: candidate.created })
    : pathNamesColumn(path, candidate.table, candidate.created.name);
}

function pathNamesTable(path: readonly string[], table: TableRef): boolean {
  if (path.length === 1) return table.schema === "public" && path[0] === table.name;
  return path.length === 2 && path[0] === table.schema && path[1] === table.name;
}

function pathNamesColumn(path: readonly string[], table: TableRef, column: string): boolean {
  if (path.length === 2) return table.schema === "public" && path[0] === table.name && path[1] === column;
  return path.length === 3 && path[0] === table.schema && path[1] === table.name && path[2] === column;
}

/** `a.b`, `"my.table".c`: the names, unquoted; 1 to 3 of them. */
function readPath(flag: string, value: string, text: string): string[] {
  const names: string[] = [];
  let i = 0;
  for (;;) {
    let name = "";
    if (text[i] === '"') {
      i++;
      for (; i < text.length; i++) {
        if (text[i] === '"' && text[i + 1] === '"') {
          name += '"';
          i++;
        } else if (text[i] === '"') {
          break;
        } else {
          name += text[i];
        }
      }
      if (i >= text.length) throw new RenameFlagError(flag, value, "a double quote is not closed");
      i++;
    } else {
      while (i < text.length && text[i] !== ".") name += text[i++];
      name = name.trim();
    }
    if (name === "") throw new RenameFlagError(flag, value, "a name is empty");
    names.push(name);
    if (i >= text.length) break;
    if (text[i] !== ".") throw new RenameFlagError(flag, value, "expected a dot after a quoted name");
    i++;
  }
  if (names.length > 3) throw new RenameFlagError(flag, value, "at most schema.table.column");
  return names;
}

/** The index of `char` outside double quotes, or -1. */
function unquotedIndex(text: string, char: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') quoted = !quoted;
    else if (!quoted && text[i] === char) return i;
  }
  return -1;
}
