/**
 * One TypeORM entity (or junction/closure table) -> one raw `TableDef`, mirroring typeorm's
 * `RdbmsSchemaBuilder` + `PostgresQueryRunner.createTable`: columns in metadata order, the primary key
 * named by `primaryKeyConstraintName` or the naming strategy, and every unique, check, exclusion, foreign
 * key and index under the name the naming strategy gave it while the metadata was built.
 */
import type { EntityMetadata } from "typeorm";
import type { ForeignKeyMetadata } from "typeorm/metadata/ForeignKeyMetadata";
import type {
  CheckDef,
  EnumDef,
  ExclusionDef,
  ForeignKeyDef,
  IndexDef,
  PrimaryKeyDef,
  ReferentialAction,
  TableDef,
  UniqueDef,
} from "../model/schema-model";
import { quoteIdent } from "../model/names";
import { columnToModel, type ColumnContext } from "./column-to-model";
import { EntityDefinitionError } from "./entity-errors";
import { typeormOf } from "./project-typeorm";

export interface TableModel {
  readonly table: TableDef;
  /** Enum types the table's columns use, in column order. */
  readonly enums: readonly EnumDef[];
}

const ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  "NO ACTION": "NO ACTION",
  RESTRICT: "RESTRICT",
  CASCADE: "CASCADE",
  "SET NULL": "SET NULL",
  "SET DEFAULT": "SET DEFAULT",
  // typeorm's OnDeleteType offers "DEFAULT", which it writes as `ON DELETE DEFAULT` (a syntax error):
  // the evident meaning is SET DEFAULT.
  DEFAULT: "SET DEFAULT",
};

function referentialAction(metadata: EntityMetadata, fk: ForeignKeyMetadata, action: string | undefined): ReferentialAction {
  const mapped = ACTIONS[(action ?? "NO ACTION").toUpperCase()];
  if (!mapped) {
    throw new EntityDefinitionError(metadata.name, null, `foreign key ${fk.name} has the unknown action "${action}"`);
  }
  return mapped;
}

/** Deferrable clause as typeorm takes it: `INITIALLY IMMEDIATE` | `INITIALLY DEFERRED` | undefined. */
function deferrability(deferrable: string | undefined): { deferrable: boolean; initiallyDeferred: boolean } {
  return { deferrable: !!deferrable, initiallyDeferred: deferrable?.toUpperCase() === "INITIALLY DEFERRED" };
}

/** The primary key of `createTableSql`, named as typeorm names it (the naming strategy sees a `Table`). */
function primaryKeyOf(metadata: EntityMetadata): PrimaryKeyDef | null {
  // In table column order, as typeorm filters them from the table's columns.
  const primary = metadata.columns.filter((column) => !column.isVirtualProperty && column.isPrimary);
  if (primary.length === 0) return null;
  const names = primary.map((column) => column.databaseName);
  const given = primary[0]!.primaryKeyConstraintName;
  return {
    type: "primaryKey",
    name: given ?? primaryKeyName(metadata, names),
    columns: names,
    // TypeORM has no way to declare a deferrable primary key.
    deferrable: false,
    initiallyDeferred: false,
  };
}

/**
 * The name the naming strategy gives the primary key. TypeORM hands strategies a whole `Table`; building
 * one per entity cost 37 ms for 1,000 entities, and the default strategy reads nothing of it but the
 * name (`metadata.tablePath`, as `Table.create` sets it), so it gets the name. A strategy that replaces
 * `primaryKeyName` or `getTableName` gets the `Table`, as from TypeORM.
 */
function primaryKeyName(metadata: EntityMetadata, columns: string[]): string {
  // The classes of the TypeORM that built the metadata; metadata built by a caller's own DataSource (not
  // through buildEntityMetadata) comes from the typeorm this package resolves, its peer dependency.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DefaultNamingStrategy, Table } = typeormOf(metadata) ?? (require("typeorm") as typeof import("typeorm"));
  const strategy = metadata.dataSource.namingStrategy;
  type WithTableName = { getTableName?: unknown };
  const defaults = DefaultNamingStrategy.prototype;
  const tableNameOf = (s: object) => (s as WithTableName).getTableName;
  if (strategy.primaryKeyName === defaults.primaryKeyName && tableNameOf(strategy) === tableNameOf(defaults)) {
    return strategy.primaryKeyName(metadata.tablePath, columns);
  }
  return strategy.primaryKeyName(Table.create(metadata, metadata.dataSource.driver), columns);
}

