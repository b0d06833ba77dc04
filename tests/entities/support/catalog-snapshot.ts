/**
 * A small, test-only reading of what a database really holds for some tables, in the same shape as the
 * projection of a model below: names and structure, not the texts the normaliser rewrites (defaults,
 * check expressions, index predicates). Used to prove that the entity model names everything exactly as
 * typeorm's synchronize() creates it.
 */
import { Client } from "pg";
import type { SchemaModel, TableDef } from "../../../src/model/schema-model";

export interface TableShape {
  readonly comment: string | null;
  readonly columns: readonly {
    name: string;
    type: string;
    nullable: boolean;
    hasDefault: boolean;
    identity: string | null;
    generated: boolean;
    collation: string | null;
    comment: string | null;
  }[];
  readonly primaryKey: { name: string; columns: readonly string[] } | null;
  readonly uniques: readonly { name: string; columns: readonly string[]; deferrable: boolean; initiallyDeferred: boolean }[];
  readonly foreignKeys: readonly {
    name: string;
    columns: readonly string[];
    references: string;
    referencedColumns: readonly string[];
    onDelete: string;
    onUpdate: string;
    deferrable: boolean;
    initiallyDeferred: boolean;
  }[];
  readonly checks: readonly string[];
  readonly exclusions: readonly string[];
  readonly indexes: readonly { name: string; unique: boolean; method: string; keys: readonly string[]; partial: boolean }[];
}

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The same view of a model table. */
export function shapeOfModel(table: TableDef): TableShape {
  return {
    comment: table.comment,
    columns: table.columns.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      hasDefault: c.default !== null,
      identity: c.identity === null ? null : c.identity.kind === "serial" ? "serial" : c.identity.generation,
      generated: c.generated !== null,
      collation: c.collation,
      comment: c.comment,
    })),
    primaryKey: table.primaryKey && { name: table.primaryKey.name, columns: table.primaryKey.columns },
    uniques: table.uniques
      .map((u) => ({ name: u.name, columns: u.columns, deferrable: u.deferrable, initiallyDeferred: u.initiallyDeferred }))
      .sort(byName),
    foreignKeys: table.foreignKeys
      .map((f) => ({
        name: f.name,
        columns: f.columns,
        references: `${f.referencedTable.schema}.${f.referencedTable.name}`,
        referencedColumns: f.referencedColumns,
        onDelete: f.onDelete,
        onUpdate: f.onUpdate,
        deferrable: f.deferrable,
        initiallyDeferred: f.initiallyDeferred,
      }))
      .sort(byName),
    checks: table.checks.map((c) => c.name).sort(),
    exclusions: table.exclusions.map((c) => c.name).sort(),
    indexes: table.indexes
      .map((i) => ({ name: i.name, unique: i.unique, method: i.method, keys: i.keys.map((k) => k.expression), partial: i.where !== null }))
      .sort(byName),
  };
}

const ACTION: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

const COLUMNS_SQL = `
SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
       a.atthasdef AS has_default, a.attidentity AS identity, a.attgenerated AS generated,
       pg_get_serial_sequence(format('%I.%I', n.nspname, c.relname), a.attname) IS NOT NULL AS serial,
       CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collation,
       col_description(c.oid, a.attnum) AS comment
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_collation co ON co.oid = a.attcollation
WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`;

const CONSTRAINTS_SQL = `
SELECT con.conname AS name, con.contype AS type, con.condeferrable AS deferrable, con.condeferred AS deferred,
       ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i) AS columns,
       fn.nspname || '.' || fc.relname AS references,
       ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i) AS ref_columns,
       con.confdeltype AS on_delete, con.confupdtype AS on_update
FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
WHERE n.nspname = $1 AND c.relname = $2 ORDER BY con.conname`;

const INDEXES_SQL = `
SELECT ic.relname AS name, ix.indisunique AS unique, am.amname AS method, ix.indpred IS NOT NULL AS partial,
       ARRAY(SELECT pg_get_indexdef(ix.indexrelid, k, true) FROM generate_series(1, ix.indnkeyatts) k) AS keys
FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid JOIN pg_am am ON am.oid = ic.relam
JOIN pg_class c ON c.oid = ix.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relname = $2
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.conrelid = ix.indrelid)
ORDER BY ic.relname`;

/** A connection whose `search_path` is `pg_catalog`, as the introspector reads catalogs. */
export async function catalogClient(url: string): Promise<Client> {
  const client = new Client({ connectionString: url, options: "-c search_path=pg_catalog" });
  await client.connect();
  return client;
}

async function rowsOf(client: Client, sql: string, params: unknown[]): Promise<any[]> {
  return (await client.query(sql, params)).rows;
}

/** Reads one table's shape. */
export async function shapeOfTable(client: Client, schema: string, name: string): Promise<TableShape> {
  const columns = await rowsOf(client, COLUMNS_SQL, [schema, name]);
  const constraints = await rowsOf(client, CONSTRAINTS_SQL, [schema, name]);
  const indexes = await rowsOf(client, INDEXES_SQL, [schema, name]);
  const comments = await rowsOf(client, `SELECT obj_description(format('%I.%I', $1::text, $2::text)::regclass, 'pg_class') AS comment`, [schema, name]);
  const of = (type: string) => constraints.filter((c) => c.type === type);
  const pk = of("p")[0];
  return {
    comment: comments[0].comment,
    columns: columns.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      // A serial's nextval() and a generated column's expression are stored as defaults too.
      hasDefault: c.has_default && !c.serial && c.generated !== "s",
      // pg_get_serial_sequence also finds identity sequences: attidentity decides first.
      identity: c.identity === "a" ? "ALWAYS" : c.identity === "d" ? "BY DEFAULT" : c.serial ? "serial" : null,
      generated: c.generated === "s",
      collation: c.collation,
      comment: c.comment,
    })),
    primaryKey: pk ? { name: pk.name, columns: pk.columns } : null,
    uniques: of("u").map((u) => ({ name: u.name, columns: u.columns, deferrable: u.deferrable, initiallyDeferred: u.deferred })),
    foreignKeys: of("f").map((f) => ({
      name: f.name,
      columns: f.columns,
      references: f.references,
      referencedColumns: f.ref_columns,
      onDelete: ACTION[f.on_delete]!,
      onUpdate: ACTION[f.on_update]!,
      deferrable: f.deferrable,
      initiallyDeferred: f.deferred,
    })),
    checks: of("c").map((c) => c.name),
    exclusions: of("x").map((c) => c.name),
    indexes: indexes.map((i) => ({ name: i.name, unique: i.unique, method: i.method, keys: i.keys, partial: i.partial })),
  };
}

/** Tables (relkind r/p) in the given schemas, as `"schema"."name"` keys. */
export async function tablesIn(client: Client, schemas: readonly string[]): Promise<string[]> {
  const rows = await rowsOf(client, 
    `SELECT format('%I.%I', n.nspname, c.relname) AS key, n.nspname AS schema, c.relname AS name
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1::text[]) ORDER BY 1`,
    [schemas],
  );
  return rows.map((r) => `"${r.schema}"."${r.name}"`).sort();
}

/** Enum labels in their defined order, keyed like the model. */
export async function enumsIn(client: Client, schemas: readonly string[]): Promise<SchemaModel["enums"]> {
  const rows = await rowsOf(client, 
    `SELECT n.nspname AS schema, t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
     FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
     WHERE n.nspname = ANY($1::text[]) GROUP BY 1, 2`,
    [schemas],
  );
  return Object.fromEntries(rows.map((r) => [`"${r.schema}"."${r.name}"`, { schema: r.schema, name: r.name, labels: r.labels }]));
}
