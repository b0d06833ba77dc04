import { each, label, type LintRule } from "../rule";

/** Functions whose value changes per row: a column added with one as default rewrites the table. */
const VOLATILE = /\b(random|gen_random_uuid|uuid_generate_v1|uuid_generate_v1mc|uuid_generate_v4|clock_timestamp|timeofday|nextval|txid_current|setseed)\s*\(/i;

export const addingFieldWithDefault: LintRule = {
  id: "adding-field-with-default",
  description: "A column added with a volatile default (or a stored generated or identity column) rewrites the whole table under an ACCESS EXCLUSIVE lock.",
  defaultLevel: "warn",
  sizeSensitive: true,
  check: (ctx) =>
    each(ctx, "addColumn")
      .filter(({ action, at }) => !ctx.isNew(action.table, at) && (action.storedGenerated || action.identity || (action.default !== null && VOLATILE.test(action.default))))
      .map(({ action, at }) => ({
        at,
        table: action.table,
        why: action.storedGenerated
          ? `Generated column ${label(action.table)}.${action.column} is computed for every existing row: the table is rewritten while locked ACCESS EXCLUSIVE.`
          : action.identity
          ? `Column ${label(action.table)}.${action.column} (identity or serial) takes a value from its sequence for every existing row: the table is rewritten while locked ACCESS EXCLUSIVE.`
          : `The default of ${label(action.table)}.${action.column} (${action.default}) is volatile: Postgres writes a value into every existing row, rewriting the table while it is locked ACCESS EXCLUSIVE.`,
        safeForm:
          "add the column without a default, set the default (for new rows) in the same step, fill the existing rows in batches (op.backfillColumn in a step outside the transaction), then add NOT NULL the lock-safe way.",
      })),
};
