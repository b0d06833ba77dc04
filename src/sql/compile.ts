/**
 * Operation -> SQL. One exhaustive table maps every op kind to its compiler, so a new kind that is not
 * handled here is a compile error. Statements carry no trailing semicolon (the offline printer adds
 * them); keywords are upper-case and every identifier is double-quoted through `./quote`.
 */
import { dispatch, type Operation, type OperationTable } from "../ops/operation";
import { compileAlterColumn } from "./compile-alter-column";
import { CATALOG_COMPILERS } from "./compile-catalog";
import { compileAddColumn, compileDropColumn, compileRenameColumn } from "./compile-columns";
import { compileAddConstraint, compileDropConstraint, compileRenameConstraint } from "./compile-constraints";
import { compileAlterEnum, compileCreateEnum, compileDropEnum, compileMoveEnum, compileRenameEnum } from "./compile-enums";
import { compileAlterIndexStatistics, compileAlterIndexStorage, compileCreateIndex, compileDropIndex, compileRenameIndex } from "./compile-indexes";
import {
  compileAlterExtension,
  compileMoveExtension,
  compileCreateExtension,
  compileCreateSchema,
  compileDropExtension,
  compileDropSchema,
} from "./compile-namespaces";
import {
  compileAlterSequence,
  compileCreateSequence,
  compileDropSequence,
} from "./compile-sequences";
import {
  compileCreateTable,
  compileDropTable,
  compileRenameTable,
  compileMoveTable,
  compileSetTableComment,
} from "./compile-tables";
import { compileCreateView, compileDropView } from "./compile-views";
import { TABLE_KIND_COMPILERS } from "./compile-table-kinds";
import { compileBackfillColumn, compileInvalidateConstraint, compileValidateConstraint } from "./compile-lock-safe";
import { compileCreatePartitionedIndex } from "./compile-partitioned-index";
import { rawStatement, verbatim, type CompiledStatement } from "./compiled-statement";

export type { CompiledStatement } from "./compiled-statement";

const COMPILERS: OperationTable<CompiledStatement[]> = {
  createSchema: compileCreateSchema,
  dropSchema: compileDropSchema,
  createExtension: compileCreateExtension,
  dropExtension: compileDropExtension,
  alterExtension: compileAlterExtension,
  moveExtension: compileMoveExtension,
  createEnum: compileCreateEnum,
  dropEnum: compileDropEnum,
  alterEnum: compileAlterEnum,
  renameEnum: compileRenameEnum,
  moveEnum: compileMoveEnum,
  createSequence: compileCreateSequence,
  dropSequence: compileDropSequence,
  alterSequence: compileAlterSequence,
  createTable: compileCreateTable,
  dropTable: compileDropTable,
  setTableComment: compileSetTableComment,
  renameTable: compileRenameTable,
  moveTable: compileMoveTable,
  addColumn: compileAddColumn,
  dropColumn: compileDropColumn,
  alterColumn: compileAlterColumn,
  renameColumn: compileRenameColumn,
  renameIndex: compileRenameIndex,
  alterIndexStorage: compileAlterIndexStorage,
  alterIndexStatistics: compileAlterIndexStatistics,
  renameConstraint: compileRenameConstraint,
  addConstraint: compileAddConstraint,
  dropConstraint: compileDropConstraint,
  createIndex: compileCreateIndex,
  dropIndex: compileDropIndex,
  createView: compileCreateView,
  dropView: compileDropView,
  execute: (op) => [
    op.params !== undefined && op.params.length > 0
      ? rawStatement({ ...verbatim(op.sql), params: op.params })
      : rawStatement(verbatim(op.sql)),
  ],
  ...TABLE_KIND_COMPILERS,
  ...CATALOG_COMPILERS,
  validateConstraint: compileValidateConstraint,
  invalidateConstraint: compileInvalidateConstraint,
  backfillColumn: compileBackfillColumn,
  createPartitionedIndex: compileCreatePartitionedIndex,
};

/**
 * The statements that carry out one operation, in order.
 * @example compileOperation({ kind: "renameColumn", table: { schema: "public", name: "users" }, from: "a", to: "b" })
 *   // => [{ sql: 'ALTER TABLE "public"."users" RENAME COLUMN "a" TO "b"', transactional: true }]
 * @throws UncompilableOperationError when the op lacks state its SQL depends on (see `existing`).
 */
export function compileOperation(op: Operation): CompiledStatement[] {
  return dispatch(COMPILERS, op);
}

/** The statements of several operations, concatenated in the order given (see `orderOperations`). */
export function compileOperations(ops: readonly Operation[]): CompiledStatement[] {
  return ops.flatMap(compileOperation);
}
