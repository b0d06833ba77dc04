/**
 * Enums that follow a table or column rename, or a table's move to another schema. TypeORM names an enum
 * column's type after its table and column (`users_role_enum` for `users.role`), in the table's schema, so
 * renaming either, or moving the table, renames or moves the type the entities describe. Compared as they
 * are, the old type would be dropped and the new one created, each column of it re-cast through text (a
 * table rewrite); as TypeORM's own renameTable does, the type is renamed (`renameEnum`) or moved
 * (`moveEnum`, renamed there too when the table's name changes) instead, and that carried into `from`
 * (rename-rewrite.ts), so that only a change of its labels is left to compare.
 *
 * Only where nothing else depends on the name: the old type is used by that one column alone (no other
 * column, domain or composite type), no type has the new name yet, and the target no longer has the old one.
 * Otherwise the comparison goes on as before (created, re-cast, dropped).
 */
import { qualifiedName, tableKey } from "../model/names";
import type { SchemaModel, TableDef } from "../model/schema-model";
import type { TypeRef } from "../ops/operation";
import { typeNamesEnum } from "../ops/type-text";
import type { ChangeCollector } from "./collector";
import { displayName } from "./display";
import { withEnumReplaced } from "./rename-rewrite";

/**
 * `working` (`from` after the table moves and renames and the column renames) with the enums of its moved
 * or renamed tables and renamed columns moved or renamed where the target names them after the new names.
 * `original` gives a table of `working` as it was before its move and renames (undefined for a table
 * `from` lacks).
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
 * `working` with the enums of `current`'s columns renamed or moved where `target` names them after its
 * new schema, table or column name. `original` is the table before its move and renames: its columns are
 * `current`'s, in the same order, under their old names.
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
    const before: TypeRef = { schema: original.schema, name: typeormEnumName(original.name, original.columns[i]!.name) };
    const after: TypeRef = { schema: target.schema, name: typeormEnumName(target.name, column.name) };
    const wanted = target.columns.find((c) => c.name === column.name);
    if ((before.schema === after.schema && before.name === after.name) || wanted === undefined) return;
    if (typeNamesEnum(column.type, before.schema, before.name) === null) return;
    if (typeNamesEnum(wanted.type, after.schema, after.name) === null) return;
    if (!canRename(result, to, before, after)) return;
    emitEnumChange(before, after, sink);
    result = withEnumReplaced(result, before, after);
  });
  return result;
}

/** A `renameEnum` within the schema, else a `moveEnum` (renamed there too when the name changes). */
function emitEnumChange(before: TypeRef, after: TypeRef, sink: ChangeCollector): void {
  if (before.schema === after.schema) {
    sink.emit(
      { kind: "renameEnum", enum: before, to: after.name },
      `Detected renamed enum '${displayName(before)}' to '${displayName(after)}' with its column`,
    );
    return;
  }
  const renamed = before.name !== after.name;
  sink.emit(
    { kind: "moveEnum", enum: before, schema: after.schema, ...(renamed && { to: after.name }) },
    `Detected enum '${displayName(before)}' moved to ${renamed ? `'${displayName(after)}'` : `schema '${after.schema}'`} with its table`,
  );
}

/** TypeORM's name for an enum column's type (PostgresQueryRunner's buildEnumName, without `enumName`). */
function typeormEnumName(table: string, column: string): string {
  return `${table}_${column.toLowerCase()}_enum`;
}

function canRename(model: SchemaModel, to: SchemaModel, before: TypeRef, after: TypeRef): boolean {
  const oldKey = qualifiedName(before.schema, before.name);
  const newKey = qualifiedName(after.schema, after.name);
  if (model.enums[oldKey] === undefined || oldKey in to.enums) return false;
  if (newKey in model.enums || newKey in (model.domains ?? {}) || newKey in (model.compositeTypes ?? {}) || newKey in (model.rangeTypes ?? {})) {
    return false;
  }
  if (!(newKey in to.enums)) return false;
  return usesOf(model, before.schema, before.name) === 1;
}

/** How many columns, domains and composite type attributes name the type `schema.name` (or an array of it). */
function usesOf(model: SchemaModel, schema: string, name: string): number {
  const names = (type: string): boolean => typeNamesEnum(type, schema, name) !== null;
  const columns = Object.values(model.tables).flatMap((t) => t.columns).filter((c) => names(c.type)).length;
  const domains = Object.values(model.domains ?? {}).filter((d) => names(d.type)).length;
  const attributes = Object.values(model.compositeTypes ?? {}).flatMap((c) => c.attributes).filter((a) => names(a.type)).length;
  return columns + domains + attributes;
}
