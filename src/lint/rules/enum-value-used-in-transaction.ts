import { canRunTogether, each, label, type LintRule, type RuleHit } from "../rule";

export const enumValueUsedInTransaction: LintRule = {
  id: "enum-value-used-in-transaction",
  description: "An enum label added and then used in the same transaction: Postgres refuses the use (unsafe use of new value) until the label is committed.",
  defaultLevel: "error",
  sizeSensitive: false,
  check: (ctx) => {
    const hits: RuleHit[] = [];
    for (const { action, at, located } of each(ctx, "addEnumValue")) {
      if (!located.transactional) continue;
      const use = ctx.actions.findIndex(
        (b, i) =>
          i > at && b.segment === located.segment && b.action.kind === "literals" && b.action.values.includes(action.label) && canRunTogether(located, b),
      );
      if (use < 0) continue;
      hits.push({
        at: use,
        why: `'${action.label}' is added to enum ${label(action.enum)} and used in the same transaction: Postgres refuses to use a new enum label before it is committed.`,
        safeForm: "add the label in a step of its own (or an earlier migration), so it is committed before anything uses it.",
      });
    }
    return hits;
  },
};
