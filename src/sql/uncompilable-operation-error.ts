import { AutogenError } from "../errors";
import type { Operation } from "../ops/operation";

/**
 * An operation that cannot be turned into SQL as it stands, usually because it changes something whose
 * previous state it does not carry (`existing`) and the SQL depends on that state.
 */
export class UncompilableOperationError extends AutogenError {
  constructor(
    readonly op: Operation,
    /** Which object, as the user would name it: `column "public"."users"."id"`. */
    readonly subject: string,
    readonly reason: string,
  ) {
    super(`Cannot compile ${op.kind} of ${subject} to SQL: ${reason}`);
  }
}
