/** Indexes that do not back a constraint: `CREATE INDEX` and `DROP INDEX`, optionally CONCURRENTLY. */
import type { IndexDef, IndexKey, TableRef } from "../model/schema-model";
import type { AlterIndexStatisticsOp, AlterIndexStorageOp, CreateIndexOp, DropIndexOp, Operation, RenameIndexOp } from "../ops/operation";
import { nonTransactional, statement, withConcurrentIndex, type CompiledStatement } from "./compiled-statement";
import { parameterChanges, withParameters } from "./compile-partitions";
import { isPlainIdentifier, parenthesize } from "./expression";
import { quoteIdent, quoteQualified, quoteTable } from "./quote";

/** The built-in access methods, printed bare like `pg_get_indexdef` does; any other name is quoted. */
const BUILT_IN_METHODS: ReadonlySet<string> = new Set([
  "btree",
  "hash",
  "gist",
  "spgist",
  "gin",
  "brin",
]);

/**
 * `CREATE [UNIQUE] INDEX [CONCURRENTLY] "name" ON "s"."t" USING method (keys) [INCLUDE (...)]
 * [NULLS NOT DISTINCT] [WITH (...)] [TABLESPACE "ts"] [WHERE ...]`; non-transactional when concurrent.
 * @example // keys: lower(email), "createdAt" DESC
 *   // => CREATE INDEX "IDX_x" ON "public"."users" USING btree ((lower(email)), "createdAt" DESC)
 */
export function compileCreateIndex(op: CreateIndexOp): CompiledStatement[] {
  return [createIndexStatement(op, op.table, op.index, op.concurrently === true), ...indexStatisticsStatements(op.table, op.index)];
}

/** `DROP INDEX [CONCURRENTLY] "s"."name"`: an index lives in its table's schema. */
export function compileDropIndex(op: DropIndexOp): CompiledStatement[] {
  const concurrently = op.concurrently === true;
  const sql = `DROP INDEX ${concurrently ? "CONCURRENTLY " : ""}${quoteQualified({ schema: op.table.schema, name: op.name })}`;
  if (!concurrently) return [statement(sql)];
  return [withConcurrentIndex(nonTransactional(sql), { schema: op.table.schema, name: op.name, action: "drop" })];
}

/** The statement creating `index` on `table`, for `op`. */
export function createIndexStatement(
  op: Operation,
  table: TableRef,
  index: IndexDef,
  concurrently: boolean,
): CompiledStatement {
  const sql = `${createIndexHead(index, concurrently)} ${quoteIdent(index.name)} ON ${quoteTable(table)} ${indexDefinition(op, table, index)}`;
  if (!concurrently) return statement(sql);
  return withConcurrentIndex(nonTransactional(sql), { schema: table.schema, name: index.name, action: "create" });
}

/** `CREATE [UNIQUE] INDEX [CONCURRENTLY]`: what comes before the index's name. */
export function createIndexHead(index: IndexDef, concurrently: boolean): string {
  return `CREATE ${index.unique ? "UNIQUE " : ""}INDEX${concurrently ? " CONCURRENTLY" : ""}`;
}

/**
 * What follows `ON table`: `USING method (keys) [INCLUDE (...)] [NULLS NOT DISTINCT] [WITH (...)]
 * [TABLESPACE "ts"] [WHERE ...]`, the same for any table with the index's columns.
 */
export function indexDefinition(op: Operation, table: TableRef, index: IndexDef): string {
  const parts = [`USING ${accessMethod(index.method)} (${index.keys.map(indexKey).join(", ")})`];
  if (index.include.length > 0) parts.push(`INCLUDE (${index.include.map(includedColumn).join(", ")})`);
  if (index.nullsNotDistinct) parts.push("NULLS NOT DISTINCT");
  const storage = withParameters(op, { schema: table.schema, name: index.name }, "index", index.storageParameters);
  if (storage !== "") parts.push(storage.trimStart());
  if (index.tablespace !== undefined) parts.push(`TABLESPACE ${quoteIdent(index.tablespace)}`);
  if (index.where !== null) parts.push(`WHERE ${parenthesize(index.where)}`);
  return parts.join(" ");
}

