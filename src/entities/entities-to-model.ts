/**
 * TypeORM entity metadata -> the raw `SchemaModel` of what `DataSource.synchronize()` would create on
 * PostgreSQL: one table per synchronised entity, junction and closure table (single-table inheritance
 * children and `synchronize: false` entities are left out, as typeorm's schema builder leaves them out),
 * the view entities' views, the enum types their columns use, and the extensions typeorm installs.
 *
 * Raw means valid SQL text that Postgres accepts but has not printed yet; the normaliser reads types,
 * defaults, checks, exclusions and index predicates back through the server. Names (tables, columns,
 * constraints, indexes, enums) are final: they are the ones typeorm's naming strategy produced.
 */
import type { EntityMetadata } from "typeorm";
import type { EnumDef, QualifiedName, SchemaModel, TableDef, TableRef } from "../model/schema-model";
import { qualifiedName } from "../model/names";
import { NO_CATALOG_OBJECTS } from "../model/catalog-objects";
import { tableToModel } from "./table-to-model";
import { requiredExtensions } from "./required-extensions";
import { viewsToModel } from "./views-to-model";
import { EntityDefinitionError } from "./entity-errors";
import { disagreement, enumDifferences, mappingLabel, tableDifferences, type MappingDisagreement } from "./mapping-disagreements";

export interface EntitiesToModelOptions {
  /**
   * Schema of the entities that name none: the DataSource's `schema` when it sets one (typeorm has then
   * already put it into the metadata), else the database's current schema, usually `public`.
   */
  readonly defaultSchema: string;
  /**
   * Told about each table or enum type that two mappings describe differently (the model keeps the first
   * mapping's version, as TypeORM's synchronize() does): for a warning.
   */
  readonly onDisagreement?: (disagreement: MappingDisagreement) => void;
}

/** The tables typeorm's `RdbmsSchemaBuilder.entityToSyncMetadatas` creates. */
function isSynchronisedTable(metadata: EntityMetadata): boolean {
  return metadata.synchronize && metadata.tableType !== "entity-child" && metadata.tableType !== "view";
}

function mergeByName<T extends { readonly name: string }>(first: readonly T[], second: readonly T[]): T[] {
  const names = new Set(first.map((item) => item.name));
  return [...first, ...second.filter((item) => !names.has(item.name))];
}

/**
 * Two entities on one table: typeorm creates the table for the first and then adds the second's missing
 * columns, constraints and indexes (by name).
 */
function mergeTables(first: TableDef, second: TableDef): TableDef {
  return {
    ...first,
    comment: first.comment ?? second.comment,
    columns: mergeByName(first.columns, second.columns),
    primaryKey: first.primaryKey ?? second.primaryKey,
    uniques: mergeByName(first.uniques, second.uniques),
    foreignKeys: mergeByName(first.foreignKeys, second.foreignKeys),
    checks: mergeByName(first.checks, second.checks),
    exclusions: mergeByName(first.exclusions, second.exclusions),
    indexes: mergeByName(first.indexes, second.indexes),
  };
}

function uuidGeneratorOf(metadata: EntityMetadata): string {
  const driver = metadata.dataSource.driver as { readonly uuidGenerator?: unknown };
  return typeof driver.uuidGenerator === "string" ? driver.uuidGenerator : "uuid_generate_v4()";
}

function assertPostgres(metadata: EntityMetadata): void {
  const type = metadata.dataSource.driver.options.type;
  if (type !== "postgres") {
    throw new EntityDefinitionError(metadata.name, null, `its metadata was built for a "${type}" DataSource, not "postgres"`);
  }
}

/**
 * Converts built entity metadata (see `buildEntityMetadata`) to the raw schema model.
 *
 * @example
 *   const model = entitiesToModel(await buildEntityMetadata(set), { defaultSchema: "public" });
 *   model.tables['"public"."users"'].primaryKey; // { type: "primaryKey", name: "PK_a3ffb1c0c8416b9fc6f907b7433", columns: ["id"] }
 * @throws EntityDefinitionError for definitions PostgreSQL cannot create (a SERIAL on a non-integer type).
 */
export function entitiesToModel(metadatas: readonly EntityMetadata[], options: EntitiesToModelOptions): SchemaModel {
  const tables: Record<QualifiedName, TableDef> = {};
  const enums: Record<QualifiedName, EnumDef> = {};
  /** The mapping each table and enum type was first described by, for the disagreement warnings. */
  const firstMapping = new Map<string, string>();
  const tell = (subject: string, key: string, label: string, differences: readonly string[]) => {
    const found = disagreement(subject, firstMapping.get(key)!, label, differences);
    if (found) options.onDisagreement?.(found);
  };
  const schemas = new Set<string>();
  const unsynchronized: TableRef[] = [];
  const unsynchronizedIndexes: { table: TableRef; name: string }[] = [];
  for (const metadata of metadatas) {
    assertPostgres(metadata);
    if (!metadata.synchronize && metadata.tableType !== "entity-child" && metadata.tableType !== "view") {
      unsynchronized.push({ schema: metadata.schema ?? options.defaultSchema, name: metadata.tableName });
    }
    if (!isSynchronisedTable(metadata)) continue;
    const model = tableToModel(metadata, options.defaultSchema, uuidGeneratorOf(metadata));
    const key = qualifiedName(model.table.schema, model.table.name);
    for (const index of metadata.indices) {
      if (index.synchronize === false && index.name) unsynchronizedIndexes.push({ table: { schema: model.table.schema, name: model.table.name }, name: index.name });
    }
    const label = mappingLabel(metadata, metadatas);
    const existing = tables[key];
    if (existing) {
      const subject = `table ${model.table.schema}.${model.table.name}`;
      tell(subject, `table:${key}`, label, tableDifferences(existing, model.table, [firstMapping.get(`table:${key}`)!, label]));
    } else {
      firstMapping.set(`table:${key}`, label);
    }
    tables[key] = existing ? mergeTables(existing, model.table) : model.table;
    schemas.add(model.table.schema);
    for (const enumType of model.enums) {
      // typeorm creates an enum name once: the first column that names it decides its labels.
      const enumKey = qualifiedName(enumType.schema, enumType.name);
      const first = enums[enumKey];
      if (first === undefined) {
        enums[enumKey] = enumType;
        firstMapping.set(`enum:${enumKey}`, label);
      } else {
        const subject = `enum ${enumType.schema}.${enumType.name}`;
        tell(subject, `enum:${enumKey}`, label, enumDifferences(first, enumType, [firstMapping.get(`enum:${enumKey}`)!, label]));
      }
    }
  }
  const views = viewsToModel(metadatas, options.defaultSchema);
  for (const view of Object.values(views)) schemas.add(view.schema);
  return {
    schemas: [...schemas].sort(),
    extensions: requiredExtensions(metadatas),
    enums,
    sequences: {},
    tables,
    views,
    ...(unsynchronized.length > 0 && {
      unsynchronizedTables: unsynchronized.filter((t) => !(qualifiedName(t.schema, t.name) in tables)),
    }),
    ...(unsynchronizedIndexes.length > 0 && { unsynchronizedIndexes }),
    // Functions, triggers, policies, privileges, comments on other objects, collations: not described.
    ...NO_CATALOG_OBJECTS,
  };
}
