/**
 * `op.bulkInsert(table, rows)` as parameterised `INSERT` statements: pure, so the runner executes them and
 * `recordingOps` records them like any other `execute`.
 */
import { quoteIdentAlways } from "../model/names";
import { OpArgumentError, type TableName, toTableRef } from "./op-specs";
import type { ExecuteOp } from "./operation";

/** Postgres accepts at most 65535 bind parameters per statement. */
const MAX_PARAMETERS = 65535;

/**
 * Builds the `INSERT` statements for `rows`. The columns are the union of the rows' keys in first-seen
 * order; a row without a key inserts `DEFAULT` there. Rows are split over as many statements as the
 * parameter limit needs. No rows give no statements.
 * @example
 * bulkInsertOps("roles", [{ name: "admin" }, { name: "user", rank: 2 }])
 * // INSERT INTO "public"."roles" ("name", "rank") VALUES ($1, DEFAULT), ($2, $3)
 */
export function bulkInsertOps(table: TableName, rows: readonly Readonly<Record<string, unknown>>[]): ExecuteOp[] {
  const ref = toTableRef(table, "bulkInsert");
  if (!Array.isArray(rows)) throw new OpArgumentError("bulkInsert", `rows for ${ref.schema}.${ref.name} must be an array.`);
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  if (rows.length > 0 && columns.length === 0) {
    throw new OpArgumentError("bulkInsert", `rows for ${ref.schema}.${ref.name} have no columns.`);
  }
  const rowsPerStatement = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, columns.length)));
  const head = `INSERT INTO ${quoteIdentAlways(ref.schema)}.${quoteIdentAlways(ref.name)} (${columns
    .map(quoteIdentAlways)
    .join(", ")}) VALUES `;
  const ops: ExecuteOp[] = [];
  for (let first = 0; first < rows.length; first += rowsPerStatement) {
    const params: unknown[] = [];
    const tuples = rows.slice(first, first + rowsPerStatement).map((row) => {
      const cells = columns.map((column) => {
        if (!Object.prototype.hasOwnProperty.call(row, column) || row[column] === undefined) return "DEFAULT";
        params.push(row[column]);
        return `$${params.length}`;
      });
      return `(${cells.join(", ")})`;
    });
    ops.push({ kind: "execute", sql: head + tuples.join(", "), params });
  }
  return ops;
}
