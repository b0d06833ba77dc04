/**
 * The columns of a composite type with an attribute of an enum being rebuilt (`EnumAttributeUsage.usages`).
 * PostgreSQL refuses `ALTER TYPE ... ALTER ATTRIBUTE ... TYPE` while a column holds the type ("cannot
 * alter type because column uses it"), so each such column is held as text meanwhile: its default
 * dropped, `TYPE text USING v::text` (the type's own output, the enum's labels spelled out), the
 * attributes retyped, then `TYPE c USING v::c` (read back with the new enum), its default and storage
 * settings restored (`recastUsage`). The composite type itself stays (its oid, owner, grants, comment and
 * what uses it are untouched). A value holding a label the new enum lacks stops the migration there
 * ("invalid input value for enum"), before anything is committed.
 */
import type { AlterEnumOp, EnumAttributeUsage, EnumUsage, TypeRef } from "../ops/operation";
import { qualifiedName } from "../model/names";
import { recastUsage } from "./compile-domains";
import { statement, type CompiledStatement } from "./compiled-statement";
import { quoteIdent, quoteQualified, quoteTable } from "./quote";

/** The composite types of `attributes` that columns hold, once each, with those columns. */
function heldTypes(attributes: readonly EnumAttributeUsage[]): { type: TypeRef; usages: readonly EnumUsage[] }[] {
  const held = new Map<string, { type: TypeRef; usages: readonly EnumUsage[] }>();
  for (const a of attributes) {
    const key = qualifiedName(a.type.schema, a.type.name);
    if ((a.usages ?? []).length > 0 && !held.has(key)) held.set(key, { type: a.type, usages: a.usages! });
  }
  return [...held.values()];
}

/** Each column of a composite type with an attribute retyped, turned into text (its default dropped first). */
export function holdCompositeColumnsAsText(op: AlterEnumOp): CompiledStatement[] {
  return heldTypes(op.attributes ?? []).flatMap(({ usages }) =>
    usages.flatMap((usage) => {
      const alter = `ALTER TABLE ${quoteTable(usage.table)} ALTER COLUMN ${quoteIdent(usage.column)}`;
      return [
        ...(usage.default !== null ? [statement(`${alter} DROP DEFAULT`)] : []),
        statement(`${alter} TYPE text USING ${quoteIdent(usage.column)}::text`),
      ];
    }),
  );
}

/** Each of those columns given its composite type back, read from its text, with its default and settings. */
export function restoreCompositeColumns(op: AlterEnumOp): CompiledStatement[] {
  return heldTypes(op.attributes ?? []).flatMap(({ type, usages }) =>
    usages.flatMap((usage) => {
      const target = `${quoteQualified(type)}${usage.array ? "[]" : ""}`;
      // The default was dropped before the column became text: only set again (defaultAfter where given).
      const restored = usage.defaultAfter === undefined ? usage.default : usage.defaultAfter;
      return recastUsage(op, { ...usage, default: null, defaultAfter: restored }, target, `${quoteIdent(usage.column)}::${target}`);
    }),
  );
}
