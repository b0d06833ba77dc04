/**
 * The types built on other types, at any depth, as PostgreSQL walks them when it looks for the columns that
 * stop an ALTER TYPE, an ALTER DOMAIN or a DROP (`find_composite_type_dependencies`): composite types with
 * an attribute of one (or of an array of one), domains and range types over one (or over an array of one),
 * and the multirange type of each such range type. The refusals by name (a composite attribute retyped, a
 * domain gaining a checked constraint, a table recreated under its row type) share this walk.
 */
import type { SchemaModel, TableDef } from "../model/schema-model";
import { multirangeOf, typeNamesEnum } from "../ops/type-text";
import { displayName } from "./display";

export interface TypeRef {
  readonly schema: string;
  readonly name: string;
}

/** A type found by `typesBuiltOn`: what it is, for messages. */
export interface BuiltType {
  readonly ref: TypeRef;
  readonly kind: "composite type" | "domain" | "range type" | "multirange type";
}

interface Candidate extends BuiltType {
  holds(under: TypeRef): boolean;
}

/** Whether the type text `text` names `type` or an array of it. */
export function namesType(text: string, type: TypeRef): boolean {
  return typeNamesEnum(text, type.schema, type.name) !== null;
}

/** The types of `model` built on any of `bases` (see the file comment), nearest first, without the bases themselves. */
export function typesBuiltOn(model: SchemaModel, bases: readonly TypeRef[]): BuiltType[] {
  const key = (type: TypeRef) => displayName(type);
  const candidates: Candidate[] = [
    ...Object.values(model.compositeTypes ?? {}).map((c): Candidate => ({
      ref: c,
      kind: "composite type",
      holds: (u) => c.attributes.some((a) => namesType(a.type, u)),
    })),
    ...Object.values(model.domains ?? {}).map((d): Candidate => ({ ref: d, kind: "domain", holds: (u) => namesType(d.type, u) })),
    ...Object.values(model.rangeTypes ?? {}).flatMap((r): Candidate[] => [
      { ref: r, kind: "range type", holds: (u) => namesType(r.subtype, u) },
      { ref: multirangeOf(r), kind: "multirange type", holds: (u) => key(u) === key(r) },
    ]),
  ];
  const seen = new Set(bases.map(key));
  const under: TypeRef[] = [...bases];
  const built: BuiltType[] = [];
  for (let i = 0; i < under.length; i++) {
    for (const { holds, ...candidate } of candidates) {
      if (seen.has(key(candidate.ref)) || !holds(under[i]!)) continue;
      seen.add(key(candidate.ref));
      under.push(candidate.ref);
      built.push(candidate);
    }
  }
  return built;
}

/** The first column of `tables` whose type is one of `types` (taken in order) or an array of one, with the type it names. */
export function firstColumnNaming<T extends { readonly ref: TypeRef }>(
  tables: readonly TableDef[],
  types: readonly T[],
): { readonly at: string; readonly type: T } | undefined {
  for (const type of types) {
    for (const table of tables) {
      const column = table.columns.find((c) => namesType(c.type, type.ref));
      if (column !== undefined) return { at: `column ${displayName(table)}.${column.name}`, type };
    }
  }
  return undefined;
}
