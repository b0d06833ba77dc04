/** The revision graph, target resolution, plans, history and the script directory. */
export * from "./errors";
export { RevisionGraph, type TraversalOptions } from "./graph";
export { history } from "./history";
export type { MigrationFunction, MigrationModule } from "./migration-module";
export {
  planDowngrade,
  planUpgrade,
  type Direction,
  type MigrationPlan,
  type PlanStep,
} from "./plan";
export { describeRevision, type Revision, type RevisionRef } from "./revision";
export {
  isMigrationFileName,
  loadScriptDirectory,
  MIGRATION_EXTENSIONS,
  type ModuleLoader,
  type ScriptDirectory,
} from "./script-directory";
export { parseTarget, type Anchor, type TargetSpec } from "./target-spec";
export { readAppliedState, type AppliedState } from "./applied-state";
