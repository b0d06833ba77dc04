/**
 * pg-autogen's programmatic API. Migration files import the `MigrationOps` type from here; applications
 * call `runMigrations` at start-up; tools call the command functions.
 */
export { defineConfig } from "./config/config";
export type { AutogenConfig, FilterObject, ObjectFilter, PostWriteHook, ResolvedConfig } from "./config/config";
export { openProject, NoDatabaseUrlError, type DatabaseChoice, type Project, type ProjectOptions, type Logger } from "./api/project";
export type { ProgressEvent, ProgressListener, ProgressPhase } from "./progress/progress";
export { diffSchema, type ComparisonOptions, type SchemaDiff } from "./api/autogenerate";
export { historySchemas } from "./revision/compared-schemas";
export { createRevision as revision, type RevisionOptions, type RevisionResult } from "./api/revision";
export { createBaseline as baseline, type BaselineOptions, type BaselineResult } from "./api/baseline";
export { check, type CheckResult } from "./api/check";
export { diff, diffScript, downgradeSteps, type DiffOptions, type DiffResult, type DiffStep } from "./api/diff";
export { writeDiffRevision, type DiffRevisionOptions } from "./api/diff-revision";
export type { DiffSource } from "./api/diff-source";
export {
  upgrade,
  downgrade,
  stamp,
  runMigrations,
  type MigrateOutcome,
  type RunMigrationsOptions,
  type RunMigrationsResult,
} from "./api/migrate";
export { current, history, heads, branches, show, type RevisionInfo, type CurrentResult } from "./api/inspect";
export { initProject } from "./api/init";

export type { MigrationOps, BatchOps } from "./ops/migration-ops";
export type {
  ColumnSpec,
  TableName,
  TypeName,
  TableSpec,
  IndexSpec,
  ForeignKeySpec,
  UniqueSpec,
  CheckSpec,
  PrimaryKeySpec,
} from "./ops/op-specs";
export type { Operation, OperationKind } from "./ops/operation";
export type * from "./model/schema-model";
export { introspect } from "./introspect";
export { compare } from "./compare/compare";
export { compileOperations } from "./sql/compile";
export { invertAll } from "./ops/invert";
export type { Database } from "./db/database";
export { connectPostgres, openEmbedded, openEphemeral } from "./db";
export type { MigrateResult, MigrationResult } from "./runner/runner";
export { AutogenError, UsageError } from "./errors";
