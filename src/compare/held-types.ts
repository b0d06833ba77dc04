/**
 * Columns that hold a type inside other types (a composite type's attribute, a domain, at any depth),
 * which a rebuild of the type under its own columns cannot carry over.
 */
import type { SchemaModel, TableDef } from "../model/schema-model";
import type { EnumAttributeUsage } from "../ops/operation";
import { qualifiedName } from "../model/names";
import { typeNamesEnum } from "../ops/type-text";
import { displayName } from "./display";

interface TypeLike {
  readonly schema: string;
  readonly name: string;
}

/**
 * A column of `tables` whose type holds `type` inside another type: a composite type with an attribute of
 * it (or of an array of it), a domain over it, at any depth, or an array of one of those; for messages
 * (`column public.t.v (of composite type public.b, built on public.a)`), undefined when none does.
 */
export function columnThroughOtherTypes(model: SchemaModel, tables: readonly TableDef[], type: TypeLike): string | undefined {
  const names = (text: string, t: TypeLike) => typeNamesEnum(text, t.schema, t.name) !== null;
  const built: { readonly type: TypeLike; readonly label: string }[] = [];
  const seen = new Set<string>([displayName(type)]);
  for (let i = -1; i < built.length; i++) {
    const under = i < 0 ? type : built[i]!.type;
    const users = [
      ...Object.values(model.compositeTypes ?? {}).filter((c) => c.attributes.some((a) => names(a.type, under))).map((c) => ({ type: c, label: `composite type ${displayName(c)}` })),
      ...Object.values(model.domains ?? {}).filter((d) => names(d.type, under)).map((d) => ({ type: d, label: `domain ${displayName(d)}` })),
    ];
    for (const user of users) {
      if (seen.has(displayName(user.type))) continue;
      seen.add(displayName(user.type));
      built.push(user);
    }
  }
  for (const { type: user, label } of built) {
    for (const table of tables) {
      const column = table.columns.find((c) => names(c.type, user));
      if (column !== undefined) return `column ${displayName(table)}.${column.name} (of ${label}, built on ${displayName(type)})`;
    }
  }
  return undefined;
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
