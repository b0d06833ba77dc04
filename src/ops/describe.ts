/**
 * Human names for the objects ops touch, for messages: `memories`, `memories.task_id`, `audit.events`
 * (the `public` schema is left out, any other is shown).
 */
import type { TableRef } from "../model/schema-model";
import { CATALOG_TARGETS } from "./catalog-labels";
import { dispatch, type Operation, type OperationTable, type TypeRef } from "./operation";
import { TABLE_KIND_TARGETS } from "./describe-table-kinds";

/** `name` in the public schema, `schema.name` elsewhere. */
export function objectLabel(ref: TableRef | TypeRef): string {
  return ref.schema === "public" ? ref.name : `${ref.schema}.${ref.name}`;
}

/** `table.column`, with the schema when it is not public. */
export function columnLabel(table: TableRef, column: string): string {
  return `${objectLabel(table)}.${column}`;
}

const TARGETS: OperationTable<string> = {
  createSchema: (op) => `schema ${op.schema}`,
  dropSchema: (op) => `schema ${op.schema}`,
  createExtension: (op) => `extension ${op.extension.name}`,
  dropExtension: (op) => `extension ${op.name}`,
  alterExtension: (op) => `extension ${op.name}`,
  moveExtension: (op) => `extension ${op.name}`,
  createEnum: (op) => `enum ${objectLabel(op.enum)}`,
  dropEnum: (op) => `enum ${objectLabel(op.enum)}`,
  alterEnum: (op) => `enum ${objectLabel(op.enum)}`,
  renameEnum: (op) => `enum ${objectLabel(op.enum)}`,
  moveEnum: (op) => `enum ${objectLabel(op.enum)}`,
  createSequence: (op) => `sequence ${objectLabel(op.sequence)}`,
  dropSequence: (op) => `sequence ${objectLabel(op.sequence)}`,
  alterSequence: (op) => `sequence ${objectLabel(op.from)}`,
  createTable: (op) => `table ${objectLabel(op.table)}`,
  dropTable: (op) => `table ${objectLabel(op.table)}`,
  setTableComment: (op) => `comment of table ${objectLabel(op.table)}`,
  renameTable: (op) => `table ${objectLabel(op.table)}`,
  moveTable: (op) => `table ${objectLabel(op.table)}`,
  addColumn: (op) => `column ${columnLabel(op.table, op.column.name)}`,
  dropColumn: (op) => `column ${columnLabel(op.table, op.column)}`,
  alterColumn: (op) => `column ${columnLabel(op.table, op.column)}`,
  renameColumn: (op) => `column ${columnLabel(op.table, op.from)}`,
  renameIndex: (op) => `index ${op.from} on ${objectLabel(op.table)}`,
  alterIndexStorage: (op) => `storage of index ${op.name} on ${objectLabel(op.table)}`,
  alterIndexStatistics: (op) => `statistics targets of index ${op.name} on ${objectLabel(op.table)}`,
  renameConstraint: (op) => `constraint ${op.from} on ${objectLabel(op.table)}`,
  addConstraint: (op) => `constraint ${op.constraint.name} on ${objectLabel(op.table)}`,
  dropConstraint: (op) => `constraint ${op.name} on ${objectLabel(op.table)}`,
  createIndex: (op) => `index ${op.index.name} on ${objectLabel(op.table)}`,
  createPartitionedIndex: (op) => `index ${op.index.name} on ${objectLabel(op.table)}`,
  dropIndex: (op) => `index ${op.name} on ${objectLabel(op.table)}`,
  createView: (op) => `${op.view.materialized ? "materialized view" : "view"} ${objectLabel(op.view)}`,
  dropView: (op) => `${op.materialized ? "materialized view" : "view"} ${objectLabel(op.view)}`,
  validateConstraint: (op) => `constraint ${op.name} on ${objectLabel(op.table)}`,
  invalidateConstraint: (op) => `constraint ${op.constraint.name} on ${objectLabel(op.table)}`,
  backfillColumn: (op) => `column ${columnLabel(op.table, op.column)}`,
  execute: (op) =>
    `SQL ${JSON.stringify(op.sql.length > 60 ? `${op.sql.slice(0, 57)}...` : op.sql)}`,
  ...TABLE_KIND_TARGETS,
  ...CATALOG_TARGETS,
};

/** What an op acts on, for messages: `column memories.task_id`, `index IDX_a on users`. */
export function describeTarget(op: Operation): string {
  return dispatch(TARGETS, op);
}
