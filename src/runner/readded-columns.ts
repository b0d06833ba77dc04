/**
 * What a column dropped and added again takes with it. A typed `alterColumn` whose change PostgreSQL cannot
 * make in place (a new stored generation expression on PostgreSQL 15, a switch to or from VIRTUAL) is
 * compiled as `DROP COLUMN` + `ADD COLUMN` (`readdsColumn`), and PostgreSQL drops with the column, without a
 * word, every index, constraint (check, unique, primary key, exclusion, foreign key of its table) and
 * extended statistics object that names or reads it (their automatic dependencies on it, `pg_depend`'s `a`),
 * a sequence it owns, and its column grants; and the same of each partition or inheritance child whose column
 * is not its own (it goes with the parent's). The comparator's migrations drop those before and create them
 * again after (src/compare/recreated-columns.ts); a hand-written `op.alterColumn` need not. Before the first
 * statement, the online runner asks the catalog (once, only when the run re-adds a column) what each such
 * column takes along, and refuses the run when something is neither removed by the run before the re-add
 * (dropped by name, its table or column gone) nor made again after it (an index, constraint or statistics of
 * that name on the table, any raw SQL creating an index or constraint on it, a GRANT or typed privileges on
 * it for the grants). Names are followed as ./dropped-dependents.ts follows them; the offline script is not
 * checked.
 */
import type { Queryable } from "../db/database";
import type { MigrationPlan } from "../revision/plan";
import type { Readd, RunReading } from "./dropped-dependents";
import { ReaddedColumnLossError, type ReaddedColumnLoss } from "./runner-errors";

/** One object a re-added column takes along, as the catalog has it at the start of the run. */
interface TakenRow {
  /** The index into the run's re-adds. */
  readonly readd: number;
  /** The table it is of: the re-added column's, or a partition's or child's whose column goes with it. */
  readonly table_schema: string;
  readonly table_name: string;
  readonly kind: "index" | "constraint" | "statistics" | "sequence" | "grants" | "other";
  /** The object's schema (an index, statistics or sequence) and name; empty for grants. */
  readonly schema: string;
  readonly name: string;
}

/**
 * `$1`-`$3`: the re-added columns (schema, table, column). What depends automatically on each (an index's
 * key, expression or predicate; a constraint's; a statistics object's; a sequence OWNED BY it), and the
 * column's grants.
 */
const TAKEN_SQL = `
WITH RECURSIVE readd AS (
  SELECT r.i::int - 1 AS readd, c.oid AS relid, a.attnum, a.attname, a.attacl
  FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS r(schema, name, col, i)
  JOIN pg_catalog.pg_namespace n ON n.nspname = r.schema
  JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = r.name
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = r.col AND a.attnum > 0 AND NOT a.attisdropped
  UNION ALL
  -- The column of a partition or inheritance child that is not its own goes with its parent's.
  SELECT r.readd, h.inhrelid, a.attnum, a.attname, a.attacl
  FROM readd r
  JOIN pg_catalog.pg_inherits h ON h.inhparent = r.relid
  JOIN pg_catalog.pg_attribute a ON a.attrelid = h.inhrelid AND a.attname = r.attname AND NOT a.attisdropped AND NOT a.attislocal
),
dependent AS (
  SELECT DISTINCT r.readd, r.relid, d.classid, d.objid
  FROM readd r
  JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = r.relid
    AND d.refobjsubid = r.attnum AND d.deptype = 'a'
  -- The column's own default or generation expression comes back with it (ADD COLUMN).
  WHERE d.classid <> 'pg_catalog.pg_attrdef'::regclass
)
SELECT d.readd, tn.nspname::text AS table_schema, t.relname::text AS table_name,
  CASE WHEN k.oid IS NOT NULL THEN 'constraint' WHEN s.oid IS NOT NULL THEN 'statistics'
    WHEN c.relkind IN ('i', 'I') THEN 'index' WHEN c.relkind = 'S' THEN 'sequence' ELSE 'other' END AS kind,
  COALESCE(cn.nspname, sn.nspname, '')::text AS schema,
  COALESCE(k.conname, s.stxname, c.relname, pg_catalog.pg_describe_object(d.classid, d.objid, 0))::text AS name
FROM dependent d
JOIN pg_catalog.pg_class t ON t.oid = d.relid
JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
LEFT JOIN pg_catalog.pg_constraint k ON d.classid = 'pg_catalog.pg_constraint'::regclass AND k.oid = d.objid
LEFT JOIN pg_catalog.pg_statistic_ext s ON d.classid = 'pg_catalog.pg_statistic_ext'::regclass AND s.oid = d.objid
LEFT JOIN pg_catalog.pg_namespace sn ON sn.oid = s.stxnamespace
LEFT JOIN pg_catalog.pg_class c ON d.classid = 'pg_catalog.pg_class'::regclass AND c.oid = d.objid
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace
UNION ALL
SELECT r.readd, tn.nspname::text, t.relname::text, 'grants', '', '' FROM readd r
JOIN pg_catalog.pg_class t ON t.oid = r.relid
JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
WHERE r.attacl IS NOT NULL
ORDER BY 1, 2, 3, 4, 5, 6`;

