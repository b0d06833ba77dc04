/**
 * The parts of the SchemaModel for tables that are more than a list of columns and the types built from
 * other types: declarative partitioning, table inheritance, UNLOGGED and storage parameters, identity
 * sequence options, domains, composite types and range types. Every text is Postgres's own printing, as everywhere in
 * the model (src/model/schema-model.ts): `pg_get_partkeydef`, `pg_get_expr(relpartbound)`, `format_type`,
 * `pg_get_constraintdef`.
 *
 * These fields are optional on the table and column definitions and absent when they hold their plain
 * value (not partitioned, no parents, logged, no storage parameters, default sequence options), so that a
 * plain table reads the same from every source.
 */
import type { TableRef } from "./schema-model";

/** A partition: the partitioned table it belongs to and its bound. */
export interface PartitionOf {
  readonly parent: TableRef;
  /**
   * `pg_get_expr(relpartbound, oid)`: `FOR VALUES FROM ('2006-02-01') TO ('2006-03-01')`,
   * `FOR VALUES IN (1, 2)`, `FOR VALUES WITH (modulus 4, remainder 0)` or `DEFAULT`.
   */
  readonly bound: string;
}

/**
 * The sequence options of an identity column that differ from Postgres's defaults for the column's type
 * (`GENERATED ... AS IDENTITY (START WITH 10 INCREMENT BY 5)`). Numbers are decimal strings. A key is
 * present only when its value is not the default; an identity with every default has no `options`.
 */
export interface IdentityOptions {
  readonly start?: string;
  readonly increment?: string;
  readonly minValue?: string;
  readonly maxValue?: string;
  readonly cache?: string;
  readonly cycle?: boolean;
}

/** A domain's CHECK constraint. */
export interface DomainConstraintDef {
  readonly name: string;
  /** `pg_get_constraintdef`: `CHECK ((VALUE > 0))`, with ` NOT VALID` when it is not validated. */
  readonly definition: string;
}

/** `CREATE DOMAIN "s"."d" AS type [COLLATE c] [DEFAULT e] [NOT NULL] [CONSTRAINT n CHECK (...)]`. */
export interface DomainDef {
  readonly schema: string;
  readonly name: string;
  /** The base type as `format_type` prints it: `integer`, `character varying(20)`, `public.other_domain`. */
  readonly type: string;
  /** Collation when it is not the base type's default, printed as in columns; else null. */
  readonly collation: string | null;
  /** `pg_get_expr` of the domain's default, or null. */
  readonly default: string | null;
  readonly notNull: boolean;
  /** CHECK constraints, sorted by name. */
  readonly checks: readonly DomainConstraintDef[];
}

/** One attribute of a composite type, in attribute order. */
export interface CompositeAttributeDef {
  readonly name: string;
  /** `format_type` text. */
  readonly type: string;
  /** Collation when it is not the type's default, else null. */
  readonly collation: string | null;
}

/** `CREATE TYPE "s"."t" AS (a integer, b text)`: a free-standing composite type (not a table's row type). */
export interface CompositeTypeDef {
  readonly schema: string;
  readonly name: string;
  readonly attributes: readonly CompositeAttributeDef[];
}

/**
 * `CREATE TYPE "s"."r" AS RANGE (SUBTYPE = t, ...)`: a range type, and with it the multirange type, the
 * constructor functions and the cast PostgreSQL makes for it (never modelled apart: they come and go with
 * the range type). Each optional part is null where it is what PostgreSQL gives a range type without it.
 */
export interface RangeTypeDef {
  readonly schema: string;
  readonly name: string;
  /** `format_type` of the subtype: `double precision`, `public.mood`. */
  readonly subtype: string;
  /** `SUBTYPE_OPCLASS` when it is not the subtype's default B-tree operator class, printed as in indexes; else null. */
  readonly opclass: string | null;
  /** `COLLATION` when it is not the subtype's default, printed as in columns; else null (and for a subtype without one). */
  readonly collation: string | null;
  /** `CANONICAL`, as `regproc` prints it (`public.f`, qualified unless in pg_catalog); else null. */
  readonly canonical: string | null;
  /** `SUBTYPE_DIFF`, as `regproc` prints it (`float8mi`, `public.time_diff`); else null. */
  readonly subtypeDiff: string | null;
  /**
   * `MULTIRANGE_TYPE_NAME` as `format_type` prints it (`public.tr_multi`), only where it is not the name
   * PostgreSQL gives the multirange type by default (`multirangeName`); else null.
   */
  readonly multirange: string | null;
}
