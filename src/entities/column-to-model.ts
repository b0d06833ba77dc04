/**
 * One TypeORM column -> one raw `ColumnDef` (and the enum type it needs), mirroring what typeorm's
 * `PostgresQueryRunner.buildCreateColumnSql` writes into `CREATE TABLE`: the type from
 * `PostgresDriver.normalizeType` plus length/precision/scale as `createFullType` adds them, SERIAL or
 * IDENTITY for generated columns, the default as `normalizeDefault` renders it, `uuid_generate_v4()` (or
 * `gen_random_uuid()` with `uuidExtension: "pgcrypto"`) for uuid columns, and the enum named by
 * `buildEnumName`.
 *
 * Texts are raw (valid SQL, not yet as Postgres prints them): the normaliser reads them back through the
 * server. Types use format_type's spelling where that costs nothing (`timestamp(3) without time zone`
 * rather than typeorm's `TIMESTAMP(3)`, `text[]` rather than `text array`).
 */
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";
import type { ColumnDef, ColumnIdentity, EnumDef } from "../model/schema-model";
import { quoteIdent } from "../model/names";
import { EntityDefinitionError } from "./entity-errors";
import { quoteLiteral } from "../sql/quote";

/** Where the column's table lives, as the enum name and the uuid default need it. */
export interface ColumnContext {
  readonly schema: string;
  readonly tableName: string;
  /** The uuid function typeorm's driver uses: `uuid_generate_v4()` or `gen_random_uuid()`. */
  readonly uuidGenerator: string;
}

export interface ColumnModel {
  readonly column: ColumnDef;
  /** The enum type this column needs (created before the table), or null. */
  readonly enumType: EnumDef | null;
}

/** SERIAL pseudo-types by the integer type they stand for. */
const SERIAL_TYPES: ReadonlySet<string> = new Set(["smallint", "integer", "bigint"]);

/** Types typeorm writes with a precision but never a length: `TIMESTAMP(3) WITH TIME ZONE`. */
const TIME_TYPES: Readonly<Record<string, readonly [string, string]>> = {
  "time without time zone": ["time", " without time zone"],
  "time with time zone": ["time", " with time zone"],
  "timestamp without time zone": ["timestamp", " without time zone"],
  "timestamp with time zone": ["timestamp", " with time zone"],
};

const SPATIAL_TYPES: ReadonlySet<string> = new Set(["geometry", "geography"]);

function describe(column: ColumnMetadata): [string, string] {
  return [column.entityMetadata.name, column.propertyPath];
}

function hasValue<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

/** `PostgresDriver.normalizeType`: `int` -> `integer`, `varchar` -> `character varying`, String -> ... */
function normalizedType(column: ColumnMetadata): string {
  const type = column.entityMetadata.dataSource.driver.normalizeType(column);
  if (typeof type !== "string" || type === "") {
    throw new EntityDefinitionError(...describe(column), "it has no column type PostgreSQL knows");
  }
  return type;
}

/** `createFullType` with format_type's spelling for the time types. */
function fullType(column: ColumnMetadata, type: string): string {
  const time = TIME_TYPES[type];
  if (time) return `${time[0]}${hasValue(column.precision) ? `(${column.precision})` : ""}${time[1]}`;
  if (SPATIAL_TYPES.has(type)) {
    if (hasValue(column.spatialFeatureType) && hasValue(column.srid)) {
      return `${type}(${column.spatialFeatureType},${column.srid})`;
    }
    return hasValue(column.spatialFeatureType) ? `${type}(${column.spatialFeatureType})` : type;
  }
  if (column.length) return `${type}(${column.length})`;
  if (hasValue(column.precision) && hasValue(column.scale)) return `${type}(${column.precision},${column.scale})`;
  if (hasValue(column.precision)) return `${type}(${column.precision})`;
  return type;
}

/** `buildEnumName`: the explicit `enumName`, else `<table>_<lowercased column>_enum`. */
function enumNameOf(column: ColumnMetadata, context: ColumnContext): string {
  return column.enumName ?? `${context.tableName}_${column.databaseName.toLowerCase()}_enum`;
}

