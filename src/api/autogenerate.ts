/**
 * Autogenerate's core: read the entities, read the database, let Postgres normalise the entity side, and
 * compare. Knows nothing of files or the command line.
 */
import type { ResolvedConfig } from "../config/config";
import { objectFilter } from "../config/filters";
import type { Database } from "../db/database";
import { findEntityFiles } from "../entities/entity-globs";
import { cachedProjectBuild, cachedNormalisation, entityCacheDirectory, type EntitySide } from "../cache/entity-model-cache";
import { cachedIntrospection } from "../cache/introspection-cache";
import { readUpToDate, storeUpToDate, upToDateFile } from "../cache/up-to-date-cache";
import { truncationWarning, type LimitedModel } from "../entities/identifier-limits";
import type { SchemaModel } from "../model/schema-model";
import { ENTITY_MANAGED_KINDS } from "../compare/managed-kinds";
import type { RenameDecider } from "./rename-candidates";
import type { Operation } from "../ops/operation";
import { UsageError } from "../errors";
import { startPhase, trackPhase, type ProgressListener } from "../progress/progress";

export interface SchemaDiff {
  /** The upgrade, in phase order. */
  readonly operations: readonly Operation[];
  /** One line per difference found, Alembic style. */
  readonly log: readonly string[];
  /** The database as it is. */
  readonly current: SchemaModel;
  /** The entities, normalised by the same Postgres. */
  readonly target: SchemaModel;
  /**
   * Warnings about the entities themselves, one paragraph each, without a prefix: two mappings of one
   * table that disagree, names longer than PostgreSQL keeps (63 bytes).
   */
  readonly warnings: readonly string[];
}

export class NoEntitiesConfiguredError extends UsageError {
  constructor(configFile: string | null) {
    super(
      `No entities are configured${configFile ? ` in ${configFile}` : " (no autogen.config.* file was found)"}: ` +
        `set "entities" to globs of your TypeORM entity files (for example ["src/entities/*.ts"]) or ` +
        `"dataSource" to a module exporting your DataSource, then run the command again.`,
    );
  }
}

/**
 * The raw entity model of a project (not yet normalised), with names as PostgreSQL stores them.
 * `onWarning` hears about mappings that disagree with each other (see src/entities/mapping-disagreements.ts).
 */
export async function readEntities(config: ResolvedConfig, onWarning?: (warning: string) => void): Promise<SchemaModel> {
  return (await readLimitedEntities(config, onWarning)).side.value.model;
}

/**
 * The raw entity model with every name truncated as PostgreSQL truncates it (63 bytes), and the list of
 * names that are.
 * @throws IdentifierCollisionError when two names become one.
 */
async function readLimitedEntities(
  config: ResolvedConfig,
  onWarning?: (warning: string) => void,
  onProgress?: ProgressListener,
): Promise<{ readonly side: EntitySide<LimitedModel, EntitySummary>; readonly identity: string | null }> {
  const source = config.dataSource
    ? { dataSource: config.dataSource }
    : config.entities.length
      ? { entities: config.entities }
      : null;
  if (!source) throw new NoEntitiesConfiguredError(config.configFile);
  const side = await cachedProjectBuild(
    entityCacheDirectory(config.projectDir),
    { projectDir: config.projectDir, source },
    async (warn) => {
      const [{ readEntityModel }, { limitIdentifiers }] = await buildingModules();
      return limitIdentifiers(
        await readEntityModel(source, config.projectDir, { defaultSchema: "public", onDisagreement: (d) => warn(d.message), onProgress }),
      );
    },
    (limited): EntitySummary => ({ schemas: limited.model.schemas, truncationWarnings: limited.truncations.map(truncationWarning) }),
    (glob) => findEntityFiles(glob.patterns, glob.cwd),
    {
      prepare: buildingModules,
      // An edited entity file is compiled in a worker while TypeORM and the other modules load.
      ahead: async (files) => (await import("../loader/load-module")).compileModulesAhead(files, { projectDir: config.projectDir }),
    },
  );
  if (onWarning) side.warnings.forEach(onWarning);
  // The entity cache's entry for this side, when it holds it (see src/cache/up-to-date-cache.ts).
  return { side, identity: side.identity };
}

/** What building the entity side loads: only then, since a cached side needs neither the loader nor TypeORM. */
function buildingModules() {
  return Promise.all([import("../entities/read-entity-model"), import("../entities/identifier-limits")]);
}

/** What a comparison needs of the entity side before it knows whether it must compare. */
interface EntitySummary {
  readonly schemas: SchemaModel["schemas"];
  readonly truncationWarnings: readonly string[];
}

/** The schemas a comparison covers: the config's, else those the entities use, else `public`. */
export function comparedSchemas(config: ResolvedConfig, entities: Pick<SchemaModel, "schemas">): string[] {
  if (config.schemas?.length) return [...config.schemas];
  return entities.schemas.length ? [...entities.schemas] : ["public"];
}

type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

function sameSchemas(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((schema, i) => schema === b[i]);
}

