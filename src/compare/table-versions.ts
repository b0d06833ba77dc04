import type { TableDef, TableRef } from "../model/schema-model";

/**
 * One table present on both sides, in the three states a comparison needs. The phase order runs drops
 * before renames and creates/alters after them, so a dropped constraint, index or column is named (and
 * carries its definition) as in `original`, while everything added or altered is named as in `target`.
 */
export interface TableVersions {
  /** As the database has it before the migration. */
  readonly original: TableDef;
  /** As it will be once this migration's renames have run: what is compared with `target`. */
  readonly current: TableDef;
  /** As `to` wants it. */
  readonly target: TableDef;
}

/** A plain `{ schema, name }` of a table (never the whole definition). */
export function refOf(table: TableRef): TableRef {
  return { schema: table.schema, name: table.name };
}

/** The member named `name` in the original table, for the `existing` of a drop; `fallback` if it has none. */
export function originalNamed<T extends { readonly name: string }>(members: readonly T[], name: string, fallback: T): T {
  return members.find((member) => member.name === name) ?? fallback;
}
