/**
 * The version table, kept exactly as Alembic keeps `alembic_version`: one `varchar(32)` column holding the
 * current head revision(s), one row per applied branch. Every function has an online form (runs on a
 * connection) and an offline form (returns the statements `--sql` mode prints, without semicolons).
 */
import type { Queryable } from "../db/database";
import { compileCreateSchema } from "../sql/compile-namespaces";
import { quoteIdent, quoteLiteral, quoteQualified } from "../sql/quote";
import { VersionTableConflictError } from "./runner-errors";
import { whileDoing } from "../db/server-refusal";
import type { RevisionRef } from "../revision/revision";

/** Where the runner keeps its bookkeeping. */
export interface VersionTableOptions {
  /** Schema of both tables; default `public`. */
  readonly schema?: string;
  /** The version table; default `autogen_version`. */
  readonly table?: string;
  /** The table of applied files' checksums; default `autogen_checksums`. */
  readonly checksumTable?: string;
}

/** The options with their defaults filled. */
export interface VersionTableConfig {
  readonly schema: string;
  readonly table: string;
  readonly checksumTable: string;
}

/** The longest revision id the version table stores, as in Alembic. */
export const VERSION_NUM_LENGTH = 32;

export const DEFAULT_VERSION_TABLE_CONFIG: VersionTableConfig = Object.freeze({
  schema: "public",
  table: "autogen_version",
  checksumTable: "autogen_checksums",
});

/** Fills the defaults of `options`. */
export function versionTableConfig(options: VersionTableOptions = {}): VersionTableConfig {
  return {
    schema: options.schema ?? DEFAULT_VERSION_TABLE_CONFIG.schema,
    table: options.table ?? DEFAULT_VERSION_TABLE_CONFIG.table,
    checksumTable: options.checksumTable ?? DEFAULT_VERSION_TABLE_CONFIG.checksumTable,
  };
}

/** `"public"."autogen_version"`. */
export function versionTableName(config: VersionTableConfig): string {
  return quoteQualified({ schema: config.schema, name: config.table });
}

/**
 * The statement creating the version table's schema where the database lacks it (a hardened database may
 * have dropped `public`): a DO block that looks it up first, since `CREATE SCHEMA IF NOT EXISTS` needs the
 * CREATE privilege on the database even where the schema exists.
 */
export function createVersionSchemaSql(config: VersionTableConfig): string {
  return compileCreateSchema({ kind: "createSchema", schema: config.schema, ifMissing: true })[0]!.sql;
}

/**
 * The statement creating the version table if it is missing.
 * @example createVersionTableSql(versionTableConfig())
 * // CREATE TABLE IF NOT EXISTS "public"."autogen_version" ("version_num" varchar(32) NOT NULL,
 * //   CONSTRAINT "autogen_version_pkc" PRIMARY KEY ("version_num"))
 */
export function createVersionTableSql(config: VersionTableConfig): string {
  return (
    `CREATE TABLE IF NOT EXISTS ${versionTableName(config)} (${quoteIdent("version_num")} ` +
    `varchar(${VERSION_NUM_LENGTH}) NOT NULL, CONSTRAINT ${quoteIdent(`${config.table}_pkc`)} ` +
    `PRIMARY KEY (${quoteIdent("version_num")}))`
  );
}

/** `DROP TABLE` of the version table, printed at the end of an offline downgrade to base (as Alembic does). */
export function dropVersionTableSql(config: VersionTableConfig): string {
  return `DROP TABLE ${versionTableName(config)}`;
}

/**
 * Creates the version table if it does not exist, and first its schema where missing. Run it under the
 * migration lock.
 * @throws ServerRefusedError when the server refuses either (a role that may not create the schema).
 */
export async function ensureVersionTable(tx: Queryable, config: VersionTableConfig): Promise<void> {
  const table = versionTableName(config);
  await whileDoing(`creating the missing schema ${quoteIdent(config.schema)} of the version table ${table}`, () =>
    tx.query(createVersionSchemaSql(config)),
  );
  await whileDoing(`creating the version table ${table}`, () => tx.query(createVersionTableSql(config)));
}

