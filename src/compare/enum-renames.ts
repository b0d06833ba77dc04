/**
 * Enums that follow a table or column rename. TypeORM names an enum column's type after its table and
 * column (`users_role_enum` for `users.role`), so renaming either renames the type the entities describe.
 * Compared as they are, the old type would be dropped and the new one created, each column of it re-cast
 * through text (a table rewrite); as TypeORM's own renameTable does, the type is renamed instead, and the
 * rename carried into `from` (rename-rewrite.ts), so that only a change of its labels is left to compare.
 *
 * Only where nothing else depends on the name: the old type is used by that one column alone (no other
 * column, domain or composite type), no type has the new name yet, and the target no longer has the old one.
 * Otherwise the comparison goes on as before (created, re-cast, dropped).
 */
import { qualifiedName, tableKey } from "../model/names";
import type { SchemaModel, TableDef } from "../model/schema-model";
import { typeNamesEnum } from "../ops/type-text";
import type { ChangeCollector } from "./collector";
import { displayName } from "./display";
import { withEnumRenamed } from "./rename-rewrite";

/**
 * `working` (`from` after the table and column renames) with the enums of its renamed tables and columns
 * renamed where the target names them after the new names. `original` gives a table of `working` as it
 * was before its renames (undefined for a table `from` lacks).
 */
export function renameEnumsWithTables(
  working: SchemaModel,
  from: SchemaModel,
  targets: readonly TableDef[],
  original: (table: TableDef) => TableDef | undefined,
  to: SchemaModel,
  sink: ChangeCollector,
): SchemaModel {
  let result = working;
  for (const target of targets) {
    const current = result.tables[tableKey(target)];
    const before = current === undefined ? undefined : original(current);
    if (current === undefined || before === undefined || current === from.tables[tableKey(target)]) continue;
    result = renameEnumsWithTable(result, before, current, target, to, sink);
  }
  return result;
}

/**
 * `working` with the enums of `current`'s columns renamed
 * where `target` names them after its new table or column name. `original` is the table before its
 * renames: its columns are `current`'s, in the same order, under their old names.
 */
function renameEnumsWithTable(
  working: SchemaModel,
  original: TableDef,
  current: TableDef,
  target: TableDef,
  to: SchemaModel,
  sink: ChangeCollector,
): SchemaModel {
  let result = working;
  current.columns.forEach((column, i) => {
    const before = typeormEnumName(original.name, original.columns[i]!.name);
    const after = typeormEnumName(target.name, column.name);
    const wanted = target.columns.find((c) => c.name === column.name);
    if (before === after || wanted === undefined) return;
    if (typeNamesEnum(column.type, current.schema, before) === null) return;
    if (typeNamesEnum(wanted.type, target.schema, after) === null) return;
    if (!canRename(result, to, current.schema, before, after)) return;
    const type = { schema: current.schema, name: before };
    sink.emit(
      { kind: "renameEnum", enum: type, to: after },
      `Detected renamed enum '${displayName(type)}' to '${displayName({ schema: current.schema, name: after })}' with its column`,
    );
    result = withEnumRenamed(result, type, after);
  });
  return result;
}

/** TypeORM's name for an enum column's type (PostgresQueryRunner's buildEnumName, without `enumName`). */
function typeormEnumName(table: string, column: string): string {
  return `${table}_${column.toLowerCase()}_enum`;
}

function canRename(model: SchemaModel, to: SchemaModel, schema: string, before: string, after: string): boolean {
  const oldKey = qualifiedName(schema, before);
  const newKey = qualifiedName(schema, after);
  if (model.enums[oldKey] === undefined || oldKey in to.enums) return false;
  if (newKey in model.enums || newKey in (model.domains ?? {}) || newKey in (model.compositeTypes ?? {})) return false;
  if (!(newKey in to.enums)) return false;
  return usesOf(model, schema, before) === 1;
}

/** How many columns, domains and composite type attributes name the type `schema.name` (or an array of it). */
function usesOf(model: SchemaModel, schema: string, name: string): number {
  const names = (type: string): boolean => typeNamesEnum(type, schema, name) !== null;
  const columns = Object.values(model.tables).flatMap((t) => t.columns).filter((c) => names(c.type)).length;
  const domains = Object.values(model.domains ?? {}).filter((d) => names(d.type)).length;
  const attributes = Object.values(model.compositeTypes ?? {}).flatMap((c) => c.attributes).filter((a) => names(a.type)).length;
  return columns + domains + attributes;
}
