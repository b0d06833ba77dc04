import { canRunTogether, each, label, type LintRule, type RuleHit } from "../rule";

export const constraintMissingNotValid: LintRule = {
  id: "constraint-missing-not-valid",
  description: "A foreign key or check added to an existing table without NOT VALID scans every row under a lock that blocks writes.",
  defaultLevel: "warn",
  sizeSensitive: true,
  check: (ctx) => {
    const hits: RuleHit[] = [];
    for (const { action, at, located } of each(ctx, "addConstraint")) {
      if (action.type !== "foreignKey" && action.type !== "check") continue;
      if (ctx.isNew(action.table, at)) continue;
      const name = action.name ?? "(unnamed)";
      if (!action.notValid) {
        const lock = action.type === "foreignKey" ? "SHARE ROW EXCLUSIVE locks on both tables" : "an ACCESS EXCLUSIVE lock";
        hits.push({
          at,
          table: action.table,
          why: `Adding ${action.type === "foreignKey" ? "foreign key" : "check"} ${name} checks every row of ${label(action.table)} while holding ${lock}, which blocks writes for the whole scan.`,
          safeForm:
            action.name === null
              ? `name it and add it NOT VALID (ALTER TABLE ... ADD CONSTRAINT <name> ... NOT VALID), then validate it by that name in a later transaction: op.validateConstraint(${JSON.stringify(action.table.name)}, "<name>") in the next step.`
              : `add it NOT VALID, then validate it in a later transaction: op.add${action.type === "foreignKey" ? "ForeignKey" : "Check"}(..., { notValid: true }); then, in the next step, op.validateConstraint(${JSON.stringify(action.table.name)}, ${JSON.stringify(name)}).`,
        });
        continue;
      }
      const validate = ctx.actions.findIndex(
        (a, i) =>
          i > at && a.action.kind === "validateConstraint" && a.action.name === action.name && a.segment === located.segment && canRunTogether(located, a),
      );
      if (validate >= 0) {
        hits.push({
          at: validate,
          table: action.table,
          why: `${name} is validated in the transaction that added it, so the strong lock taken by the ADD is held during the whole validation scan.`,
          safeForm: "validate it in a step of its own (a separate transaction): await op.step(\"validate\", async () => { await op.validateConstraint(...); }).",
        });
      }
    }
    return hits;
  },
};