/** Whether the version table exists. */
export async function versionTableExists(
  db: Queryable,
  config: VersionTableConfig,
): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>(
    "SELECT to_regclass($1) IS NOT NULL AS present",
    [versionTableName(config)],
  );
  return rows[0]?.present === true;
}

/**
 * The version table's rows (the applied heads), sorted; empty when the table does not exist. Read it
 * under the migration lock when the result decides what to run.
 */
export async function readHeads(db: Queryable, config: VersionTableConfig): Promise<string[]> {
  if (!(await versionTableExists(db, config))) return [];
  const { rows } = await db.query<{ version_num: string }>(
    `SELECT ${quoteIdent("version_num")}::text AS version_num FROM ${versionTableName(config)} ORDER BY 1`,
  );
  return rows.map((row) => row.version_num);
}

/** One change to the version table's rows. */
export type HeadChange =
  | { readonly kind: "insert"; readonly id: string }
  | { readonly kind: "update"; readonly from: string; readonly to: string }
  | { readonly kind: "delete"; readonly id: string };

/**
 * The row changes that turn `before` into `after`: each removed row is paired with an added one as an
 * UPDATE (a step up from a parent, a step down to a parent); the removed rows left over are DELETEd (a
 * merge, a branch removed) and the added ones left over INSERTed (a new branch, the first revision).
 */
export function headChanges(before: readonly string[], after: readonly string[]): HeadChange[] {
  const removed = before.filter((id) => !after.includes(id));
  const added = after.filter((id) => !before.includes(id));
  const changes: HeadChange[] = [];
  const paired = Math.min(removed.length, added.length);
  for (let i = 0; i < paired; i++)
    changes.push({ kind: "update", from: removed[i]!, to: added[i]! });
  for (const id of removed.slice(paired)) changes.push({ kind: "delete", id });
  for (const id of added.slice(paired)) changes.push({ kind: "insert", id });
  return changes;
}

/** The SQL of one row change. */
export function headChangeSql(change: HeadChange, config: VersionTableConfig): string {
  const table = versionTableName(config);
  const column = quoteIdent("version_num");
  switch (change.kind) {
    case "insert":
      return `INSERT INTO ${table} (${column}) VALUES (${quoteLiteral(change.id)})`;
    case "update":
      return `UPDATE ${table} SET ${column} = ${quoteLiteral(change.to)} WHERE ${column} = ${quoteLiteral(change.from)}`;
    case "delete":
      return `DELETE FROM ${table} WHERE ${column} = ${quoteLiteral(change.id)}`;
  }
}

/** The offline statements turning the rows `before` into `after`. */
export function headChangeStatements(
  before: readonly string[],
  after: readonly string[],
  config: VersionTableConfig,
): string[] {
  return headChanges(before, after).map((change) => headChangeSql(change, config));
}

/**
 * Makes the version table hold `after` instead of `before`, inside the caller's transaction. An UPDATE or
 * DELETE that finds no row throws `VersionTableConflictError` (as Alembic does): someone else changed the
 * table, and the run must stop rather than record a wrong state.
 *
 * @param revision the migration being recorded, for the error message (null for `stamp`).
 */
export async function applyHeadChange(
  tx: Queryable,
  before: readonly string[],
  after: readonly string[],
  config: VersionTableConfig,
  revision: RevisionRef | null = null,
): Promise<void> {
  for (const change of headChanges(before, after)) {
    const sql = headChangeSql(change, config);
    if (change.kind === "insert") {
      await tx.query(sql);
      continue;
    }
    const { rows } = await tx.query(`${sql} RETURNING 1`);
    if (rows.length !== 1) {
      const expected = change.kind === "update" ? change.from : change.id;
      throw new VersionTableConflictError(versionTableName(config), expected, revision);
    }
  }
}
