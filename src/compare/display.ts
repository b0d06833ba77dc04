/**
 * Names as the log lines show them, Alembic style: `public.users`, `public.users.name`, unquoted.
 */
import type { ConstraintDef, TableRef } from "../model/schema-model";

/** `schema.table` (or `schema.enum`, `schema.sequence`). */
export function displayName(ref: TableRef): string {
  return `${ref.schema}.${ref.name}`;
}

/** `schema.table.column`. */
export function displayColumn(table: TableRef, column: string): string {
  return `${table.schema}.${table.name}.${column}`;
}

/** `'text'` for a value, `none` for null: how the log shows defaults, comments and the like. */
export function displayValue(value: string | null): string {
  return value === null ? "none" : `'${value}'`;
}

const CONSTRAINT_NOUN: Readonly<Record<ConstraintDef["type"], string>> = {
  primaryKey: "primary key",
  unique: "unique constraint",
  foreignKey: "foreign key",
  check: "check constraint",
  exclusion: "exclusion constraint",
};

/** `foreign key`, `check constraint`, ...: the noun for a constraint kind. */
export function constraintNoun(constraint: ConstraintDef): string {
  return CONSTRAINT_NOUN[constraint.type];
}
