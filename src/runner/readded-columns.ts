/**
 * What a column dropped and added again takes with it. A typed `alterColumn` whose change PostgreSQL cannot
 * make in place (a new stored generation expression on PostgreSQL 15, a switch to or from VIRTUAL) is
 * compiled as `DROP COLUMN` + `ADD COLUMN` (`readdsColumn`), and PostgreSQL drops with the column, without a
 * word, every index, constraint (check, unique, primary key, exclusion, foreign key of its table) and
 * extended statistics object that names or reads it (their automatic dependencies on it, `pg_depend`'s `a`),
 * a sequence it owns, and its column grants. The comparator's migrations drop those before and create them
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
WITH readd AS (
  SELECT r.i::int - 1 AS readd, c.oid AS relid, a.attnum, a.attacl
  FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS r(schema, name, col, i)
  JOIN pg_catalog.pg_namespace n ON n.nspname = r.schema
  JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = r.name
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = r.col AND a.attnum > 0 AND NOT a.attisdropped
),
dependent AS (
  SELECT DISTINCT r.readd, d.classid, d.objid
  FROM readd r
  JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = r.relid
    AND d.refobjsubid = r.attnum AND d.deptype = 'a'
)
SELECT d.readd,
  CASE WHEN k.oid IS NOT NULL THEN 'constraint' WHEN s.oid IS NOT NULL THEN 'statistics'
    WHEN c.relkind IN ('i', 'I') THEN 'index' WHEN c.relkind = 'S' THEN 'sequence' ELSE 'other' END AS kind,
  COALESCE(cn.nspname, sn.nspname, '')::text AS schema,
  COALESCE(k.conname, s.stxname, c.relname, pg_catalog.pg_describe_object(d.classid, d.objid, 0))::text AS name
FROM dependent d
LEFT JOIN pg_catalog.pg_constraint k ON d.classid = 'pg_catalog.pg_constraint'::regclass AND k.oid = d.objid
LEFT JOIN pg_catalog.pg_statistic_ext s ON d.classid = 'pg_catalog.pg_statistic_ext'::regclass AND s.oid = d.objid
LEFT JOIN pg_catalog.pg_namespace sn ON sn.oid = s.stxnamespace
LEFT JOIN pg_catalog.pg_class c ON d.classid = 'pg_catalog.pg_class'::regclass AND c.oid = d.objid
LEFT JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace
UNION ALL
SELECT r.readd, 'grants', '', '' FROM readd r WHERE r.attacl IS NOT NULL
ORDER BY 1, 2, 3, 4`;

const WORDS: Readonly<Record<TakenRow["kind"], string>> = {
  index: "index",
  constraint: "constraint",
  statistics: "statistics",
  sequence: "sequence",
  grants: "",
  other: "",
};

/** Whether the run removes `taken` before the re-add, or makes it again after. */
function kept(taken: TakenRow, readd: Readd, reading: RunReading): boolean {
  const { table, column, at } = readd;
  const before = (...parts: string[]) => reading.removedBefore(JSON.stringify(parts), at);
  if (before("column", table.schema, table.name, column)) return true;
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
    const what = lost.map((row) => (row.kind === "grants" ? "its column grants" : row.kind === "other" ? row.name : `${WORDS[row.kind]} ${row.name}`));
    losses.push({ column: `${readd.table.schema}.${readd.table.name}.${readd.column}`, lost: what, revision: { id: readd.step.revision.id, path: readd.step.revision.path } });
  });
  return losses;
}

/** Refuses the run when a column it re-adds would take along what it does not put back. */
export async function refuseReaddedColumnLosses(db: Queryable, plan: MigrationPlan, reading: RunReading): Promise<void> {
  const losses = await lostWithReaddedColumns(db, reading);
  if (losses.length > 0) throw new ReaddedColumnLossError(plan.direction, losses, plan.startHeads);
}
