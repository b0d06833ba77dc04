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
