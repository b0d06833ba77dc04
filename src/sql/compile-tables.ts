/** Tables: create (with everything the TableDef holds), drop, rename, comment. */
import type { ConstraintDef, TableDef } from "../model/schema-model";
import type {
  CreateTableOp,
  DropTableOp,
  MoveTableOp,
  RenameTableOp,
  SetTableCommentOp,
} from "../ops/operation";
import { columnComment, columnDefinition, columnSettingActions, columnSettingsStatement, tableComment } from "./column-definition";
import { statement, type CompiledStatement } from "./compiled-statement";
import { addConstraintStatement, constraintClause } from "./compile-constraints";
import { createIndexStatement, indexStatisticsStatements } from "./compile-indexes";
import { quoteIdent, quoteTable } from "./quote";
import { createTableClauses, unloggedKeyword } from "./compile-partitions";
import { childColumnStatements, partitionOfStatement } from "./compile-child-tables";
import { nameSerialSequences, setSerialOptions } from "./owned-sequence";
import { releaseSequences, takeBackSequences, withSequencesTakenBack } from "./kept-sequences";

/**
 * `CREATE TABLE "s"."t" (columns, primary key, uniques, checks, exclusions)`, then `OF` its type for a
 * typed table, the names of serial
 * sequences a database had under other names (nameSerialSequences), the sequences it takes back from the
 * table dropped before it (`keepSequences`, kept-sequences.ts), the table and column comments, then any foreign keys and indexes the TableDef holds (the comparator emits those as separate
 * ops, but a createTable written by hand may carry them).
 * @example // => CREATE TABLE "public"."users" ("id" serial NOT NULL, CONSTRAINT "PK_users" PRIMARY KEY ("id"))
 */
export function compileCreateTable(op: CreateTableOp): CompiledStatement[] {
  // A serial column that takes back the sequence of the table dropped before it draws on it by name.
  const table = withSequencesTakenBack(op);
  const inline = inlineConstraints(table);
  const statements =
    table.partitionOf !== undefined
      ? [partitionOfStatement(op, table, inline.filter((c) => !isNotValid(c)).map((c) => constraintClause(c, op, table)))]
      : [
          statement(
            `CREATE ${unloggedKeyword(table)}TABLE ${quoteTable(table)} (${[
              ...table.columns.filter((column) => column.inherited !== true).map((column) => columnDefinition(op, table, column)),
              ...inline.filter((c) => !isNotValid(c)).map((c) => constraintClause(c, op, table)),
            ].join(", ")})${createTableClauses(op, table)}`,
          ),
          ...childColumnStatements(table),
        ];
  // A typed table is created plain, then typed: CREATE TABLE ... OF refuses what its columns may hold
  // (identity and generated columns, which a typed table can have), and OF checks the columns alike.
  if (table.ofType !== undefined) statements.push(statement(`ALTER TABLE ${quoteTable(table)} OF ${quoteTable(table.ofType)}`));
  statements.push(...nameSerialSequences(table, table.columns), ...setSerialOptions(table, table.columns, false), ...takeBackSequences(op));
  statements.push(...columnSettingsStatement(table, table.columns.flatMap((column) => columnSettingActions(op, table, column))));
  // NOT VALID is refused in CREATE TABLE: such checks are added after it.
  for (const check of inline.filter(isNotValid)) statements.push(addConstraintStatement(op, table, check));
  if (table.comment !== null) statements.push(tableComment(table, table.comment));
  for (const column of table.columns) {
    if (column.comment !== null) statements.push(columnComment(table, column.name, column.comment));
  }
  for (const fk of table.foreignKeys) statements.push(addConstraintStatement(op, table, fk));
  for (const index of table.indexes) statements.push(createIndexStatement(op, table, index, false), ...indexStatisticsStatements(table, index));
  return statements;
}

/**
 * `DROP TABLE "s"."t"`: never CASCADE, so a dependent view or foreign key stops it instead of vanishing.
 * A partition (`existing.partitionOf`) is detached first: a foreign key into its partitioned table has a
 * copy per partition it references, which PostgreSQL refuses to drop with the partition ("constraint
 * ... depends on table"), and which DETACH PARTITION takes off it (checking that no row references it).
 * Before the drop, the sequences it keeps (`keepSequences`) released, those it continues read
 * (kept-sequences.ts).
 */
export function compileDropTable(op: DropTableOp): CompiledStatement[] {
  const drop = statement(`DROP TABLE ${quoteTable(op.table)}`);
  const parent = op.existing?.partitionOf?.parent;
  const detach = parent === undefined ? [] : [statement(`ALTER TABLE ${quoteTable(parent)} DETACH PARTITION ${quoteTable(op.table)}`)];
  return [...detach, ...releaseSequences(op), drop];
}

/** `ALTER TABLE "s"."t" RENAME TO "new"`. */
export function compileRenameTable(op: RenameTableOp): CompiledStatement[] {
  return [statement(`ALTER TABLE ${quoteTable(op.table)} RENAME TO ${quoteIdent(op.to)}`)];
}

/** `ALTER TABLE "s"."t" SET SCHEMA "other"`, then `ALTER TABLE "other"."t" RENAME TO "new"` when renamed too. */
export function compileMoveTable(op: MoveTableOp): CompiledStatement[] {
  const move = statement(`ALTER TABLE ${quoteTable(op.table)} SET SCHEMA ${quoteIdent(op.schema)}`);
  return op.to === undefined
    ? [move]
    : [move, ...compileRenameTable({ kind: "renameTable", table: { schema: op.schema, name: op.table.name }, to: op.to })];
}

/** `COMMENT ON TABLE "s"."t" IS '...'`, or `IS NULL` to remove it. */
export function compileSetTableComment(op: SetTableCommentOp): CompiledStatement[] {
  return [tableComment(op.table, op.comment)];
}

function isNotValid(constraint: ConstraintDef): boolean {
  return constraint.type === "check" && / NOT VALID$/.test(constraint.definition);
}

function inlineConstraints(table: TableDef): readonly ConstraintDef[] {
  return [
    ...(table.primaryKey ? [table.primaryKey] : []),
    ...table.uniques,
    ...table.checks,
    ...table.exclusions,
  ];
}
