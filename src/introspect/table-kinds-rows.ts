/**
 * The rows of the catalog queries for partitioning, inheritance, storage, domains, composite types and
 * range types (`table-kinds.sql`, `domains.sql`, `composite-types.sql`, `range-types.sql`), as both
 * drivers hand them back.
 * @internal
 */

/** `table-kinds.sql`: only tables that are not plain have a row. */
export interface TableKindsRow {
  readonly schema: string;
  readonly name: string;
  /** `pg_get_partkeydef` of a partitioned table, else null. */
  readonly partition_by: string | null;
  /** `pg_get_expr(relpartbound)` of a partition, else null. */
  readonly partition_bound: string | null;
  /** The parents in `inhseqno` order (parallel arrays). */
  readonly parent_schemas: readonly string[];
  readonly parent_names: readonly string[];
  readonly unlogged: boolean;
  /** `reloptions`, sorted. */
  readonly storage_parameters: readonly string[];
  /** `relreplident`: `d`, `n`, `f` or `i`. */
  readonly replica_identity: string;
  /** The index marked as the replica identity (`indisreplident`), else null. */
  readonly replica_identity_index: string | null;
  /** The index marked for CLUSTER (`indisclustered`), else null. */
  readonly cluster_index: string | null;
  /** A partitioned table's columns its key names or reads; empty for any other table. */
  readonly partition_columns: readonly string[];
  /** A typed table's composite type (`reloftype`), else null (both). */
  readonly of_type_schema: string | null;
  readonly of_type_name: string | null;
}

/** `domains.sql`; the `check_*` arrays run in parallel, by constraint name. */
export interface DomainRow {
  readonly schema: string;
  readonly name: string;
  readonly type: string;
  readonly collation: string | null;
  readonly default_expr: string | null;
  readonly not_null: boolean;
  readonly check_names: readonly string[];
  readonly check_definitions: readonly string[];
}

/** `composite-types.sql`; the `attribute_*` arrays run in parallel, in attribute order. */
export interface CompositeTypeRow {
  readonly schema: string;
  readonly name: string;
  readonly attribute_names: readonly string[];
  readonly attribute_types: readonly string[];
  readonly attribute_collations: readonly (string | null)[];
}

/** `range-types.sql`. */
export interface RangeTypeRow {
  readonly schema: string;
  readonly name: string;
  readonly subtype: string;
  readonly opclass: string | null;
  readonly collation: string | null;
  readonly canonical: string | null;
  readonly subtype_diff: string | null;
  readonly multirange_schema: string;
  readonly multirange_name: string;
  /** `format_type` of the multirange type. */
  readonly multirange: string;
}
