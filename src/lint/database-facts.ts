/** What lint asks the database: table sizes and kinds, views' dependencies, validated NOT NULL checks, column types. */
import type { Queryable } from "../db/database";
import { tableKey, type TableId } from "./actions";
import { notNullCheckColumn } from "./op-actions";
import type { DatabaseFacts } from "./rule";
import { quoteQualified } from "../sql/quote";

interface Row {
  schema: string;
  name: string;
  rows: string;
  partitioned: boolean;
}

/** Reads the facts once (a few catalog queries), for every table of the database. */
export async function readDatabaseFacts(db: Queryable): Promise<DatabaseFacts> {
  const sizes = await db.query<Row>(
    "SELECT n.nspname AS schema, c.relname AS name, " +
      "(CASE WHEN c.reltuples >= 0 THEN c.reltuples ELSE c.relpages::float8 * 50 END)::bigint::text AS rows, " +
      "c.relkind = 'p' AS partitioned " +
      "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')",
  );
  const rows = new Map(sizes.rows.map((r) => [tableKey(r), Number(r.rows)]));
  const partitioned = new Set(sizes.rows.filter((r) => r.partitioned).map(tableKey));
  // Tables never analysed have no estimate: count them, up to a bound.
  for (const r of sizes.rows) {
    if (Number(r.rows) > 0) continue;
    const { rows: counted } = await db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM (SELECT 1 FROM ${quoteQualified(r)} LIMIT 100000) s`,
    ).catch(() => ({ rows: [{ n: "0" }] }));
    rows.set(tableKey(r), Number(counted[0]?.n ?? 0));
  }
  const deps = await db.query<{ vschema: string; vname: string; schema: string; name: string; column: string | null }>(
    "SELECT DISTINCT vn.nspname AS vschema, v.relname AS vname, tn.nspname AS schema, t.relname AS name, a.attname AS column " +
      "FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class " +
      "JOIN pg_namespace vn ON vn.oid = v.relnamespace JOIN pg_class t ON t.oid = d.refobjid " +
      "JOIN pg_namespace tn ON tn.oid = t.relnamespace " +
      "LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid AND d.refobjsubid > 0 " +
      "WHERE d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass AND v.oid <> t.oid",
  );
  const checks = await db.query<{ schema: string; name: string; def: string }>(
    "SELECT n.nspname AS schema, c.relname AS name, pg_get_constraintdef(k.oid) AS def FROM pg_constraint k " +
      "JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace " +
      "WHERE k.contype = 'c' AND k.convalidated",
  );
  const types = await db.query<{ schema: string; name: string; column: string; type: string }>(
    "SELECT n.nspname AS schema, c.relname AS name, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type " +
      "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace " +
      "WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND n.nspname NOT IN ('pg_catalog', 'information_schema')",
  );
  const typeOf = new Map(types.rows.map((r) => [`${tableKey(r)}.${r.column}`, r.type]));
  return {
    rows: (t) => rows.get(tableKey(t)) ?? null,
    viewsReading: (t, column) =>
      dedupe(
        deps.rows
          .filter((d) => d.schema === t.schema && d.name === t.name && (column === null || d.column === column))
          .map((d) => ({ schema: d.vschema, name: d.vname })),
      ),
    hasValidNotNullCheck: (t, column) =>
      checks.rows.some((c) => c.schema === t.schema && c.name === t.name && notNullCheckColumn(c.def) === column),
    columnType: (t, column) => typeOf.get(`${tableKey(t)}.${column}`) ?? null,
    partitioned: (t) => partitioned.has(tableKey(t)),
  };
}

function dedupe(list: TableId[]): TableId[] {
  const seen = new Set<string>();
  return list.filter((t) => !seen.has(tableKey(t)) && seen.add(tableKey(t)) !== undefined);
}
