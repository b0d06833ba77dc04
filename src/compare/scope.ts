/**
 * Which tables a comparison may touch: those the include/exclude predicates let through, never the version
 * table.
 */
import type { TableRef } from "../model/schema-model";
import { DEFAULT_VERSION_TABLE, type CompareOptions } from "./compare-options";

/** A predicate telling whether a table is compared. */
export type TableScope = (table: TableRef) => boolean;

/** Builds the table scope from the options. */
export function tableScope(options: CompareOptions): TableScope {
  const versionTable = options.versionTable ?? DEFAULT_VERSION_TABLE;
  return (table) => {
    if (table.name === versionTable) return false;
    const object = { type: "table" as const, schema: table.schema, name: table.name };
    if (options.include !== undefined && !options.include(object)) return false;
    return !(options.exclude?.(object) ?? false);
  };
}
