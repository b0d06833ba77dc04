/**
 * Finds and loads the user's entities: from globs of entity files, or from a module exporting a TypeORM
 * DataSource (whose options also carry the naming strategy, default schema and uuid extension that
 * decide what `synchronize()` would create).
 */
import fs from "node:fs";
import path from "node:path";
import type { EntitySchema, NamingStrategyInterface } from "typeorm";
import { loadModule, prepareModules } from "../loader/load-module";
import { ModuleLoadError } from "../loader/load-error";
import { DataSourceFileMissingError, DataSourceModuleError, EntityLoadError, NoEntityFilesError } from "./entity-errors";
import { resolveProjectTypeorm, type ProjectTypeorm } from "./project-typeorm";
import { noteGlob, noteRequiredModules } from "../cache/load-record";
import { findEntityFiles } from "./entity-globs";
import { startPhase, type ProgressListener } from "../progress/progress";

/** An entity class or an `EntitySchema`, as TypeORM's `entities` option accepts them. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityTarget = Function | EntitySchema<any>;

/** Where the entities come from: globs of files relative to `cwd`, or a DataSource module. */
export type EntitySource =
  | { readonly entities: readonly string[] }
  | { readonly dataSource: string };

/** The DataSource options that change the schema TypeORM creates. */
export interface EntityOptions {
  readonly namingStrategy?: NamingStrategyInterface;
  /** The DataSource's `schema`: where entities without an explicit schema go. */
  readonly schema?: string;
  readonly entityPrefix?: string;
  readonly uuidExtension?: "uuid-ossp" | "pgcrypto";
  readonly installExtensions?: boolean;
  /** Extra extensions the DataSource installs on connect. */
  readonly extensions?: readonly string[];
}

/** Loaded entities plus the options they are to be built with. */
export interface EntitySet {
  readonly entities: readonly EntityTarget[];
  readonly options: EntityOptions;
  /** The project's TypeORM, which builds the metadata. */
  readonly typeorm: ProjectTypeorm;
  /** The file each entity was found in (first export), to name it in errors. */
  readonly files: ReadonlyMap<EntityTarget, string>;
}

/** What loading collects: the targets in order, and the file of each. */
interface Collected {
  readonly targets: EntityTarget[];
  readonly files: Map<EntityTarget, string>;
  readonly seen: Set<unknown>;
}

function newCollection(): Collected {
  return { targets: [], files: new Map(), seen: new Set() };
}

const DATA_SOURCE_MARK = Symbol.for("DataSource");
const ENTITY_SCHEMA_MARK = Symbol.for("EntitySchema");

function hasMark(value: unknown, mark: symbol): boolean {
  return value !== null && typeof value === "object" && (value as Record<string, unknown>)["@instanceof"] === mark;
}

/**
 * A plain object or a module namespace. Compared structurally, not with `Object.prototype`: module
 * exports may come from another realm (jest's sandbox, vm contexts).
 */
