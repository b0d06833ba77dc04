import { each, label, type LintRule } from "../rule";

export const addingNotNullableField: LintRule = {
  id: "adding-not-nullable-field",
  description: "SET NOT NULL on an existing column scans the table under an ACCESS EXCLUSIVE lock, unless a validated CHECK (col IS NOT NULL) proves it.",
  defaultLevel: "warn",
  sizeSensitive: true,
  check: (ctx) =>
    each(ctx, "setNotNull")
      .filter(({ action, at, located }) => {
        if (ctx.isNew(action.table, at)) return false;
        // A check added earlier and validated in an earlier transaction than this statement.
        const validated = ctx.actions.some((a, i) => {
          if (i >= at || a.action.kind !== "validateConstraint" || a.segment === located.segment) return false;
          const name = a.action.name;
          return ctx.actions.some((b, j) => j < i && b.action.kind === "addConstraint" && b.action.name === name && b.action.notNullOf === action.column);
        });
        return !validated && !(ctx.database?.hasValidNotNullCheck(action.table, action.column) ?? false);
      })
      .map(({ action, at }) => ({
        at,
        table: action.table,
        why: `SET NOT NULL on ${label(action.table)}.${action.column} reads every row while the table is locked ACCESS EXCLUSIVE (no reads, no writes).`,
        safeForm:
          `add CHECK (${action.column} IS NOT NULL) NOT VALID, validate it in a later transaction, then SET NOT NULL (Postgres uses the ` +
          "validated check instead of scanning) and drop the check: what autogen -m --safe writes.",
      })),
};
