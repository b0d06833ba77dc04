import { each, label, type LintRule } from "../rule";

export const renamingColumn: LintRule = {
  id: "renaming-column",
  description: "Renaming a column breaks the running application, which still reads and writes the old name until it is deployed.",
  defaultLevel: "warn",
  sizeSensitive: false,
  check: (ctx) =>
    each(ctx, "renameColumn")
      .filter(({ action, at }) => !ctx.isNew(action.table, at))
      .map(({ action, at }) => ({
        at,
        why: `${label(action.table)}.${action.from} becomes ${action.to}: every query of the application version still running that names ${action.from} fails from this moment until the new version is deployed.`,
        safeForm: `add ${action.to}, write both, fill it, switch reads, then drop ${action.from} in a later release; or deploy code that no longer names ${action.from} before this migration.`,
      })),
};

export const renamingTable: LintRule = {
  id: "renaming-table",
  description: "Renaming a table breaks the running application, which still uses the old name until it is deployed.",
  defaultLevel: "warn",
  sizeSensitive: false,
  check: (ctx) =>
    each(ctx, "renameTable")
      .filter(({ action, at }) => !ctx.isNew(action.table, at))
      .map(({ action, at }) => ({
        at,
        why: `${label(action.table)} becomes ${action.to}: queries of the application version still running fail until the new version is deployed.`,
        safeForm: `after the rename, create a view named ${action.table.name} over ${action.to} for the old version (simple views are updatable), and drop it in a later release.`,
      })),
};

export const movingTable: LintRule = {
  id: "moving-table",
  description: "Moving a table to another schema breaks the running application, which still uses the old schema until it is deployed.",
  defaultLevel: "warn",
  sizeSensitive: false,
  check: (ctx) =>
    each(ctx, "moveTable")
      .filter(({ action, at }) => !ctx.isNew(action.table, at))
      .map(({ action, at }) => ({
        at,
        why: `${label(action.table)} moves to schema ${action.schema}: queries of the application version still running that name ${label(action.table)} (or find it on their search_path) fail until the new version is deployed.`,
        safeForm: `after the move, create a view ${label(action.table)} over ${action.schema}.${action.table.name} for the old version (simple views are updatable), and drop it in a later release.`,
      })),
};
