/**
 * Which tables a comparison may touch: those the include/exclude predicates let through, never the
 * configured version table nor a tool's own table (`TOOL_OWNED_TABLES`: the runner's bookkeeping,
 * TypeORM's `typeorm_metadata`), in any schema.
 */
import { isToolOwnedTable, type TableRef } from "../model/schema-model";
import { DEFAULT_VERSION_TABLE, type CompareOptions } from "./compare-options";

/** A predicate telling whether a table is compared. */
export type TableScope = (table: TableRef) => boolean;

/** Builds the table scope from the options. */
export function tableScope(options: CompareOptions): TableScope {
  const versionTable = options.versionTable ?? DEFAULT_VERSION_TABLE;
  const filter = objectScope(options, "table");
  return (table) => table.name !== versionTable && !isToolOwnedTable(table.name) && filter(table);
}

/** Which views a comparison may touch: those the include/exclude predicates let through. */
export function viewScope(options: CompareOptions): TableScope {
  return objectScope(options, "view");
}

function objectScope(options: CompareOptions, type: "table" | "view"): TableScope {
  return (ref) => {
    const object = { type, schema: ref.schema, name: ref.name };
    if (options.include !== undefined && !options.include(object)) return false;
    return !(options.exclude?.(object) ?? false);
  };
}
