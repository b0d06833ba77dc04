/**
 * The argument types of the op API (`op.addColumn(...)` in a migration file): each is the model's
 * definition with every field that has a natural default made optional, so that hand-written calls stay
 * short. The functions that turn them into the model's full definitions are in op-spec-resolvers.ts,
 * exported from here too.
 */
import type {
  CheckDef,
  ColumnDef,
  ConstraintDef,
  ExclusionDef,
  ExtensionDef,
  ForeignKeyDef,
  IndexDef,
  IndexKey,
  PrimaryKeyDef,
  UniqueDef,
} from "../model/schema-model";
import type { ColumnStorageSettings, EnumAttributeUsage, EnumUsage } from "./operation";
import type { DomainSpec } from "./table-kind-builders";

/** A table (or enum, or sequence): a bare string is a name in schema `public`. */
export type TableName = string | { readonly schema: string; readonly name: string };
/** An enum or sequence name; a bare string is a name in schema `public`. */
export type TypeName = TableName;

/** A column: `name` and `type` are required; `nullable` defaults to true, every other field to null. */
export type ColumnSpec = Pick<ColumnDef, "name" | "type"> & Partial<Omit<ColumnDef, "name" | "type">>;
/** The column a drop or an alter replaces; its name is the call's column argument. */
export type ExistingColumnSpec = Omit<ColumnSpec, "name">;

type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** `deferrable` and `initiallyDeferred` default to false. */
export type PrimaryKeySpec = Optional<Omit<PrimaryKeyDef, "type">, "deferrable" | "initiallyDeferred">;
/** `deferrable` and `initiallyDeferred` default to false. */
export type UniqueSpec = Optional<Omit<UniqueDef, "type">, "deferrable" | "initiallyDeferred">;
/** `onDelete`/`onUpdate` default to `NO ACTION`, `deferrable`/`initiallyDeferred` to false. */
export type ForeignKeySpec = Optional<
  Omit<ForeignKeyDef, "type" | "referencedTable">,
  "onDelete" | "onUpdate" | "deferrable" | "initiallyDeferred"
> & { readonly referencedTable: TableName };
/** `definition` as `pg_get_constraintdef` prints it; a bare expression is wrapped in `CHECK (...)`. */
export type CheckSpec = Omit<CheckDef, "type">;
/** `definition` as `pg_get_constraintdef` prints it: `EXCLUDE USING gist (room WITH =, during WITH &&)`. */
export type ExclusionSpec = Omit<ExclusionDef, "type">;

type Existing<S, T extends ConstraintDef["type"]> = Omit<S, "name"> & { readonly type: T };
/** The constraint a `dropConstraint` removes, tagged with its kind; its name is the call's argument. */
export type ExistingConstraintSpec =
  | Existing<PrimaryKeySpec, "primaryKey">
  | Existing<UniqueSpec, "unique">
  | Existing<ForeignKeySpec, "foreignKey">
  | Existing<CheckSpec, "check">
  | Existing<ExclusionSpec, "exclusion">;
/** A foreign key or check, tagged: the constraints that can be NOT VALID (`validateConstraint`, `invalidateConstraint`). */
export type ExistingValidatableSpec = Existing<ForeignKeySpec, "foreignKey"> | Existing<CheckSpec, "check">;

/** An index key: a bare string is an expression (or `quote_ident`ed column) with default ordering. */
export type IndexKeySpec = string | Optional<IndexKey, "descending" | "nullsFirst" | "opclass" | "collation">;
/**
 * An index. `unique` and `nullsNotDistinct` default to false, `method` to `btree`, `include` to none,
 * `where` to null. A key's `nullsFirst` defaults to its `descending` (Postgres's default ordering).
 */
export type IndexSpec = Optional<
  Omit<IndexDef, "keys">,
  "unique" | "method" | "include" | "where" | "nullsNotDistinct"
> & { readonly keys: readonly IndexKeySpec[] };
export type ExistingIndexSpec = Omit<IndexSpec, "name">;