/**
 * Compares the project's entities with `db`.
 *
 * The introspection starts before the entity files load, on the config's schemas, else `public` (the
 * schemas the entities will most often give), so that the server reads its catalog while Node compiles
 * and runs the entity files (the entity loader yields to the event loop between files). If the entities
 * then name other schemas, that early result is dropped and the database is introspected again. Errors
 * come in the same order as before: an entity error first (after the early introspection settles), then
 * an introspection error.
 *
 * With `renames`, each created table or column that could be a renamed deleted one is put to it (see
 * `compareWithRenames`); without, a rename is a drop plus an add. `onProgress` hears the phases
 * (loadingEntities, buildingMetadata, readingCatalog, normalising, comparing).
 */
export async function diffSchema(
  config: ResolvedConfig,
  db: Database,
  renames?: RenameDecider,
  onProgress?: ProgressListener,
): Promise<SchemaDiff> {
  return (await compareProject(config, db, renames, onProgress, false)) as SchemaDiff;
}

/** What `checkSchema` gives: `diffSchema`'s result without the two models. */
export type SchemaDifferences = Pick<SchemaDiff, "operations" | "log" | "warnings">;

/**
 * `diffSchema` for `autogen check`: when the entities and the database are those of an earlier run that
 * found nothing (src/cache/up-to-date-cache.ts), it answers so without normalising or comparing.
 */
export async function checkSchema(
  config: ResolvedConfig,
  db: Database,
  renames?: RenameDecider,
  onProgress?: ProgressListener,
): Promise<SchemaDifferences> {
  return compareProject(config, db, renames, onProgress, true);
}

async function compareProject(
  config: ResolvedConfig,
  db: Database,
  renames: RenameDecider | undefined,
  onProgress: ProgressListener | undefined,
  remember: boolean,
): Promise<SchemaDiff | SchemaDifferences> {
  const guess = config.schemas?.length ? [...config.schemas] : ["public"];
  // A throwaway database's catalog state never comes back: nothing read from it is cached.
  const cacheDir = db.throwaway === true ? null : entityCacheDirectory(config.projectDir);
  // From the cache when the catalog has not changed since it was last read (src/cache/introspection-cache.ts).
  const readCatalog = (schemas: readonly string[]) =>
    trackPhase(onProgress, "readingCatalog", () => cachedIntrospection(cacheDir, db, { schemas }, async () => (await import("../introspect")).introspect(db, { schemas })));
  const early = settle(readCatalog(guess));
  let entities: EntitySide<LimitedModel, EntitySummary>;
  let entityIdentity: string | null;
  const warnings: string[] = [];
  try {
    const { side, identity } = await readLimitedEntities(config, (warning) => warnings.push(warning), onProgress);
    entities = side;
    entityIdentity = identity;
    warnings.push(...side.summary.truncationWarnings);
  } catch (error) {
    await early;
    throw error;
  }
  const schemas = comparedSchemas(config, entities.summary);
  const filter = objectFilter(config.include, config.exclude);
  const settled = await early;
  let read: Awaited<ReturnType<typeof readCatalog>>;
  if (sameSchemas(schemas, guess)) {
    if (!settled.ok) throw settled.error;
    read = settled.value;
  } else {
    read = await readCatalog(schemas);
  }
  const options = { include: filter, manage: config.manage.length === 0 ? ENTITY_MANAGED_KINDS : new Set(config.manage) };
  // Found nothing before, from these very inputs: nothing again.
  const question = { schemas, include: config.include, exclude: config.exclude, manage: [...options.manage].sort() };
  // A filter that is a function cannot be part of a key: then nothing is remembered.
  const keyable = [...config.include, ...config.exclude].every((filter) => typeof filter === "string");
  const rememberIn =
    remember && keyable && cacheDir !== null && entityIdentity !== null && read.state !== null
      ? upToDateFile(cacheDir, entityIdentity, read.state, question)
      : null;
  const known = rememberIn === null ? null : readUpToDate(rememberIn);
  if (known !== null) return { operations: [], log: known.log, warnings };
  const current = read.model;
  const input = { ...entities.value.model, schemas };
  const { model: target } = await trackPhase(onProgress, "normalising", () =>
    cachedNormalisation(cacheDir, db, input, async (model) => (await import("../normalise")).normaliseModel(db, model), read.state ?? undefined),
  );
  const comparing = startPhase(onProgress, "comparing");
  let operations: readonly Operation[];
  let log: readonly string[];
  try {
    // The comparator is loaded only here: a check whose answer is remembered never needs it.
    ({ operations, log } = renames
      ? await (await import("./renames")).compareWithRenames(current, target, options, renames)
      : (await import("../compare/compare")).compare(current, target, options));
  } finally {
    comparing.end();
  }
  // What the database has and the comparison leaves out may stand in the way: refused before anything is written.
  if (operations.length > 0) await (await import("./rule-readers")).refuseUnmodelledRuleReaders(db, operations);
  // The owners of what is dropped for good, for the downgrade that creates it again.
  if (operations.length > 0) operations = await (await import("../introspect/dropped-owners")).rememberDroppedOwners(db, operations);
  if (rememberIn !== null && operations.length === 0) storeUpToDate(rememberIn, { log });
  return { operations, log, current, target, warnings };
}
