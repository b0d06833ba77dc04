/**
 * Which operations can lose data, with a short human reason: the `DESTRUCTIVE` markers. Operations that
 * can only fail on the rows that are there (and then change nothing) are `hazards.ts`'s warnings.
 * Conservative: a type change that is not known to keep or refuse every value counts as destructive.
 */
import { CATALOG_REASONS } from "./catalog-labels";
import { columnLabel, objectLabel } from "./describe";
import { effectiveChanges } from "./column-changes";
import { dispatch, type AlterColumnOp, type Operation, type OperationTable } from "./operation";
import { TABLE_KIND_REASONS } from "./describe-table-kinds";
import { usingCast } from "./type-change";
import { typeChangeRisk } from "./type-widening";

const safe = (): null => null;

const REASONS: OperationTable<string | null> = {
  createSchema: safe,
  dropSchema: (op) => `drops schema ${op.schema}`,
  createExtension: safe,
  dropExtension: safe,
  // An update script changes the extension's own objects, never the rows of a table.
  alterExtension: safe,
  moveExtension: safe,
  createEnum: safe,
  dropEnum: (op) => `drops enum ${objectLabel(op.enum)}`,
  // Removing a label fails on rows that hold it (a warning of hazards.ts); it loses nothing, unless a value
  // map rewrites those rows to another label, which the downgrade cannot tell apart from the others.
  alterEnum: (op) => {
    const mapped = Object.entries(op.valueMap ?? {});
    if (mapped.length === 0) return null;
    const rewrites = mapped.map(([from, to]) => `'${from}' to '${to}'`).join(", ");
    return `rewrites the rows of enum ${objectLabel(op.enum)} that hold ${rewrites}; the downgrade cannot tell them from the others`;
  },
  renameEnum: safe,
  moveEnum: safe,
  createSequence: safe,
  dropSequence: (op) => `drops sequence ${objectLabel(op.sequence)} and its current value`,
  alterSequence: safe,
  createTable: safe,
  dropTable: (op) => `drops table ${objectLabel(op.table)} and all its rows`,
  setTableComment: safe,
  renameTable: safe,
  moveTable: safe,
  addColumn: safe,
  dropColumn: (op) => `drops column ${columnLabel(op.table, op.column)} and its data`,
  alterColumn: alterColumnReason,
  renameColumn: safe,
  renameIndex: safe,
  alterIndexStorage: safe,
  alterIndexStatistics: safe,
  renameConstraint: safe,
  addConstraint: safe,
  dropConstraint: safe,
  createIndex: safe,
  dropIndex: safe,
  createPartitionedIndex: safe,
  // A view holds no rows of its own; a materialized view's rows are derived and come back on creation.
  createView: safe,
  dropView: safe,
  execute: safe,
  ...TABLE_KIND_REASONS,
  ...CATALOG_REASONS,
  validateConstraint: safe,
  invalidateConstraint: safe,
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
  if (changes.generated === null && op.existing?.virtual === true) {
    reasons.push(
      `drops virtual generated column ${column} and adds it again as a plain column (PostgreSQL has no DROP EXPRESSION ` +
        `for a virtual column): the values it computed are not kept, its rows start NULL or with its default`,
    );
  }
  if (changes.type !== undefined) {
    const from = op.existing?.type;
    if (from === undefined) {
      reasons.push(
        `changes the type of column ${column} to ${changes.type} from an unknown type, which can fail or lose data`,
      );
    } else if (hasOwnUsing(op, from, changes.type)) {
      reasons.push(
        `changes the type of column ${column} from ${from} to ${changes.type} with USING ${op.using}, which can fail or change values`,
      );
    } else if (typeChangeRisk(from, changes.type) === "loses") {
      reasons.push(
        `changes the type of column ${column} from ${from} to ${changes.type}, which can fail or lose data`,
      );
    }
  }
  return reasons.length > 0 ? reasons.join("; ") : null;
}

/** Whether the op converts with a USING expression other than the cast autogenerate would write. */
export function hasOwnUsing(op: AlterColumnOp, from: string, to: string): boolean {
  return op.using !== undefined && op.using !== null && op.using !== usingCast(op.column, from, to);
}