/**
 * An INCLUDE column as the model holds it, `quote_ident`'s form (`"createdAt"`, read from a database or
 * normalised), printed as it is; a bare name that is no identifier as written (`createdAt` in a migration
 * written by hand) is quoted.
 */
function includedColumn(column: string): string {
  return isPlainIdentifier(column) ? column : quoteIdent(column);
}

/** `key [COLLATE c] [opclass] [DESC] [NULLS FIRST|LAST]`, printing only what differs from the default. */
function indexKey(key: IndexKey): string {
  const parts = [isPlainIdentifier(key.expression) ? key.expression : parenthesize(key.expression)];
  if (key.collation !== null) parts.push(`COLLATE ${key.collation}`);
  if (key.opclass !== null) parts.push(key.opclass);
  if (key.descending) parts.push("DESC");
  // The default is NULLS LAST for ascending keys and NULLS FIRST for descending ones.
  if (key.nullsFirst !== key.descending) parts.push(key.nullsFirst ? "NULLS FIRST" : "NULLS LAST");
  return parts.join(" ");
}

function accessMethod(method: string): string {
  return BUILT_IN_METHODS.has(method) ? method : quoteIdent(method);
}

/** `ALTER INDEX "s"."from" RENAME TO "to"`: an index lives in its table's schema, and is not rebuilt. */
export function compileRenameIndex(op: RenameIndexOp): CompiledStatement[] {
  return [statement(`ALTER INDEX ${quoteQualified({ schema: op.table.schema, name: op.from })} RENAME TO ${quoteIdent(op.to)}`)];
}

/**
 * `ALTER INDEX "s"."name" ALTER COLUMN 2 SET STATISTICS 500, ...` for the statistics targets of a created
 * `index` (CREATE INDEX has no clause for them); nothing when it has none.
 */
export function indexStatisticsStatements(table: TableRef, index: IndexDef): CompiledStatement[] {
  return statisticsStatement({ schema: table.schema, name: index.name }, {}, index.statisticsTargets ?? {});
}

/**
 * `ALTER INDEX "s"."name" ALTER COLUMN n SET STATISTICS m, ...` for each column whose target `to` gives
 * otherwise than `from` (-1, the default, for one it leaves out); nothing when they are the same.
 */
export function compileAlterIndexStatistics(op: AlterIndexStatisticsOp): CompiledStatement[] {
  return statisticsStatement({ schema: op.table.schema, name: op.name }, op.from, op.to);
}

function statisticsStatement(
  index: TableRef,
  from: Readonly<Record<number, number>>,
  to: Readonly<Record<number, number>>,
): CompiledStatement[] {
  const columns = [...new Set([...Object.keys(from), ...Object.keys(to)].map(Number))].sort((a, b) => a - b);
  const actions = columns
    .filter((column) => from[column] !== to[column])
    .map((column) => `ALTER COLUMN ${column} SET STATISTICS ${to[column] ?? -1}`);
  return actions.length === 0 ? [] : [statement(`ALTER INDEX ${quoteQualified(index)} ${actions.join(", ")}`)];
}

/**
 * `ALTER INDEX "s"."name" RESET (...), SET (...)`, which leaves the parameters exactly `op.to`, in its
 * order; nothing when they are the same.
 */
export function compileAlterIndexStorage(op: AlterIndexStorageOp): CompiledStatement[] {
  const index = { schema: op.table.schema, name: op.name };
  const actions = parameterChanges(op, index, "index", op.from, op.to, true);
  return actions.length === 0 ? [] : [statement(`ALTER INDEX ${quoteQualified(index)} ${actions.join(", ")}`)];
}
