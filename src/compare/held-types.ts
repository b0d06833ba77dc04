/**
 * Columns that hold a type inside other types (a composite type's attribute, a domain, a range type, at any depth),
 * which a rebuild of the type under its own columns cannot carry over.
 */
import type { SchemaModel, TableDef } from "../model/schema-model";
import type { EnumAttributeUsage } from "../ops/operation";
import { qualifiedName } from "../model/names";
import { displayName } from "./display";
import { firstColumnNaming, typesBuiltOn, type TypeRef as TypeLike } from "./types-built-on";

/**
 * A column of `tables` whose type holds `type` inside another type (`typesBuiltOn`: a composite type, a
 * domain or a range type built on it, at any depth, or an array of one of those); for messages
 * (`column public.t.v (of composite type public.b, built on public.a)`), undefined when none does.
 */
export function columnThroughOtherTypes(model: SchemaModel, tables: readonly TableDef[], type: TypeLike): string | undefined {
  const held = firstColumnNaming(tables, typesBuiltOn(model, [type]));
  return held === undefined ? undefined : `${held.at} (of ${held.type.kind} ${displayName(held.type.ref)}, built on ${displayName(type)})`;
}

/**
 * For an appended label: one warning per composite type with an attribute of the enum that a column of
 * `tables` holds inside another type (`columnThroughOtherTypes`). The downgrade's rebuild retypes the
 * attribute with the columns of the composite type itself held as text (src/sql/composite-holders.ts),
 * but PostgreSQL still refuses it while such a column holds the type further in.
 */
export function heldCompositeDowngradeWarnings(
  model: SchemaModel,
  enumName: string,
  attributes: readonly EnumAttributeUsage[],
  tables: readonly TableDef[],
): string[] {
  const types = new Map(attributes.map((a) => [qualifiedName(a.type.schema, a.type.name), a.type]));
  return [...types.values()].flatMap((type) => {
    const held = columnThroughOtherTypes(model, tables, type);
    return held === undefined
      ? []
      : [
          `Warning: the downgrade of this migration removes the label added to enum '${enumName}' by rebuilding the type, ` +
            `which retypes an attribute of composite type '${displayName(type)}', but ${held} holds that type inside another ` +
            `type, which the rebuild cannot set aside: that downgrade will stop (cannot alter type because a column uses it) ` +
            `until that column is changed first`,
        ];
  });
}
