/**
 * Which operations can lose data or fail on the data that is there, with a short human reason: the
 * basis for refusing destructive migrations unless the user opts in. Conservative: a type change that is
 * not known to be a widening counts as destructive.
 */
import { columnLabel, objectLabel } from "./describe";
import { effectiveChanges } from "./column-changes";
import { removedLabels } from "./enum-change";
import { dispatch, type AlterColumnOp, type Operation, type OperationTable } from "./operation";
import { isWideningTypeChange } from "./type-widening";

const safe = (): null => null;

const REASONS: OperationTable<string | null> = {
  createSchema: safe,
  dropSchema: (op) => `drops schema ${op.schema}`,
  createExtension: safe,
  dropExtension: safe,
  // An update script changes the extension's own objects, never the rows of a table.
  alterExtension: safe,
  createEnum: safe,
  dropEnum: (op) => `drops enum ${objectLabel(op.enum)}`,
  alterEnum: (op) => {
    const removed = removedLabels(op.from, op.to);
    if (removed.length === 0) return null;
    const labels = removed.map((l) => `'${l}'`).join(", ");
    return (
      `removes ${removed.length === 1 ? "label" : "labels"} ${labels} from enum ${objectLabel(op.enum)}; ` +
      `rows that hold ${removed.length === 1 ? "it" : "them"} make the migration fail`
    );
  },
  createSequence: safe,
  dropSequence: (op) => `drops sequence ${objectLabel(op.sequence)} and its current value`,
  alterSequence: safe,
  createTable: safe,
  dropTable: (op) => `drops table ${objectLabel(op.table)} and all its rows`,
  setTableComment: safe,
  renameTable: safe,
  addColumn: safe,
  dropColumn: (op) => `drops column ${columnLabel(op.table, op.column)} and its data`,
  alterColumn: alterColumnReason,
  renameColumn: safe,
  renameIndex: safe,
  renameConstraint: safe,
  addConstraint: safe,
  dropConstraint: safe,
  createIndex: safe,
  dropIndex: safe,
  // A view holds no rows of its own; a materialized view's rows are derived and come back on creation.
  createView: safe,
  dropView: safe,
  execute: safe,
  validateConstraint: safe,
  // Writes only where the column is NULL.
  backfillColumn: safe,
};

/**
 * Why `op` may destroy data or fail on existing rows, or null when it cannot.
 * @example destructiveReason({ kind: "dropColumn", table: { schema: "public", name: "memories" }, column: "task_id" })
 *   // => "drops column memories.task_id and its data"
 */
export function destructiveReason(op: Operation): string | null {
  return dispatch(REASONS, op);
}

function alterColumnReason(op: AlterColumnOp): string | null {
  const changes = effectiveChanges(op);
  const column = columnLabel(op.table, op.column);
  const reasons: string[] = [];
  if (
    typeof changes.generated === "string" &&
    (op.existing === undefined || op.existing.generated === null)
  ) {
    reasons.push(
      `replaces the values of column ${column} with the generated expression ${changes.generated}`,
    );
  }
  if (changes.type !== undefined) {
    const from = op.existing?.type;
    if (from === undefined) {
      reasons.push(
        `changes the type of column ${column} to ${changes.type} from an unknown type, which can fail or lose data`,
      );
    } else if (!isWideningTypeChange(from, changes.type)) {
      reasons.push(
        `changes the type of column ${column} from ${from} to ${changes.type}, which can fail or lose data`,
      );
    }
  }
  if (changes.nullable === false) {
    reasons.push(`makes column ${column} NOT NULL, which fails if any row holds NULL`);
  }
  return reasons.length > 0 ? reasons.join("; ") : null;
}
