/**
 * The errors of the entity reader: a file that does not load, a DataSource module that does not export a
 * usable DataSource, entity definitions TypeORM rejects, and definitions that cannot become a schema.
 */
import { AutogenError, UsageError } from "../errors";

/** A thrown value's message on one line, without a final period (it is embedded in a sentence). */
function messageOf(cause: unknown): string {
  return oneLine(cause instanceof Error ? cause.message || cause.name : String(cause));
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim().replace(/\.+$/, "");
}

/** An entity, DataSource or config module failed to load (syntax error, missing import, throwing code). */
export class EntityLoadError extends AutogenError {
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Could not load ${file}: ${oneLine(reason)}. Fix the file (or the glob that ` +
        `selected it) and run the command again; entity files are compiled with TypeScript's own ` +
        `transpiler as CommonJS with decorator metadata.`,
      options,
    );
  }

  /** Wraps whatever a module threw while loading. */
  static fromCause(file: string, cause: unknown): EntityLoadError {
    return cause instanceof EntityLoadError ? cause : new EntityLoadError(file, messageOf(cause), { cause });
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

/** The `dataSource` module exports no TypeORM DataSource, or one that is not for PostgreSQL. */
export class DataSourceModuleError extends AutogenError {
  override readonly exitCode: number = 2;
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(
      `The DataSource module ${file} ${reason}. Export a TypeORM DataSource with type "postgres" as the ` +
        `default export or as a named export.`,
    );
  }
}

/** TypeORM refused to build metadata for the entity set (a missing column type, an unknown relation). */
export class EntityMetadataError extends AutogenError {
  constructor(cause: unknown) {
    super(
      `TypeORM rejected the entity definitions: ${messageOf(cause)}. Fix the ` +
        `entity it names and run the command again.`,
      { cause },
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
