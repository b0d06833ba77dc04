/** The migration runner: version table, lock, transactions, online and offline execution, the op API. */
export { migrate, runPlan, type MigrateOptions, type MigrateResult } from "./runner";
export type { MigrationResult, MigrationStatus, RunOptions, RunResult } from "./run-plan";
export { renderOfflineSql, planOffline, type OfflineOptions } from "./offline-sql";
export { stamp, StampUnknownRevisionError, type StampOptions, type StampResult } from "./stamp";
export { createLiveOps, type LiveOps, type LiveOpsOptions } from "./live-ops";
export { createOfflineOps, type OfflineOps } from "./offline-ops";
export { compileBatch } from "./batch-alter";
export { advisoryLockKey, withMigrationLock, type LockOptions } from "./advisory-lock";
export {
  applyHeadChange,
  createVersionTableSql,
  DEFAULT_VERSION_TABLE_CONFIG,
  ensureVersionTable,
  headChanges,
  headChangeStatements,
  readHeads,
  VERSION_NUM_LENGTH,
  versionTableConfig,
  type HeadChange,
  type VersionTableConfig,
  type VersionTableOptions,
} from "./version-table";
export {
  describeChecksumMismatch,
  readChecksums,
  verifyChecksums,
  type ChecksumMismatch,
} from "./checksums";
export { describeStep, type RunnerEvent, type RunnerLogger } from "./run-events";
export { inlineParams, sqlLiteral, MissingParameterError } from "./inline-params";
export * from "./runner-errors";
