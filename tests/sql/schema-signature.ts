/**
 * Test support: a comparable snapshot of everything a migration can change in a database, read from the
 * catalogs, and a round-trip check (apply an op, check, apply its inverse, compare with the start).
 */
import { Client } from "pg";
import { compileOperation, type CompiledStatement } from "../../src/sql/compile";
import { invert } from "../../src/ops/invert";
import type { Operation } from "../../src/ops/operation";

const USER_SCHEMAS = `n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'`;

const QUERIES = {
  schemas: `SELECT n.nspname AS x FROM pg_namespace n WHERE ${USER_SCHEMAS} ORDER BY 1`,
  extensions: `SELECT extname || ' ' || extversion || ' in ' || extnamespace::regnamespace::text AS x
    FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1`,
  tables: `SELECT c.oid::regclass::text || coalesce(' -- ' || obj_description(c.oid, 'pg_class'), '') AS x
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND ${USER_SCHEMAS} ORDER BY 1`,
  columns: `SELECT a.attrelid::regclass::text || '.' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
      || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
      || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
      || CASE a.attidentity WHEN 'a' THEN ' IDENTITY ALWAYS' WHEN 'd' THEN ' IDENTITY BY DEFAULT' ELSE '' END
      || CASE a.attgenerated WHEN 's' THEN ' STORED' ELSE '' END
      || CASE WHEN a.attcollation <> t.typcollation THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END
      || coalesce(' -- ' || col_description(a.attrelid, a.attnum), '') AS x
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND ${USER_SCHEMAS} ORDER BY 1`,
  constraints: `SELECT c.conrelid::regclass::text || ' ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid) AS x
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE ${USER_SCHEMAS} ORDER BY 1`,
  indexes: `SELECT pg_get_indexdef(i.indexrelid) AS x FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_SCHEMAS} ORDER BY 1`,
  enums: `SELECT e.enumtypid::regtype::text || ' ' || array_agg(e.enumlabel ORDER BY e.enumsortorder)::text AS x
    FROM pg_enum e GROUP BY e.enumtypid ORDER BY 1`,
  sequences: `SELECT s.seqrelid::regclass::text || ' AS ' || s.seqtypid::regtype::text || ' ' || s.seqstart || ' '
      || s.seqincrement || ' ' || s.seqmin || ' ' || s.seqmax || ' ' || s.seqcache || ' ' || s.seqcycle
      || coalesce(' OWNED BY ' || (SELECT d.refobjid::regclass::text || '.' || a.attname FROM pg_depend d
        JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
        WHERE d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid AND d.deptype IN ('a', 'i')), '') AS x
    FROM pg_sequence s ORDER BY 1`,
  views: `SELECT c.oid::regclass::text || CASE c.relkind WHEN 'm' THEN ' MATERIALIZED' ELSE '' END || ' AS '
      || pg_get_viewdef(c.oid) AS x
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('v', 'm') AND ${USER_SCHEMAS} ORDER BY 1`,
} as const;

export type Signature = { readonly [K in keyof typeof QUERIES]: readonly string[] };

/** Every user object of the database, one line each, grouped by kind. */
export async function signature(client: Client): Promise<Signature> {
  const result: Record<string, string[]> = {};
  for (const [key, sql] of Object.entries(QUERIES)) {
    result[key] = (await client.query<{ x: string }>(sql)).rows.map((r) => r.x);
  }
  return result as unknown as Signature;
}

/** Runs compiled statements one by one (each in autocommit, as the runner would outside a transaction). */
export async function run(client: Client, statements: readonly CompiledStatement[]): Promise<void> {
  for (const s of statements) await client.query(s.sql, s.params as unknown[] | undefined);
}

/**
 * Asserts the SQL `op` compiles to, runs it, lets `check` look at the result, runs `invert(op)` and
 * asserts the database is back where it started.
 */
export async function roundTrip(
  client: Client,
  op: Operation,
  expectedSql: readonly string[],
  check?: (after: Signature) => Promise<void> | void,
): Promise<void> {
  const before = await signature(client);
  const forward = compileOperation(op);
  expect(forward.map((s) => s.sql)).toEqual(expectedSql);
  await run(client, forward);
  const after = await signature(client);
  expect(after).not.toEqual(before);
  if (check) await check(after);
  await run(client, compileOperation(invert(op)));
  expect(await signature(client)).toEqual(before);
}

/** Lines of a signature section that mention `needle`. */
export function linesWith(lines: readonly string[], needle: string): string[] {
  return lines.filter((l) => l.includes(needle));
}
