import { AutogenError } from "../errors";
import { describeTarget } from "./describe";
import type { Operation } from "./operation";

/**
 * An operation whose inverse cannot be derived: a drop or change that does not carry the state it
 * replaces (`existing`), or raw SQL without `reverseSql`.
 */
export class IrreversibleOperationError extends AutogenError {
  constructor(
    readonly op: Operation,
    /** What is missing, e.g. "the dropped column's definition (existing)". */
    readonly missing: string,
  ) {
    super(
      `Cannot derive the downgrade of ${op.kind} on ${describeTarget(op)}: the op does not carry ${missing}. ` +
        `Autogenerate always records it; for an op written by hand, pass it (for example \`existing\`, or ` +
        `\`reverseSql\` for raw SQL), or write the downgrade yourself.`,
    );
  }
}
