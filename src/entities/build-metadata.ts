/**
 * Builds TypeORM's complete entity metadata (columns, relations, junction tables, constraint and index
 * names from the naming strategy) without connecting to a database, with the project's own TypeORM
 * (project-typeorm.ts): the names, foreign-key actions and indexes are that version's.
 *
 * `DataSource.initialize()` would connect and install extensions (`CREATE EXTENSION "uuid-ossp"`) as a
 * side effect; it is never called. Instead a DataSource is constructed (which opens nothing: the pg pool is
 * created on connect) and its protected `buildMetadatas()` is called, which is exactly the step
 * `initialize()` runs after connecting. It takes about 25 ms for a handful of entities.
 *
 * TypeORM's builder scans every entity's decorator arguments once per entity (O(entities x arguments));
 * during the build those look-ups are served from per-target indexes (`indexed-args-storage.ts`), with the
 * same results: 1,000 entities build in about 0.3 s instead of 0.55 s.
 */
import "reflect-metadata";
import type { DataSource, EntityMetadata } from "typeorm";
import type { EntityOptions, EntitySet } from "./load-entities";
import { EntityMetadataError, TypeormCopiesError } from "./entity-errors";
import { withIndexedMetadataArgs, type IndexedLookups } from "./indexed-args-storage";
import { diagnoseMetadataFailure } from "./metadata-diagnosis";
import { rememberTypeorm, type ProjectTypeorm } from "./project-typeorm";

/** The protected step of `DataSource.initialize()` that builds metadata. */
interface MetadataBuilding {
  buildMetadatas(): Promise<void>;
}

function definedOnly(options: EntityOptions): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

/** How to build. */
export interface BuildMetadataOptions {
  /**
   * Serve TypeORM's decorator-argument look-ups from per-target indexes: `true` (the default) for the
   * look-ups proven equal, `"all"` for every one (the equality test), `false` for TypeORM's own scans.
   */
  readonly indexedArgs?: boolean | "all";
}

/** The version of the TypeORM that made `storage`, when it is another copy than the project's. */
function otherCopyVersion(typeorm: ProjectTypeorm, storage: object): string | null {
  const own = typeorm.internal("metadata-args/MetadataArgsStorage")?.MetadataArgsStorage;
  if (typeof own !== "function" || storage instanceof own) return null;
  for (const [file, module] of Object.entries(require.cache)) {
    const exported = (module?.exports as { MetadataArgsStorage?: unknown } | undefined)?.MetadataArgsStorage;
    if (exported !== storage.constructor) continue;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return String((require(`${file.replace(/metadata-args[\\/]MetadataArgsStorage\.js$/, "")}package.json`) as { version?: unknown }).version);
    } catch {
      return null;
    }
  }
  return null;
}

function newDataSource(set: EntitySet): DataSource {
  const dataSource = new set.typeorm.module.DataSource({
    ...definedOnly(set.options),
    type: "postgres",
    entities: [...set.entities],
    synchronize: false,
    migrationsRun: false,
  } as ConstructorParameters<typeof DataSource>[0]);
  rememberTypeorm(dataSource, set.typeorm);
  return dataSource;
}

/** The file that defines the entity named `entity`, when the set knows it. */
function fileOf(set: EntitySet, entity: string): string | null {
  for (const [target, file] of set.files) {
    const name = typeof target === "function" ? target.name : (target as { options?: { name?: unknown } }).options?.name;
    if (name === entity) return file;
  }
  return null;
}

/**
 * TypeORM 0.3 names an entity metadata's DataSource `connection` only; the readers of metadata
 * (entities-to-model.ts and the files it uses) read `dataSource`, as 1.x has it.
 */
function withDataSourceProperty(metadatas: readonly EntityMetadata[]): void {
  for (const metadata of metadatas) {
    const legacy = metadata as EntityMetadata & { connection?: unknown };
    if (metadata.dataSource === undefined && legacy.connection !== undefined) {
      Object.defineProperty(metadata, "dataSource", { value: legacy.connection, configurable: true });
    }
  }
}

/**
 * Builds the metadata of every entity, junction and closure table of the set, as a PostgreSQL DataSource
 * of the project's TypeORM with the set's options (naming strategy, schema, entity prefix, uuid extension)
 * would.
 *
 * @param options `indexedArgs: false` builds exactly as TypeORM alone does (slower; for comparison).
 * @throws EntityMetadataError when TypeORM rejects the definitions, naming the entity and property it
 *   concerns or saying it cannot tell; TypeormCopiesError when the entity files used another TypeORM.
 * @example
 *   const metadatas = await buildEntityMetadata(await loadEntitySet({ entities: ["src/*.ts"] }, cwd));
 *   metadatas.map((m) => m.tablePath); // ["users", "posts", "posts_tags_tags"]
 */
export async function buildEntityMetadata(
  set: EntitySet,
  options: BuildMetadataOptions = {},
): Promise<EntityMetadata[]> {
  const storage = set.typeorm.module.getMetadataArgsStorage();
  const other = otherCopyVersion(set.typeorm, storage);
  if (other !== null && other !== set.typeorm.version) throw new TypeormCopiesError(other, set.typeorm);
  const build = async (): Promise<EntityMetadata[]> => {
    const dataSource = newDataSource(set);
    await (dataSource as unknown as MetadataBuilding).buildMetadatas();
    withDataSourceProperty(dataSource.entityMetadatas);
    return [...dataSource.entityMetadatas];
  };
  try {
    if (options.indexedArgs === false) return await build();
    const which: IndexedLookups = options.indexedArgs === "all" ? "all" : "proven";
    return await withIndexedMetadataArgs(storage, build, which);
  } catch (cause) {
    const culprit = await diagnoseMetadataFailure(set.typeorm, build);
    throw new EntityMetadataError(cause, set.typeorm.version, culprit, culprit && fileOf(set, culprit.entity));
  }
}
