import { each, label, type LintRule } from "../rule";

export const disallowedUniqueConstraint: LintRule = {
  id: "disallowed-unique-constraint",
  description: "A unique, primary key or exclusion constraint added to an existing table builds its index under an ACCESS EXCLUSIVE lock.",
  defaultLevel: "warn",
  sizeSensitive: true,
  check: (ctx) =>
    each(ctx, "addConstraint")
      .filter(({ action, at }) => ["unique", "primaryKey", "exclusion"].includes(action.type) && !action.usingIndex && !ctx.isNew(action.table, at))
      .map(({ action, at }) => {
        const name = action.name ?? "(unnamed)";
        const what = action.type === "primaryKey" ? "primary key" : action.type;
        return {
          at,
          table: action.table,
          why: `Adding ${what} constraint ${name} builds its index while ${label(action.table)} is locked ACCESS EXCLUSIVE: reads and writes wait for the whole build.`,
          safeForm:
            action.type === "exclusion"
              ? "an exclusion constraint has no concurrent form: add it while the table is small, or in a maintenance window."
              : `build a unique index concurrently first (a step outside the transaction), then take it over: op.add${action.type === "unique" ? "Unique" : "PrimaryKey"}(..., { usingIndex: ${JSON.stringify(name)} }).`,
        };
      }),
};
