import { AutogenError } from "../errors";

/**
 * A rename resolver answered something `compare` cannot apply: an object it was not asked about, one
 * object answered twice or not at all, or a table renamed into another schema.
 */
export class InvalidRenameError extends AutogenError {
  constructor(
    /** `table`, or `column` with the qualified table name: `column of public.users`. */
    readonly subject: string,
    /** What is wrong with the answer. */
    readonly problem: string,
  ) {
    super(
      `The rename resolver gave an answer for ${subject} renames that cannot be applied: ${problem}. ` +
        `Each created and each deleted ${subject.startsWith("table") ? "table" : "column"} must appear exactly ` +
        `once in the answer, either unchanged in "created"/"deleted" or paired in "renamed" (from a deleted ` +
        `one to a created one); fix the resolver or answer the prompt again.`,
    );
  }
}

/**
 * The migration must drop or change an object that something it does not manage depends on (a trigger on
 * a dropped column, a function reading a dropped table, when the comparison leaves triggers or functions
 * alone), so that the dependant could be neither kept nor brought back.
 */
export class DependentObjectError extends AutogenError {
  constructor(
    /** What depends: `trigger t_upd on public.users`. */
    readonly dependant: string,
    /** What the migration drops: `column public.users.nickname`. */
    readonly dependency: string,
    /** The kind of object left alone: `triggers`. */
    readonly kind: string,
  ) {
    super(
      `The migration drops ${dependency}, but ${dependant} depends on it, and this comparison does not manage ` +
        `${kind}, so it can neither keep it nor drop it. Change or drop ${dependant} first (in a migration of its ` +
        `own, with op.execute), or let the comparison manage ${kind}, then generate the migration again.`,
    );
  }
}
