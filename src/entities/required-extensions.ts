/**
 * The extensions typeorm's `PostgresDriver.afterConnect` installs for an entity set (unless the DataSource
 * says `installExtensions: false`): the uuid extension for uuid-generated columns, citext, hstore, postgis,
 * cube, ltree and vector for columns of those types, btree_gist when any exclusion constraint exists, and
 * the DataSource's own `extensions` list. A database typeorm synchronised has them, so the model asks for
 * them too.
 */
import type { EntityMetadata } from "typeorm";
import type { ExtensionDef } from "../model/schema-model";

/** Extension needed by a column type, as typeorm's `checkMetadataForExtensions` decides. */
const EXTENSION_BY_TYPE: Readonly<Record<string, string>> = {
  citext: "citext",
  hstore: "hstore",
  cube: "cube",
  ltree: "ltree",
  vector: "vector",
  halfvec: "vector",
  geometry: "postgis",
  geography: "postgis",
};

interface ExtensionOptions {
  readonly installExtensions?: boolean;
  readonly uuidExtension?: string;
  readonly extensions?: readonly string[];
}

/**
 * Names of the extensions typeorm would install for these metadatas (every metadata counts, as in
 * typeorm, including views and entities with `synchronize: false`), in a stable order.
 */
export function requiredExtensionNames(metadatas: readonly EntityMetadata[]): string[] {
  if (metadatas.length === 0) return [];
  const options = metadatas[0]!.dataSource.options as ExtensionOptions;
  if (options.installExtensions === false) return [];
  const names = new Set<string>();
  for (const metadata of metadatas) {
    if (metadata.generatedColumns.some((column) => column.generationStrategy === "uuid")) {
      names.add(options.uuidExtension ?? "uuid-ossp");
    }
    for (const column of metadata.columns) {
      const extension = typeof column.type === "string" ? EXTENSION_BY_TYPE[column.type] : undefined;
      if (extension) names.add(extension);
    }
    if (metadata.exclusions.length > 0) names.add("btree_gist");
  }
  for (const name of options.extensions ?? []) names.add(name);
  return [...names].sort();
}

/** The same as `ExtensionDef`s keyed by name: any schema and any version will do. */
export function requiredExtensions(metadatas: readonly EntityMetadata[]): Record<string, ExtensionDef> {
  return Object.fromEntries(
    requiredExtensionNames(metadatas).map((name) => [name, { name, schema: null, version: null }]),
  );
}
