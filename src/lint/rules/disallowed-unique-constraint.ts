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
              : ctx.database?.partitioned(action.table)
                ? ON_PARTITIONED_TABLE
                : `build a unique index concurrently first (a step outside the transaction), then take it over: op.add${action.type === "unique" ? "Unique" : "PrimaryKey"}(..., { usingIndex: ${JSON.stringify(name)} }).`,
        };
      }),
};

/** PostgreSQL refuses `ADD CONSTRAINT ... USING INDEX` on a partitioned table: no constraint takes over an index there. */
const ON_PARTITIONED_TABLE =
  "PostgreSQL takes no USING INDEX on a partitioned table, so the constraint has no lock-safe form there: add it while the table is small, " +
  "or in a maintenance window; or, when a unique index is enough, build one partition by partition in a step outside the transaction: " +
  "op.createPartitionedIndex(..., { ..., unique: true }) (its keys must hold the partition key).";
