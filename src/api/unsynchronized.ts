/**
 * What TypeORM's schema builder leaves alone and so does every comparison with the entities (autogenerate,
 * check, `autogen diff ... entities`): the tables of `@Entity({ synchronize: false })` entities, and the
 * index an `@Index("name", { synchronize: false })` names. The entity model lists them
 * (`unsynchronizedTables`, `unsynchronizedIndexes`); the database's are kept as they are.
 */
import type { CompareOptions } from "../compare/compare-options";
import { qualifiedName } from "../model/names";
import type { SchemaModel, TableRef } from "../model/schema-model";

type ObjectFilter = NonNullable<CompareOptions["include"]>;

/** `filter` (the config's include/exclude, or none) leaving out `unsynchronized`, the tables of `synchronize: false` entities. */
export function withoutUnsynchronizedTables(filter: ObjectFilter | undefined, unsynchronized: readonly TableRef[]): ObjectFilter | undefined {
  const tables = new Set(unsynchronized.map((t) => qualifiedName(t.schema, t.name)));
  if (tables.size === 0) return filter;
  return (object) => (filter === undefined || filter(object)) && !(object.type === "table" && tables.has(qualifiedName(object.schema, object.name)));
}

/**
 * `entitySide` with the database's index of each name an `@Index({ synchronize: false })` gives: kept as
 * `database` has it, neither created, dropped nor changed.
 */
export function keepUnsynchronizedIndexes(database: SchemaModel, entitySide: SchemaModel, indexes: NonNullable<SchemaModel["unsynchronizedIndexes"]>): SchemaModel {
  let tables = entitySide.tables;
  for (const { table, name } of indexes) {
    const key = qualifiedName(table.schema, table.name);
    const kept = database.tables[key]?.indexes.find((index) => index.name === name);
    const described = tables[key];
    if (kept === undefined || described === undefined || described.indexes.some((index) => index.name === name)) continue;
    tables = { ...tables, [key]: { ...described, indexes: [...described.indexes, kept] } };
  }
  return tables === entitySide.tables ? entitySide : { ...entitySide, tables };
}
