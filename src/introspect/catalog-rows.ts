/**
 * The rows each catalog query in `sql/` returns, exactly as both drivers (`pg` and PGlite) hand them
 * back: every column is cast to `text`, `int4`, `boolean` or `text[]` in the SQL.
 * @internal
 */
import type { CompositeTypeRow, DomainRow, RangeTypeRow, TableKindsRow } from "./table-kinds-rows";

export type { CompositeTypeRow, DomainRow, RangeTypeRow, TableKindsRow } from "./table-kinds-rows";
import type { CatalogObjectRows } from "./catalog-object-rows";

/** `schemas.sql`: one row. */
export interface SchemasRow {
  readonly server_version: number;
  /** Requested schemas that exist and may be read, sorted. */
  readonly readable: readonly string[];
  /** Requested schemas that exist but are system schemas. */
  readonly system: readonly string[];
}

/** `extensions.sql` */
export interface ExtensionRow {
  readonly name: string;
  readonly schema: string;
  readonly version: string;
  readonly comment: string | null;
  readonly control_comment: string | null;
}

/** `enums.sql` */
export interface EnumRow {
  readonly schema: string;
  readonly name: string;
  readonly labels: readonly string[];
}

/** `sequences.sql` */
export interface SequenceRow {
  readonly schema: string;
  readonly name: string;
  readonly data_type: string;
  readonly start: string;
  readonly increment: string;
  readonly min_value: string;
  readonly max_value: string;
  readonly cache: string;
  readonly cycle: boolean;
  /** UNLOGGED (`relpersistence = 'u'`, PostgreSQL 15 and later). */
  readonly unlogged: boolean;
  /** `a` (OWNED BY), `i` (identity column), or null when no column owns the sequence. */
  readonly owner_kind: string | null;
  readonly owner_schema: string | null;
  readonly owner_table: string | null;
  readonly owner_column: string | null;
}

/** `tables.sql` */
export interface TableRow {
  readonly schema: string;
  readonly name: string;
  readonly comment: string | null;
  /** Its tablespace; null for the database's default. */
  readonly tablespace: string | null;
}

/** `columns.sql`, in no particular order. */
export interface ColumnRow {
  readonly table_schema: string;
  readonly table_name: string;
  /** `attnum`: the column's place in its table. */
  readonly position: number;
  readonly name: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly default_expr: string | null;
  /** `''`, `s` (stored) or `v` (virtual, PostgreSQL 18). */
  readonly generated_kind: string;
  /** `''`, `a` (ALWAYS) or `d` (BY DEFAULT). */
  readonly identity_kind: string;
  readonly collation: string | null;
  readonly comment: string | null;
  readonly serial_sequence_schema: string | null;
  readonly serial_sequence_name: string | null;
  /** The column comes only from a parent (an inheritance child's non-local column, a partition's column). */
  readonly inherited: boolean;
  /** A generated column's: the other columns of its table its expression reads; else null. */
  readonly generated_reads: string[] | null;
  /** `attstorage` when it is not the type's `typstorage` (p, m, e, x), else null; `type_storage` then. */
  readonly storage: string | null;
  readonly type_storage: string | null;
  /** `attcompression`: p (pglz), l (lz4), else null. */
  readonly compression: string | null;
  /** `attstattarget` when set (not -1 or NULL), else null. */
  readonly statistics_target: number | null;
  /** `attoptions`, sorted, else null. */
  readonly attribute_options: string[] | null;
}

