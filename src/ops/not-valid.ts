import type { ConstraintDef } from "../model/schema-model";

/**
 * Whether a constraint of the model is itself NOT VALID: a foreign key's `notValid` flag, or a check whose
 * `pg_get_constraintdef` text ends with `NOT VALID`; or NOT ENFORCED (PostgreSQL 18), which is never
 * validated (PostgreSQL refuses to: "cannot validate NOT ENFORCED constraint"). Adding it leaves its
 * existing rows unchecked.
 */
export function isNotValidInModel(c: ConstraintDef): boolean {
  if (c.type === "foreignKey") return c.notValid === true || c.notEnforced === true;
  if (c.type === "check") return /\bNOT (VALID|ENFORCED)$/.test(c.definition);
  return false;
}