/** A table for `createTable`; foreign keys and indexes are usually separate ops. */
export interface TableSpec {
  readonly columns: readonly ColumnSpec[];
  readonly primaryKey?: PrimaryKeySpec | null;
  readonly uniques?: readonly UniqueSpec[];
  readonly foreignKeys?: readonly ForeignKeySpec[];
  readonly checks?: readonly CheckSpec[];
  readonly exclusions?: readonly ExclusionSpec[];
  readonly indexes?: readonly IndexSpec[];
  readonly comment?: string | null;
  /** `PARTITION BY RANGE (logdate)`: the key as `pg_get_partkeydef` prints it. */
  readonly partitionBy?: string;
  /** A partition: `{ parent: "measurement", bound: "FOR VALUES FROM (...) TO (...)" }`. */
  readonly partitionOf?: { readonly parent: TableName; readonly bound: string };
  /** Inheritance parents (`INHERITS`); columns it has only from them are `inherited: true`. */
  readonly inherits?: readonly TableName[];
  readonly unlogged?: boolean;
  /** Storage parameters: `["fillfactor=70"]`. */
  readonly storageParameters?: readonly string[];
  /** `TABLESPACE "fast"`; absent: the database's default. */
  readonly tablespace?: string;
  /** A typed table's composite type (`OF person`): its columns are the type's attributes, in order. */
  readonly ofType?: TypeName;
}

/** `schema` and `version` default to null (any). */
export type ExtensionSpec = Partial<Omit<ExtensionDef, "name">>;

/** A decimal integer: a string, a safe integer number or a bigint. */
export type SequenceNumber = string | number | bigint;
/**
 * A sequence. Defaults are Postgres's own: `bigint`, increment 1, min/max the type's range (1 .. max when
 * ascending, min .. -1 when descending), start at min (ascending) or max (descending), cache 1, no cycle.
 */
export interface SequenceSpec {
  readonly dataType?: string;
  readonly start?: SequenceNumber;
  readonly increment?: SequenceNumber;
  readonly minValue?: SequenceNumber;
  readonly maxValue?: SequenceNumber;
  readonly cache?: SequenceNumber;
  readonly cycle?: boolean;
  readonly ownedBy?: { readonly table: TableName; readonly column: string } | null;
  /** UNLOGGED (PostgreSQL 15 and later); default false. */
  readonly unlogged?: boolean;
}

/** A column using an enum; `default` defaults to null and `array` to false. */
export type EnumUsageSpec = Optional<Omit<EnumUsage, "table" | "descendants">, "default" | "array"> & {
  readonly table: TableName;
  readonly descendants?: readonly { readonly table: TableName; readonly settings?: ColumnStorageSettings }[];
};

/** A domain based on an enum, rebuilt with it: its name, definition and columns. */
export interface EnumDomainSpec {
  readonly name: TypeName;
  readonly spec: DomainSpec;
  readonly usages?: readonly EnumUsageSpec[];
}

/** A composite type's attribute of an enum; `array` defaults to false. */
export interface EnumAttributeSpec {
  readonly type: TypeName;
  readonly attribute: string;
  readonly array?: boolean;
  /** Of a range type's multirange type (`alterEnum` and `alterDomain` `ranges`). */
  readonly multirange?: boolean;
  /** The columns of the composite type (or an array of it), held as text while the attribute is retyped. */
  readonly usages?: readonly EnumUsageSpec[];
}

export {
  OpArgumentError,
  toTableRef,
  requireText,
  resolveColumn,
  resolveExistingColumn,
  tablespaceOf,
  storageParametersOf,
  resolvePrimaryKey,
  resolveUnique,
  resolveForeignKey,
  resolveCheck,
  resolveExclusion,
  resolveExistingConstraint,
  resolveIndexKey,
  resolveIndex,
  statisticsTargetsOf,
  statisticsTargetsArgument,
  resolveTable,
  resolveExtension,
  resolveEnumAttribute,
  resolveEnumUsage,
} from "./op-spec-resolvers";
