/**
 * The whole entity side in one call: load the entity files (or the DataSource module), build typeorm's
 * metadata without connecting, and convert it to the raw schema model.
 */
import type { SchemaModel } from "../model/schema-model";
import { loadEntitySet, type EntitySource } from "./load-entities";
import { buildEntityMetadata } from "./build-metadata";
import { entitiesToModel } from "./entities-to-model";
import type { MappingDisagreement } from "./mapping-disagreements";

/**
 * Reads the schema the entities describe, as typeorm's `synchronize()` would create it.
 *
 * @param source entity globs relative to `cwd`, or a DataSource module.
 * @param options.defaultSchema where entities without a schema go when the DataSource sets none
 *   (the database's current schema; `public` by default).
 * @example
 *   const model = await readEntityModel({ entities: ["src/entity/*.ts"] }, projectDir, { defaultSchema: "public" });
 */
export async function readEntityModel(
  source: EntitySource,
  cwd: string,
  options: { readonly defaultSchema: string; readonly onDisagreement?: (disagreement: MappingDisagreement) => void },
): Promise<SchemaModel> {
  const set = await loadEntitySet(source, cwd);
  const metadatas = await buildEntityMetadata(set);
  return entitiesToModel(metadatas, {
    defaultSchema: set.options.schema ?? options.defaultSchema,
    onDisagreement: options.onDisagreement,
  });
}