function isPlainContainer(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * Every class and EntitySchema found in a module's exports, as TypeORM collects them: functions, inside
 * arrays and plain objects too. Non-entity classes are harmless: metadata is built only for decorated ones.
 */
function collectTargets(value: unknown, into: Collected, file: string | null): void {
  if (into.seen.has(value)) return;
  into.seen.add(value);
  if (typeof value === "function" || hasMark(value, ENTITY_SCHEMA_MARK)) {
    into.targets.push(value as EntityTarget);
    if (file !== null) into.files.set(value as EntityTarget, file);
  } else if (Array.isArray(value)) {
    for (const item of value) collectTargets(item, into, file);
  } else if (isPlainContainer(value)) {
    for (const item of Object.values(value)) collectTargets(item, into, file);
  }
}


/** An entity or DataSource module's exports; loader failures become `EntityLoadError`s. */
async function loadEntityModule(
  file: string,
  projectDir: string,
  role: EntityLoadError["role"] = "entity file",
): Promise<Record<string, unknown>> {
  try {
    return await loadModule(file, { projectDir });
  } catch (error) {
    throw error instanceof ModuleLoadError ? new EntityLoadError(error, role) : error;
  }
}

async function loadFromGlobs(patterns: readonly string[], cwd: string, into: Collected, onProgress?: ProgressListener): Promise<void> {
  const files = await findEntityFiles(patterns, cwd);
  noteGlob(cwd, patterns, files);
  if (files.length === 0) throw new NoEntityFilesError(patterns, cwd);
  noteRequiredModules(files);
  const loading = startPhase(onProgress, "loadingEntities", { total: files.length });
  const finish = prepareModules(files, JSON.stringify({ cwd, patterns }), { projectDir: cwd });
  try {
    for (const [i, file] of files.entries()) {
      collectTargets(await loadEntityModule(file, cwd), into, file);
      loading.advance(i + 1);
    }
  } finally {
    finish();
    loading.end();
  }
}

interface DataSourceLike {
  readonly options: Readonly<Record<string, unknown>> & { readonly type?: unknown };
}

/**
 * The module's exports with promises settled: TypeORM's CLI accepts a module exporting a
 * `Promise<DataSource>` (a DataSource built from asynchronously read settings). A promise that rejects
 * is reported as the module failing.
 */
async function settledExports(file: string, exports: Record<string, unknown>, configFile: string | null): Promise<Record<string, unknown>> {
  const settled: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(exports)) {
    if (!isThenable(value)) {
      settled[name] = value;
      continue;
    }
    try {
      settled[name] = await value;
    } catch (cause) {
      const why = (cause instanceof Error ? cause.message : String(cause)).replace(/\.+$/, "");
      const reason = `has an export ${JSON.stringify(name)} that is a promise which rejected: ${why}`;
      throw new DataSourceModuleError(file, reason, configFile);
    }
  }
  return settled;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

function findDataSource(file: string, exports: Record<string, unknown>, configFile: string | null): DataSourceLike {
  if (hasMark(exports.default, DATA_SOURCE_MARK)) return exports.default as DataSourceLike;
  const named = Object.entries(exports).filter(([, value]) => hasMark(value, DATA_SOURCE_MARK));
  if (named.length === 1) return named[0]![1] as DataSourceLike;
  if (named.length === 0) throw new DataSourceModuleError(file, "exports no TypeORM DataSource", configFile);
  throw new DataSourceModuleError(
    file,
    `exports several DataSources (${named.map(([name]) => name).join(", ")}) and none as default`,
    configFile,
  );
}

/**
 * The options of the PostgreSQL DataSource a module exports (see `loadEntitySet`), for its entities or
 * its connection settings. The DataSource is not initialised.
 *
 * @param configFile the config file naming the module, for the messages (null: not named)
 * @throws DataSourceFileMissingError when there is no such file, EntityLoadError when the module fails to
 *   load, DataSourceModuleError when it exports no
 *   DataSource, several, or one whose type is not "postgres"
 */
export async function loadDataSourceOptions(file: string, cwd: string, configFile: string | null = null): Promise<DataSourceLike["options"]> {
  if (!fs.existsSync(file)) throw new DataSourceFileMissingError(file, configFile);
  const exports = await settledExports(file, await loadEntityModule(file, cwd, "DataSource module"), configFile);
  const options = findDataSource(file, exports, configFile).options;
  if (options.type !== "postgres") {
    throw new DataSourceModuleError(file, `exports a DataSource of type ${JSON.stringify(options.type)}, not "postgres"`, configFile);
  }
  return options;
}

async function loadFromDataSource(
  modulePath: string,
  cwd: string,
  typeorm: ProjectTypeorm,
  onProgress?: ProgressListener,
): Promise<EntitySet> {
  const file = path.resolve(cwd, modulePath);
  noteRequiredModules([file]);
  const options = await loadDataSourceOptions(file, cwd);
  // `entities` is an array or an object of classes, EntitySchemas and globs; TypeORM resolves globs
  // against the working directory, which is `cwd` here.
  const listed: unknown[] = Array.isArray(options.entities)
    ? options.entities
    : isPlainContainer(options.entities)
      ? Object.values(options.entities)
      : [];
  const globs = listed.filter((item): item is string => typeof item === "string");
  const collected = newCollection();
  for (const item of listed) if (typeof item !== "string") collectTargets(item, collected, null);
  if (globs.length > 0) await loadFromGlobs(globs, cwd, collected, onProgress);
  return {
    entities: collected.targets,
    typeorm,
    files: collected.files,
    options: {
      namingStrategy: options.namingStrategy as NamingStrategyInterface | undefined,
      schema: options.schema as string | undefined,
      entityPrefix: options.entityPrefix as string | undefined,
      uuidExtension: options.uuidExtension as EntityOptions["uuidExtension"],
      installExtensions: options.installExtensions as boolean | undefined,
      extensions: options.extensions as readonly string[] | undefined,
    },
  };
}

/**
 * Loads the entities and the DataSource options that matter for the schema.
 *
 * @param source `{ entities: ["src/entity/*.ts"] }` (globs relative to `cwd`) or
 *   `{ dataSource: "src/data-source.ts" }` (a module exporting a DataSource, or a promise of one, as
 *   default or named export;
 *   glob strings in its `entities` are resolved against `cwd`, as TypeORM resolves them against the
 *   working directory).
 * @param cwd the project folder: globs are relative to it, and its TypeORM and TypeScript are used.
 * @throws TypeormNotFoundError or UnsupportedTypeormError when the project has no supported TypeORM,
 *   EntityLoadError when a file fails to load, NoEntityFilesError when the globs match nothing,
 *   DataSourceModuleError when the module exports no PostgreSQL DataSource.
 */
export async function loadEntitySet(source: EntitySource, cwd: string, onProgress?: ProgressListener): Promise<EntitySet> {
  const typeorm = resolveProjectTypeorm(cwd);
  if ("dataSource" in source) return loadFromDataSource(source.dataSource, cwd, typeorm, onProgress);
  const collected = newCollection();
  await loadFromGlobs(source.entities, cwd, collected, onProgress);
  return { entities: collected.targets, options: {}, typeorm, files: collected.files };
}

/**
 * Loads the entity classes and EntitySchemas only (see `loadEntitySet` for the DataSource options).
 *
 * @example
 *   const entities = await loadEntities({ entities: ["src/**\/*.entity.ts"] }, process.cwd());
 */
export async function loadEntities(source: EntitySource, cwd: string): Promise<EntityTarget[]> {
  return [...(await loadEntitySet(source, cwd)).entities];
}
