/**
 * Finds and loads the user's entities: from globs of entity files, or from a module exporting a TypeORM
 * DataSource (whose options also carry the naming strategy, default schema and uuid extension that
 * decide what `synchronize()` would create).
 */
import path from "node:path";
import fg from "fast-glob";
import type { EntitySchema, NamingStrategyInterface } from "typeorm";
import { loadModule, prepareModules } from "./load-typescript";
import { DataSourceModuleError, NoEntityFilesError } from "./entity-errors";
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
}

/** File extensions TypeORM itself loads from entity globs. */
const ENTITY_EXTENSIONS: ReadonlySet<string> = new Set([".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"]);

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
function collectTargets(value: unknown, into: EntityTarget[], seen: Set<unknown>): void {
  if (seen.has(value)) return;
  seen.add(value);
  if (typeof value === "function" || hasMark(value, ENTITY_SCHEMA_MARK)) {
    into.push(value as EntityTarget);
  } else if (Array.isArray(value)) {
    for (const item of value) collectTargets(item, into, seen);
  } else if (isPlainContainer(value)) {
    for (const item of Object.values(value)) collectTargets(item, into, seen);
  }
}

function toGlobPattern(pattern: string): string {
  return process.platform === "win32" ? pattern.replace(/\\/g, "/") : pattern;
}

/** Absolute paths of the entity files the globs select, sorted so that loading order is stable. */
async function findEntityFiles(patterns: readonly string[], cwd: string): Promise<string[]> {
  const files = await fg(patterns.map(toGlobPattern), { cwd, absolute: true, onlyFiles: true, unique: true });
  return files
    .filter((file) => ENTITY_EXTENSIONS.has(path.extname(file).toLowerCase()) && !file.endsWith(".d.ts"))
    .map((file) => path.normalize(file))
    .sort();
}

async function loadFromGlobs(patterns: readonly string[], cwd: string, onProgress?: ProgressListener): Promise<EntityTarget[]> {
  const files = await findEntityFiles(patterns, cwd);
  if (files.length === 0) throw new NoEntityFilesError(patterns, cwd);
  const targets: EntityTarget[] = [];
  const seen = new Set<unknown>();
  const loading = startPhase(onProgress, "loadingEntities", { total: files.length });
  const finish = prepareModules(files, JSON.stringify({ cwd, patterns }));
  try {
    for (const [i, file] of files.entries()) {
      collectTargets(await loadModule(file), targets, seen);
      loading.advance(i + 1);
    }
  } finally {
    finish();
    loading.end();
  }
  return targets;
}

interface DataSourceLike {
  readonly options: Readonly<Record<string, unknown>> & { readonly type?: unknown };
}

function findDataSource(file: string, exports: Record<string, unknown>): DataSourceLike {
  if (hasMark(exports.default, DATA_SOURCE_MARK)) return exports.default as DataSourceLike;
  const named = Object.entries(exports).filter(([, value]) => hasMark(value, DATA_SOURCE_MARK));
  if (named.length === 1) return named[0]![1] as DataSourceLike;
  if (named.length === 0) throw new DataSourceModuleError(file, "exports no TypeORM DataSource");
  throw new DataSourceModuleError(
    file,
    `exports several DataSources (${named.map(([name]) => name).join(", ")}) and none as default`,
  );
}

async function loadFromDataSource(modulePath: string, cwd: string, onProgress?: ProgressListener): Promise<EntitySet> {
  const file = path.resolve(cwd, modulePath);
  const dataSource = findDataSource(file, await loadModule(file));
  const options = dataSource.options;
  if (options.type !== "postgres") {
    throw new DataSourceModuleError(file, `exports a DataSource of type ${JSON.stringify(options.type)}, not "postgres"`);
  }
  // `entities` is an array or an object of classes, EntitySchemas and globs; TypeORM resolves globs
  // against the working directory, which is `cwd` here.
  const listed: unknown[] = Array.isArray(options.entities)
    ? options.entities
    : isPlainContainer(options.entities)
      ? Object.values(options.entities)
      : [];
  const globs = listed.filter((item): item is string => typeof item === "string");
  const targets: EntityTarget[] = [];
  const seen = new Set<unknown>();
  for (const item of listed) if (typeof item !== "string") collectTargets(item, targets, seen);
  if (globs.length > 0) {
    for (const target of await loadFromGlobs(globs, cwd, onProgress)) collectTargets(target, targets, seen);
  }
  return {
    entities: targets,
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
 *   `{ dataSource: "src/data-source.ts" }` (a module exporting a DataSource as default or named export;
 *   glob strings in its `entities` are resolved against `cwd`, as TypeORM resolves them against the
 *   working directory).
 * @throws EntityLoadError when a file fails to load, NoEntityFilesError when the globs match nothing,
 *   DataSourceModuleError when the module exports no PostgreSQL DataSource.
 */
export async function loadEntitySet(source: EntitySource, cwd: string, onProgress?: ProgressListener): Promise<EntitySet> {
  if ("dataSource" in source) return loadFromDataSource(source.dataSource, cwd, onProgress);
  return { entities: await loadFromGlobs(source.entities, cwd, onProgress), options: {} };
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
