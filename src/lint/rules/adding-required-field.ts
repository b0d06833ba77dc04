import { each, label, type LintRule } from "../rule";

export const addingRequiredField: LintRule = {
  id: "adding-required-field",
  description: "A NOT NULL column without a default added to an existing table fails as soon as the table has a row.",
  defaultLevel: "error",
  sizeSensitive: false,
  check: (ctx) =>
    each(ctx, "addColumn")
      .filter(({ action, at }) => action.notNull && action.default === null && !action.generatesValues && !ctx.isNew(action.table, at))
      .filter(({ action }) => (ctx.database?.rows(action.table) ?? 1) > 0)
      .map(({ action, at }) => ({
        at,
        table: action.table,
        why: `Column ${label(action.table)}.${action.column} is NOT NULL with no default: Postgres cannot fill the existing rows, so the migration fails on any table that has one.`,
        safeForm:
          "give the column a default (a constant is added without rewriting the table), or add it nullable, fill it, and make it NOT NULL in a later migration.",
      })),
};
