/**
 * The errors of the entity reader: a file that does not load, a DataSource module that does not export a
 * usable DataSource, entity definitions TypeORM rejects, and definitions that cannot become a schema.
 */
import { AutogenError, UsageError } from "../errors";
import type { ModuleLoadError } from "../loader/load-error";
import type { MetadataCulprit } from "./metadata-diagnosis";

/** A thrown value's message on one line, without a final period (it is embedded in a sentence). */
function messageOf(cause: unknown): string {
  return oneLine(cause instanceof Error ? cause.message || cause.name : String(cause));
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim().replace(/\.+$/, "");
}

/**
 * An entity or DataSource module failed to load (syntax error, missing import, throwing code). The
 * message names the broken file and line first (maybe a file the entity file imports), then the entity
 * file.
 */
export class EntityLoadError extends AutogenError {
  readonly file: string;
  readonly reason: string;
  constructor(
    readonly loadError: ModuleLoadError,
    /** What the file is to the entity reader. */
    readonly role: "entity file" | "DataSource module" = "entity file",
  ) {
    const selected = role === "entity file" ? " (or the entity glob that selected it)" : "";
    // How the file was run matters only for a TypeScript file: JavaScript runs as it is.
    const typescript = /\.[mc]?tsx?$/i.test(loadError.location?.file ?? loadError.file);
    const compiled = typescript ? "; entity files are compiled with the project's TypeScript as CommonJS with decorator metadata" : "";
    super(`${loadError.summary}. The ${role} could not be loaded: fix it${selected} and run the command again${compiled}.`, {
      cause: loadError,
    });
    this.file = loadError.file;
    this.reason = loadError.reason;
  }
}

/** The `entities` globs matched no file at all: comparing against an empty model would drop everything. */
export class NoEntityFilesError extends AutogenError {
  override readonly exitCode: number = 2;
  constructor(
    readonly patterns: readonly string[],
    readonly cwd: string,
  ) {
    super(
      `No entity file matches ${patterns.map((p) => JSON.stringify(p)).join(", ")} (relative to ${cwd}). ` +
        `Check the "entities" globs in the configuration: an empty entity set would make every table ` +
        `look removed.`,
    );
  }
}

/** The `dataSource` module named is no file: a wrong path, or a compiled file not built yet. */
export class DataSourceFileMissingError extends AutogenError {
  override readonly exitCode: number = 2;
  constructor(
    readonly file: string,
    readonly configFile: string | null = null,
  ) {
    const named = configFile === null ? "" : ` (the "dataSource" of ${configFile})`;
    const compiled = /\.[mc]?js$/i.test(file) ? ", or build the project first if it names a compiled file" : "";
    super(`The DataSource module ${file}${named} does not exist. Check the "dataSource" path in the configuration${compiled}.`);
  }
}

/** The `dataSource` module exports no TypeORM DataSource, or one that is not for PostgreSQL. */
export class DataSourceModuleError extends AutogenError {
  override readonly exitCode: number = 2;
  /**
   * @param configFile the config file whose `dataSource` names the module, when known
   */
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly configFile: string | null = null,
  ) {
    const named = configFile === null ? "" : ` (the "dataSource" of ${configFile})`;
    super(
      `The DataSource module ${file}${named} ${reason}. Export a TypeORM DataSource with type "postgres" (or a ` +
        `promise of one) as the default export or as a named export.`,
    );
  }
}

/**
 * TypeORM refused to build metadata for the entity set (a missing column type, an unknown relation),
 * with the entity and property it concerns when the diagnosis (metadata-diagnosis.ts) found them.
 */
export class EntityMetadataError extends AutogenError {
  constructor(
    cause: unknown,
    readonly typeormVersion: string,
    readonly culprit: MetadataCulprit | null,
    readonly file: string | null,
  ) {
    const where = culprit
      ? `It happened while TypeORM built the entity ${culprit.entity}` +
        `${culprit.property === null ? "" : `, property ${culprit.property}`}${file === null ? "" : ` (${file})`}: ` +
        `check its decorators and options, and run the command again.`
      : `pg-autogen cannot tell which entity this concerns (the failure is not inside any one entity's ` +
        `metadata); check the entity options and the DataSource settings (naming strategy, entities list).`;
    super(`TypeORM ${typeormVersion} could not build the entity metadata: ${messageOf(cause)}. ${where}${objectTypeHint(cause)}`, { cause });
  }
}

/**
 * Why a column's inferred type can be `Object`: TypeScript's decorator metadata gives it for an object
 * type, `any` or `unknown`, and for a union with `null` or `undefined` (`title: string | null`) when the
 * project compiles with `strictNullChecks` (its tsconfig's `strict`), as the loader does for such a project.
 */
function objectTypeHint(cause: unknown): string {
  if (!/Data type "Object" in "[^"]+" is not supported/.test(messageOf(cause))) return "";
  return (
    " TypeScript gives a property the type Object, which names no column type, for an object type, any or " +
    "unknown, and for a union with null or undefined (`title: string | null`) when the project compiles with " +
    'strictNullChecks (or strict) in its tsconfig.json: give the column its type, `@Column({ type: "varchar", nullable: true })`.'
  );
}

/** The entity files use another copy (another version) of TypeORM than the project's. */
export class TypeormCopiesError extends AutogenError {
  override readonly exitCode: number = 2;
  constructor(
    readonly entitiesVersion: string,
    typeorm: { readonly version: string; readonly directory: string },
  ) {
    super(
      `The entity files were loaded with TypeORM ${entitiesVersion}, but the project's TypeORM (resolved from ` +
        `the configuration's folder) is ${typeorm.version} (${typeorm.directory}). Metadata must be built by ` +
        `the TypeORM the entities use: keep one typeorm in the project, or run pg-autogen from the folder ` +
        `whose node_modules the entity files use.`,
    );
  }
}

/** An entity asks for something PostgreSQL cannot create, named by entity and property. */
export class EntityDefinitionError extends AutogenError {
  constructor(
    readonly entity: string,
    readonly property: string | null,
    readonly reason: string,
  ) {
    super(
      `The entity ${entity}${property === null ? "" : `, property ${property},`} cannot be turned into a ` +
        `PostgreSQL schema: ${reason}.`,
    );
  }
}

/**
 * Two entity objects whose names PostgreSQL would store as one (it keeps the first 63 bytes of a name):
 * the second would fail to be created, or be taken for the first. A usage error (exit code 2).
 */
export class IdentifierCollisionError extends UsageError {
  /**
   * @param first what carries the first name (`column public.t.<name>`)
   * @param second what carries the second
   * @param stored the name both become
   * @param namespace where names must be distinct (`column of table public.t`)
   */
  constructor(
    readonly first: string,
    readonly second: string,
    readonly stored: string,
    readonly namespace: string,
  ) {
    super(
      `The ${first} and the ${second} would both be stored as "${stored}": PostgreSQL keeps only the first ` +
        `63 bytes of a name, and two objects of one kind (${namespace}) cannot share a name. Give one of them ` +
        `a shorter name (@Entity({ name }), @Column({ name }), enumName, or the constraint's or index's name) ` +
        `and run the command again.`,
    );
  }
}
