import type { ConstraintDef } from "../model/schema-model";

/**
 * Whether a constraint of the model is itself NOT VALID: a foreign key's `notValid` flag, or a check whose
 * `pg_get_constraintdef` text ends with `NOT VALID`. Adding it leaves its existing rows unchecked.
 */
export function isNotValidInModel(c: ConstraintDef): boolean {
  if (c.type === "foreignKey") return c.notValid === true;
  if (c.type === "check") return /\bNOT VALID$/.test(c.definition);
  return false;
}