const NUL_REASON = "contains a NUL character (\\u0000), which PostgreSQL cannot store in any text";

/** The default as a literal; a NUL (which no PostgreSQL text holds) is refused naming the column. */
function literal(column: ColumnMetadata, text: string): string {
  if (text.includes("\u0000")) throw new EntityDefinitionError(...describe(column), `its default ${NUL_REASON}`);
  return quoteLiteral(text);
}

/**
 * `PostgresDriver.normalizeDefault`, except that quotes inside string and array defaults are doubled
 * (typeorm writes `'it's'`, which Postgres refuses).
 */
function renderDefault(column: ColumnMetadata, type: string): string | null {
  const value = column.default;
  if (value === null || value === undefined) return null;
  if (column.isArray && Array.isArray(value)) return literal(column, `{${value.map((item) => String(item)).join(",")}}`);
  if (typeof value === "function") {
    // Raw SQL; typeorm maps CURRENT_TIMESTAMP and friends to what Postgres stores (`now()`, ...).
    return column.entityMetadata.dataSource.driver.normalizeDefault(column) ?? null;
  }
  if (type === "enum" || typeof value === "number" || typeof value === "string") return literal(column, String(value));
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "object") return literal(column, JSON.stringify(value));
  return String(value);
}

function identityOf(column: ColumnMetadata, type: string): ColumnIdentity | null {
  const strategy = column.generationStrategy as string | undefined;
  if (!column.isGenerated || strategy === "uuid") return null;
  if (strategy === "identity") return { kind: "identity", generation: column.generatedIdentity ?? "BY DEFAULT" };
  // "increment" and "rowid" become SERIAL, SMALLSERIAL or BIGSERIAL.
  if (!SERIAL_TYPES.has(type)) {
    throw new EntityDefinitionError(
      ...describe(column),
      `a generated "${strategy ?? "increment"}" column becomes SERIAL, which needs smallint, integer or ` +
        `bigint, not ${type}`,
    );
  }
  return { kind: "serial" };
}

/**
 * Converts one column; `column` must come from metadata built for a PostgreSQL DataSource.
 *
 * @example
 *   // @Column({ type: "varchar", length: 120, default: "n/a" })
 *   columnToModel(column, ctx).column
 *   // { name: "title", type: "character varying(120)", nullable: false, default: "'n/a'", ... }
 */
export function columnToModel(column: ColumnMetadata, context: ColumnContext): ColumnModel {
  const type = normalizedType(column);
  const identity = identityOf(column, type);
  let enumType: EnumDef | null = null;
  let sqlType: string;
  if (type === "enum") {
    const name = enumNameOf(column, context);
    const labels = (column.enum ?? []).map((label) => String(label));
    if (labels.some((label) => label.includes("\u0000"))) {
      throw new EntityDefinitionError(...describe(column), `an enum label ${NUL_REASON}`);
    }
    enumType = { schema: context.schema, name, labels };
    sqlType = `${quoteIdent(context.schema)}.${quoteIdent(name)}`;
  } else {
    sqlType = identity ? type : fullType(column, type);
  }
  if (column.isArray) sqlType += "[]";

  let defaultSql = renderDefault(column, type);
  if (identity && defaultSql !== null) {
    // typeorm would write both and Postgres refuses: "multiple default values specified".
    throw new EntityDefinitionError(...describe(column), `a generated column cannot also have the default ${defaultSql}`);
  }
  if (column.isGenerated && column.generationStrategy === "uuid" && !defaultSql) defaultSql = context.uuidGenerator;

  const comment = column.comment ? column.comment.replace(/\u0000/g, "") : null;
  return {
    enumType,
    column: {
      name: column.databaseName,
      type: sqlType,
      nullable: column.isNullable === true && !column.isPrimary,
      default: defaultSql,
      identity,
      generated: column.generatedType === "STORED" && column.asExpression ? column.asExpression : null,
      collation: column.collation ?? null,
      comment: comment === "" ? null : comment,
    },
  };
}
