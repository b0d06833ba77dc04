/**
 * Creating partitions and inheritance children: what they are given besides their own columns.
 * - A partition: `CREATE TABLE "t" PARTITION OF "parent" ("c" WITH OPTIONS NOT NULL DEFAULT x, constraints)
 *   FOR VALUES ...`; its columns all come from the parent, each with its own default and NOT NULL.
 * - An inheritance child: `CREATE TABLE "t" (own columns) INHERITS (...)` takes the columns it has only
 *   from its parents with the parents' defaults and NOT NULL; its own are then set with
 *   `ALTER TABLE ONLY`, as pg_dump does.
 */
import type { TableDef } from "../model/schema-model";
import type { Operation } from "../ops/operation";
import { statement, type CompiledStatement } from "./compiled-statement";
import { createTableClauses } from "./compile-partitions";
import { quoteIdent, quoteTable } from "./quote";

/** The `CREATE TABLE ... PARTITION OF ...` statement of a partition; `constraints` are its own clauses. */
export function partitionOfStatement(op: Operation, table: TableDef, constraints: readonly string[]): CompiledStatement {
  const partitionOf = table.partitionOf!;
  const columns = table.columns
    .filter((c) => !c.nullable || c.default !== null)
    .map((c) => `${quoteIdent(c.name)} WITH OPTIONS${c.nullable ? "" : " NOT NULL"}${c.default === null ? "" : ` DEFAULT ${c.default}`}`);
  const elements = [...columns, ...constraints];
  return statement(
    `CREATE TABLE ${quoteTable(table)} PARTITION OF ${quoteTable(partitionOf.parent)}` +
      `${elements.length === 0 ? "" : ` (${elements.join(", ")})`} ${partitionOf.bound}${createTableClauses(op, table)}`,
  );
}

/** `ALTER TABLE ONLY "t" ALTER COLUMN "c" SET DEFAULT ... / SET NOT NULL` for an inheritance child's inherited columns. */
export function childColumnStatements(table: TableDef): CompiledStatement[] {
  const actions = table.columns
    .filter((c) => c.inherited === true)
    .flatMap((c) => [
      ...(c.default === null ? [] : [`ALTER COLUMN ${quoteIdent(c.name)} SET DEFAULT ${c.default}`]),
      ...(c.nullable ? [] : [`ALTER COLUMN ${quoteIdent(c.name)} SET NOT NULL`]),
    ]);
  return actions.length === 0 ? [] : [statement(`ALTER TABLE ONLY ${quoteTable(table)} ${actions.join(", ")}`)];
}
