import type { QualifiedName, TableRef } from "./schema-model";

/** `"schema"."name"`, the key of every map in a SchemaModel. Embedded double quotes are doubled. */
export function qualifiedName(schema: string, name: string): QualifiedName {
  return `${quoteIdentAlways(schema)}.${quoteIdentAlways(name)}`;
}

export function tableKey(ref: TableRef): QualifiedName {
  return qualifiedName(ref.schema, ref.name);
}

/** Always double-quotes: the safe form for SQL we emit ourselves. */
export function quoteIdentAlways(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function tableRefEquals(a: TableRef, b: TableRef): boolean {
  return a.schema === b.schema && a.name === b.name;
}
