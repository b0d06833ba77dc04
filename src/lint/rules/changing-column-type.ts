import { each, label, type LintRule, type RuleHit } from "../rule";
import { typeChangeIsCatalogOnly } from "../type-rewrite";

export const changingColumnType: LintRule = {
  id: "changing-column-type",
  description: "A column type change that rewrites the table (and rebuilds its indexes) under an ACCESS EXCLUSIVE lock; varchar widening, varchar -> text and numeric precision increases do not, unless a USING expression computes the values.",
  defaultLevel: "warn",
  sizeSensitive: true,
  check: (ctx) => {
    const hits: RuleHit[] = [];
    for (const { action, at } of each(ctx, "alterType")) {
      if (ctx.isNew(action.table, at)) continue;
      const from = action.from ?? ctx.database?.columnType(action.table, action.column) ?? null;
      if (!action.computed && from !== null && typeChangeIsCatalogOnly(from, action.to)) continue;
      hits.push({
        at,
        table: action.table,
        why: action.computed
          ? `The type of ${label(action.table)}.${action.column} changes to ${action.to} with a USING expression that computes every row's value: the table is rewritten and its indexes rebuilt while it is locked ACCESS EXCLUSIVE.`
          : from === null
            ? `The type of ${label(action.table)}.${action.column} changes to ${action.to} from a type lint cannot see (run lint with a database): unless it is a catalog-only change, the table is rewritten while locked ACCESS EXCLUSIVE.`
            : `Changing ${label(action.table)}.${action.column} from ${from} to ${action.to} rewrites the table and rebuilds its indexes while it is locked ACCESS EXCLUSIVE (no reads, no writes).`,
        safeForm:
          "add a new column of the new type, fill it in batches (keeping it in step with a trigger), switch the application over, then drop the old column; or run the change in a maintenance window.",
      });
    }
    for (const { action, at } of each(ctx, "rewrite")) {
      if (ctx.isNew(action.table, at)) continue;
      hits.push({
        at,
        table: action.table,
        why: `${label(action.table)} is rewritten while locked ACCESS EXCLUSIVE: ${action.why}.`,
        safeForm: "do it in a maintenance window, or through a new column filled in batches.",
      });
    }
    return hits;
  },
};