function uniquesOf(metadata: EntityMetadata, primaryKey: PrimaryKeyDef | null): UniqueDef[] {
  const uniques: UniqueDef[] = metadata.uniques.map((unique) => ({
    type: "unique",
    name: unique.name,
    columns: unique.columns.map((column) => column.databaseName),
    ...deferrability(unique.deferrable),
  }));
  return withoutRepeatedKeys(primaryKey, uniques);
}

/**
 * PostgreSQL's CREATE TABLE builds one index for constraints that would build the same one, and creates
 * only the first of them, the primary key before any unique constraint: a unique constraint on the primary
 * key's columns (in the same order, both not deferrable), or on an earlier unique constraint's (with the
 * same deferrability), is never created by synchronize() or by TypeORM's migrations, so it is left out of
 * the model too (else every migration would add it again).
 */
function withoutRepeatedKeys(primaryKey: PrimaryKeyDef | null, uniques: readonly UniqueDef[]): UniqueDef[] {
  const kept: (PrimaryKeyDef | UniqueDef)[] = primaryKey === null ? [] : [primaryKey];
  const sameIndex = (a: PrimaryKeyDef | UniqueDef, b: UniqueDef): boolean =>
    a.columns.length === b.columns.length &&
    a.columns.every((column, i) => column === b.columns[i]) &&
    a.deferrable === b.deferrable &&
    a.initiallyDeferred === b.initiallyDeferred;
  for (const unique of uniques) if (!kept.some((earlier) => sameIndex(earlier, unique))) kept.push(unique);
  return kept.filter((constraint): constraint is UniqueDef => constraint.type === "unique");
}

function checksOf(metadata: EntityMetadata): CheckDef[] {
  return metadata.checks.map((check) => ({ type: "check", name: check.name, definition: `CHECK (${check.expression})` }));
}

function exclusionsOf(metadata: EntityMetadata): ExclusionDef[] {
  return metadata.exclusions.map((exclusion) => ({
    type: "exclusion",
    name: exclusion.name,
    definition: `EXCLUDE ${exclusion.expression}${exclusion.deferrable ? ` DEFERRABLE ${exclusion.deferrable}` : ""}`,
  }));
}

function foreignKeysOf(metadata: EntityMetadata, defaultSchema: string): ForeignKeyDef[] {
  return metadata.foreignKeys.map((fk) => ({
    type: "foreignKey",
    name: fk.name,
    columns: [...fk.columnNames],
    referencedTable: {
      schema: fk.referencedEntityMetadata.schema ?? defaultSchema,
      name: fk.referencedEntityMetadata.tableName,
    },
    referencedColumns: [...fk.referencedColumnNames],
    onDelete: referentialAction(metadata, fk, fk.onDelete),
    onUpdate: referentialAction(metadata, fk, fk.onUpdate),
    ...deferrability(fk.deferrable),
  }));
}

/** `createIndexSql`: plain column keys, `USING gist` for spatial indexes, the `where` as written. */
/** The `@Index`es of an entity (of a table, or of a materialized view) as synchronize() creates them. */
export function indexesOf(metadata: EntityMetadata): IndexDef[] {
  return metadata.indices
    .filter((index) => index.synchronize !== false)
    .map((index) => ({
      name: index.name,
      unique: index.isUnique,
      method: index.isSpatial ? "gist" : (index.type ?? "btree"),
      keys: index.columns.map((column) => ({
        expression: quoteIdent(column.databaseName),
        descending: false,
        nullsFirst: false,
        opclass: null,
        collation: null,
      })),
      include: [],
      where: index.where ? index.where : null,
      nullsNotDistinct: false,
    }));
}

/**
 * Converts the metadata of one table.
 *
 * @param defaultSchema the schema of tables whose entity names none (the DataSource's `schema`, else the
 *   database's current schema).
 */
export function tableToModel(metadata: EntityMetadata, defaultSchema: string, uuidGenerator: string): TableModel {
  const schema = metadata.schema ?? defaultSchema;
  const context: ColumnContext = { schema, tableName: metadata.tableName, uuidGenerator };
  const converted = metadata.columns
    .filter((column) => !column.isVirtualProperty)
    .map((column) => columnToModel(column, context));
  const columns = converted.map((model) => model.column);
  const primaryKey = primaryKeyOf(metadata);
  const table: TableDef = {
    schema,
    name: metadata.tableName,
    comment: metadata.comment ? metadata.comment.replace(/\u0000/g, "") : null,
    columns,
    primaryKey,
    uniques: uniquesOf(metadata, primaryKey),
    foreignKeys: foreignKeysOf(metadata, defaultSchema),
    checks: checksOf(metadata),
    exclusions: exclusionsOf(metadata),
    indexes: indexesOf(metadata),
  };
  return { table, enums: converted.flatMap((model) => (model.enumType ? [model.enumType] : [])) };
}
