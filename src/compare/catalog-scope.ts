/**
 * Which relations' triggers, policies, grants and comments a comparison may touch: those of the tables
 * and views the include/exclude predicates let through (never a tool's own table).
 */
import { qualifiedName } from "../model/names";
import type { SchemaModel } from "../model/schema-model";
import type { CompareOptions } from "./compare-options";
import { tableScope, viewScope } from "./scope";

/** Whether what hangs on relation `schema.name` is compared. */
export type RelationScope = (schema: string, name: string) => boolean;

export function relationScope(options: CompareOptions, from: SchemaModel, to: SchemaModel): RelationScope {
  const tables = tableScope(options);
  const views = viewScope(options);
  return (schema, name) => {
    const key = qualifiedName(schema, name);
    const isView = key in from.views || key in to.views;
    return isView ? views({ schema, name }) : tables({ schema, name });
  };
}

/** The entries of a model's map whose relation (if any) is in scope. */
export function scoped<T>(
  map: Readonly<Record<string, T>>,
  relationOf: (item: T) => { readonly schema: string; readonly name: string } | null,
  inScope: RelationScope,
): Map<string, T> {
  return new Map(
    Object.entries(map).filter(([, item]) => {
      const relation = relationOf(item);
      return relation === null || inScope(relation.schema, relation.name);
    }),
  );
}