/** `index orders_total_idx`, `constraint c of public.sales_1`, `its column grants`, in words. */
function lostWords(row: TakenRow, readd: Readd): string {
  const own = row.table_schema === readd.table.schema && row.table_name === readd.table.name;
  const table = `${row.table_schema}.${row.table_name}`;
  if (row.kind === "grants") return own ? "its column grants" : `the column grants of ${table}`;
  return `${row.kind === "other" ? row.name : `${row.kind} ${row.name}`}${own ? "" : ` of ${table}`}`;
}

/** Whether the run removes `taken` before the re-add, or makes it again after. */
function kept(taken: TakenRow, readd: Readd, reading: RunReading): boolean {
  const { column, at } = readd;
  const table = { schema: taken.table_schema, name: taken.table_name };
  const before = (...parts: string[]) => reading.removedBefore(JSON.stringify(parts), at);
  if (before("column", readd.table.schema, readd.table.name, column)) return true;
  switch (taken.kind) {
    case "grants":
      return reading.madeAfter(table, "grants", at);
    case "constraint":
      return before("constraint", table.schema, table.name, taken.name) || reading.madeAfter(table, taken.name, at) || reading.madeAfter(table, "*", at);
    case "index":
    case "statistics":
      // `*`: raw SQL making one it gives no name (which may be this one: nothing is refused on a guess).
      return (
        before(taken.kind, taken.schema, taken.name) ||
        before(taken.kind, "", taken.name) ||
        reading.madeAfter(table, taken.name, at) ||
        reading.madeAfter(table, "*", at)
      );
    default:
      return false;
  }
}

/**
 * The objects the run's re-added columns would take along that the run neither removes before nor makes
 * again after, or nothing when it re-adds no column.
 */
export async function lostWithReaddedColumns(db: Queryable, reading: RunReading): Promise<ReaddedColumnLoss[]> {
  const readds = reading.readds;
  if (readds.length === 0) return [];
  const { rows } = await db.query<TakenRow>(TAKEN_SQL, [readds.map((r) => r.table.schema), readds.map((r) => r.table.name), readds.map((r) => r.column)]);
  const losses: ReaddedColumnLoss[] = [];
  readds.forEach((readd, i) => {
    const lost = rows.filter((row) => row.readd === i && !kept(row, readd, reading));
    if (lost.length === 0) return;
    losses.push({
      column: `${readd.table.schema}.${readd.table.name}.${readd.column}`,
      lost: lost.map((row) => lostWords(row, readd)),
      revision: { id: readd.step.revision.id, path: readd.step.revision.path },
    });
  });
  return losses;
}

/** Refuses the run when a column it re-adds would take along what it does not put back. */
export async function refuseReaddedColumnLosses(db: Queryable, plan: MigrationPlan, reading: RunReading): Promise<void> {
  const losses = await lostWithReaddedColumns(db, reading);
  if (losses.length > 0) throw new ReaddedColumnLossError(plan.direction, losses, plan.startHeads);
}
