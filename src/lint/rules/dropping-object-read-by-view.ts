import { label, type LintRule, type RuleHit } from "../rule";
import { tableKey } from "../actions";

export const droppingObjectReadByView: LintRule = {
  id: "dropping-object-read-by-view",
  description: "Dropping (or retyping) a column or table that a view still reads fails: Postgres refuses while the view exists (needs a database).",
  defaultLevel: "error",
  sizeSensitive: false,
  check: (ctx) => {
    const db = ctx.database;
    if (db === null) return [];
    const hits: RuleHit[] = [];
    ctx.actions.forEach((located, at) => {
      const a = located.action;
      const target =
        a.kind === "dropColumn" || a.kind === "alterType" ? { table: a.table, column: a.column } : a.kind === "dropTable" ? { table: a.table, column: null } : null;
      if (target === null || ctx.isNew(target.table, at)) return;
      const dropped = new Set(
        ctx.actions.slice(0, at).flatMap((b) => (b.action.kind === "dropView" ? [tableKey(b.action.view)] : [])),
      );
      const views = db.viewsReading(target.table, target.column).filter((v) => !dropped.has(tableKey(v)));
      if (views.length === 0) return;
      const what = target.column === null ? `table ${label(target.table)}` : `column ${label(target.table)}.${target.column}`;
      hits.push({
        at,
        why: `${what} is read by ${views.map((v) => `view ${label(v)}`).join(", ")}, which the migration does not drop first: Postgres refuses the change.`,
        safeForm: "drop the views before the change and create them again after it (autogenerate does this for the views it knows).",
      });
    });
    return hits;
  },
};