/** `constraints.sql` */
export interface ConstraintRow {
  readonly table_schema: string;
  readonly table_name: string;
  readonly name: string;
  /** `p`, `u`, `f`, `c` or `x`; `n` for a NOT NULL that is NOT VALID (PostgreSQL 18). */
  readonly type: string;
  /** Key column names in key order: primary keys, uniques, foreign keys and NOT NULLs only (empty otherwise). */
  readonly columns: readonly string[];
  readonly ref_schema: string | null;
  readonly ref_table: string | null;
  readonly ref_columns: readonly string[];
  /** Foreign key action letters (`a`, `r`, `c`, `n`, `d`); a blank for other constraint kinds. */
  readonly on_update: string;
  readonly on_delete: string;
  /** A foreign key's `confmatchtype`: `f` (FULL), `s` (SIMPLE), `p` (PARTIAL); null for other kinds. */
  readonly match_type: string | null;
  /** The columns a foreign key's ON DELETE SET NULL / SET DEFAULT (...) sets, in order; null for all of them. */
  readonly on_delete_columns: string[] | null;
  readonly deferrable: boolean;
  readonly initially_deferred: boolean;
  /**
   * `pg_get_constraintdef`: of checks and exclusions, and of keys not validated or not on a btree index
   * (where PostgreSQL 18 may print NOT ENFORCED, WITHOUT OVERLAPS or PERIOD); else null.
   */
  readonly definition: string | null;
  /** `convalidated`. */
  readonly validated: boolean;
  /** A unique constraint's `UNIQUE NULLS NOT DISTINCT`. */
  readonly nulls_not_distinct: boolean;
  /** The tablespace of a primary key's, unique or exclusion constraint's index; null for the database's default. */
  readonly tablespace: string | null;  /** The INCLUDE columns of a primary key's or unique constraint's index, in order; null for none and other kinds. */
  readonly include_columns: string[] | null;
  /** The storage parameters of a primary key's or unique constraint's index, in order; null for none and other kinds. */
  readonly storage_parameters: string[] | null;
  /** A check of the table's own that it also has from a parent (`coninhcount` > 0). */
  readonly also_inherited: boolean;
  /** The columns a check or exclusion (its index) depends on, in attribute order; null for other kinds. */
  readonly reads: string[] | null;
}

/** `indexes.sql`; the `key_*` arrays run in parallel over the key columns. */
export interface IndexRow {
  readonly table_schema: string;
  readonly table_name: string;
  readonly name: string;
  readonly is_unique: boolean;
  readonly method: string;
  readonly key_expressions: readonly string[];
  /** `indoption` bits as decimal text. */
  readonly key_options: readonly string[];
  readonly key_opclasses: readonly (string | null)[];
  readonly key_collations: readonly (string | null)[];
  readonly include_columns: readonly string[];
  readonly predicate: string | null;
  readonly nulls_not_distinct: boolean;
  /** Its tablespace; null for the database's default. */
  readonly tablespace: string | null;  /** NOT `indisvalid`: left INVALID by a CREATE INDEX CONCURRENTLY that failed (or is still running). */
  readonly invalid: boolean;
  /** Its storage parameters (reloptions), in their order; empty for none. */
  readonly storage_parameters: string[];
  /** The statistics targets set on its columns, flat pairs `[column number, target, ...]`; empty for none. */
  readonly statistics_targets: number[];
  /** The columns an index with an expression key or a predicate depends on, in attribute order; null for other indexes. */
  readonly reads: string[] | null;
}

/** `views.sql` */
export interface ViewRow {
  readonly schema: string;
  readonly name: string;
  readonly materialized: boolean;
  readonly definition: string;
  readonly depends_on: readonly string[];
  readonly reads_columns: readonly string[];
  readonly columns: readonly string[];
  readonly options: readonly string[];
  /** A materialized view's tablespace; null for the database's default (and for a view). */
  readonly tablespace: string | null;
  /** A materialized view's CLUSTER index; null for none (and for a view). */
  readonly cluster_index: string | null;
  /** The columns that have a default (a plain view's), in column order, and those defaults, in the same order. */
  readonly default_columns: readonly string[];
  readonly default_expressions: readonly string[];
}

/** Everything one introspection reads, one array per query. */
export interface CatalogRows extends CatalogObjectRows {
  readonly schemas: SchemasRow;
  readonly extensions: readonly ExtensionRow[];
  readonly enums: readonly EnumRow[];
  readonly sequences: readonly SequenceRow[];
  readonly tables: readonly TableRow[];
  readonly columns: readonly ColumnRow[];
  readonly constraints: readonly ConstraintRow[];
  readonly indexes: readonly IndexRow[];
  readonly views: readonly ViewRow[];
  readonly tableKinds: readonly TableKindsRow[];
  readonly domains: readonly DomainRow[];
  readonly compositeTypes: readonly CompositeTypeRow[];
  readonly rangeTypes: readonly RangeTypeRow[];
}
