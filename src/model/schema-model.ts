/**
 * The one typed model of a PostgreSQL schema that every source produces (the live catalog, TypeORM
 * entities, a replayed migration history) and that the comparator consumes without knowing where it came
 * from. All values are plain, readonly, JSON-serialisable data.
 *
 * Every text that Postgres can print for itself is stored exactly as Postgres prints it, with
 * `search_path` set to `pg_catalog` so that every non-catalog name is schema-qualified:
 * - column types as `format_type(atttypid, atttypmod)`: `character varying(255)`, `integer[]`,
 *   `public.user_role_enum`;
 * - defaults and generated expressions as `pg_get_expr`: `'pending'::character varying`, `now()`;
 * - check and exclusion constraints as `pg_get_constraintdef`: `CHECK ((price > (0)::numeric))`;
 * - index keys and predicates as `pg_get_indexdef(oid, n, true)` / `pg_get_expr(indpred)`.
 * Identifiers inside those texts are quoted the way `quote_ident` quotes them.
 *
 * The `tablespace` fields (a table's, a materialized view's, an index's, a primary key's, unique or
 * exclusion constraint's index) are absent for the database's default tablespace; entities never give one.
 * They are never compared: an object a migration drops and creates again is put back in the tablespace
 * the database being migrated has it in (src/compare/keep-tablespaces.ts).
 */

import type { CompositeTypeDef, DomainDef, PartitionOf, RangeTypeDef } from "./table-kinds";

export type {
  CompositeAttributeDef,
  CompositeTypeDef,
  DomainConstraintDef,
  DomainDef,
  IdentityOptions,
  PartitionOf,
  RangeTypeDef,
} from "./table-kinds";
import { NO_CATALOG_OBJECTS, type CatalogObjects } from "./catalog-objects";
import type { ColumnDef } from "./columns";
import type { CheckDef, ExclusionDef, ForeignKeyDef, IndexDef, MemberReads, PrimaryKeyDef, UniqueDef } from "./table-members";

export type * from "./catalog-objects";
export type * from "./columns";
export type { CatalogObjectRef } from "./object-ref";
export type * from "./table-members";

/** `"schema"."name"`: the key of every map in the model (see `qualifiedName`). */
export type QualifiedName = string;

export interface TableRef {
  readonly schema: string;
  readonly name: string;
}

/**
 * The catalog objects (functions, triggers, policies, privileges, comments, collations: see
 * catalog-objects.ts) are read from databases only; the entity reader yields none of them.
 */
export interface SchemaModel extends CatalogObjects {
  /** The schemas this model covers (the compared scope), sorted. */
  readonly schemas: readonly string[];
  /** Installed or required extensions, by extension name. */
  readonly extensions: Readonly<Record<string, ExtensionDef>>;
  readonly enums: Readonly<Record<QualifiedName, EnumDef>>;
  /** Free-standing sequences. Sequences behind serial and identity columns belong to the column. */
  readonly sequences: Readonly<Record<QualifiedName, SequenceDef>>;
  readonly tables: Readonly<Record<QualifiedName, TableDef>>;
  /** Views and materialized views (TypeORM's `@ViewEntity`). */
  readonly views: Readonly<Record<QualifiedName, ViewDef>>;
  /**
   * Entity side only: the tables of entities with `synchronize: false`, which TypeORM's schema builder
   * leaves alone. The comparison leaves them alone too (not compared, never dropped); absent when none.
   */
  readonly unsynchronizedTables?: readonly TableRef[];
  /**
   * Entity side only: the indexes an `@Index({ synchronize: false })` names, which TypeORM's schema builder
   * leaves alone: the database's index of that name is kept as it is; absent when none.
   */
  readonly unsynchronizedIndexes?: readonly { readonly table: TableRef; readonly name: string }[];
  /** Domains; absent when there are none (see table-kinds.ts). */
  readonly domains?: Readonly<Record<QualifiedName, DomainDef>>;
  /** Free-standing composite types; absent when there are none (see table-kinds.ts). */
  readonly compositeTypes?: Readonly<Record<QualifiedName, CompositeTypeDef>>;
  /** Range types; absent when there are none (see table-kinds.ts). Read from databases only. */
  readonly rangeTypes?: Readonly<Record<QualifiedName, RangeTypeDef>>;
  /**
   * What the generated columns read: table key -> generated column -> the other columns of its table
   * its expression reads, in attribute order. Database side only (pg_depend); absent on the entity side
   * and where no table in the model has a generated column. Part of no object's identity: the comparator
   * uses it to drop and re-add a generated column around a change PostgreSQL refuses while the column
   * is read by it (a column re-cast by an enum rebuild).
   */
  readonly generatedReads?: Readonly<Record<QualifiedName, Readonly<Record<string, readonly string[]>>>>;
  /**
   * The columns each partitioned table's key names or reads (table key -> columns in attribute order).
   * Database side only (pg_depend), absent where no table in the model is partitioned; part of no
   * object's identity (the key itself is `TableDef.partitionBy`). PostgreSQL refuses to retype them.
   */
  readonly partitionKeyColumns?: Readonly<Record<QualifiedName, readonly string[]>>;
  /**
   * What the checks, exclusions and indexes with an expression key or a predicate read: table key ->
   * `MemberReads` (pg_depend). Database side only, absent where none reads a column; part of no object's
   * identity. PostgreSQL drops such a member with a column it reads (src/compare/recreated-columns.ts).
   */
  readonly memberReads?: Readonly<Record<QualifiedName, MemberReads>>;
  /**
   * What the tables' column defaults, generated columns, constraints and indexes, and the domains'
   * defaults and checks, call of the model's functions: table (or domain) key -> the calls, sorted by
   * kind, name and function. Database side only
   * (pg_depend), absent where nothing calls a function of the model; part of no object's identity. The
   * comparator drops and creates them again around a function the migration drops or creates again
   * (PostgreSQL refuses to drop a function they call).
   */
  readonly functionCalls?: Readonly<Record<QualifiedName, readonly FunctionCall[]>>;
  /**
   * The event triggers (the database's, in no schema, never compared) that execute a function of the
   * model: function dependency key (`functionAnchor`) -> their names, sorted. Database side only (pg_event_trigger),
   * absent where none does; part of no object's identity. PostgreSQL refuses to drop such a function, so
   * the comparison refuses a migration that would (src/compare/event-trigger-functions.ts).
   */
  readonly eventTriggers?: Readonly<Record<string, readonly string[]>>;
  /**
   * Of the extensions whose schema differs from the other side's, by extension name: whether they can be
   * moved and what they own (src/introspect/read-extension-contents.ts). Database side only, read for a
   * database-to-database diff; part of no object's identity.
   */
  readonly extensionContents?: Readonly<Record<string, ExtensionContents>>;
}

/** What moving an extension to another schema takes along (`SchemaModel.extensionContents`). */
export interface ExtensionContents {
  /** Whether `ALTER EXTENSION ... SET SCHEMA` can move it (pg_extension.extrelocatable). */
  readonly relocatable: boolean;
  /** The names of the types, functions, operators, operator classes and families it owns in its schema, sorted. */
  readonly members: readonly string[];
  /**
   * Those of `members` that an object it does not own has too in that schema (a function of the same name,
   * another extension's operator `=`), with that object's extension, or null for none.
   */
  readonly clashes: readonly { readonly name: string; readonly extension: string | null }[];
}

/** A column default, generated column, constraint or index of a table calling a function (`functionCalls`). */
export interface FunctionCall {
  /**
   * Of a table: an index behind a constraint (an exclusion constraint's) is its constraint. Of a domain
   * (keyed by the domain's name in `functionCalls`): its default or one of its checks.
   */
  readonly kind: "default" | "generated" | "constraint" | "index" | "domainDefault" | "domainConstraint";
  /** The column, constraint or index; the domain's check, or '' for its default. */
  readonly name: string;
  /** The function called, as its dependency key: `function "s"."f"(args)` (see `functionAnchor`). */
  readonly function: string;
}

export interface ExtensionDef {
  readonly name: string;
  /** Schema the extension's objects live in; null when it does not matter (entity side). */
  readonly schema: string | null;
  /** Installed version; null when any version will do (entity side). */
  readonly version: string | null;
  /**
   * Its comment. Database side only: absent on the entity side, which describes no extension's comment,
   * and then it is not compared (src/compare/compare-extension-comments.ts).
   */
  readonly comment?: ExtensionComment;
}

/** The comment of an installed extension, and the one `CREATE EXTENSION` gave it. */
export interface ExtensionComment {
  /** `COMMENT ON EXTENSION`'s text; null: none. */
  readonly text: string | null;
  /** The comment of its control file (`pg_available_extensions`), which `CREATE EXTENSION` sets; null: none. */
  readonly controlFile: string | null;
}

/**
 * A view or materialized view. `definition` is its query as `pg_get_viewdef` prints it (without the
 * final semicolon) on the database side, and as the entity gives it until normalisation replaces it by
 * Postgres's printing.
 */
export interface ViewDef {
  readonly schema: string;
  readonly name: string;
  readonly materialized: boolean;
  readonly definition: string;
  /** Indexes of a materialized view (none for a plain view). */
  readonly indexes: readonly IndexDef[];
  /**
   * The tables and views (keys) the query reads, where known: read from the database's dependencies on
   * the database side, absent on the entity side. The functions it calls are listed too, as
   * `function "s"."f"(args)` (see `anchorKey`). Not part of a view's identity: the comparator uses it
   * to find the views a change of table, view or function forces to be dropped and created again.
   */
  readonly dependsOn?: readonly QualifiedName[];
  /**
   * The columns of the tables and views in `dependsOn` that the query reads, as `"s"."t"."c"`, and
   * `"s"."t".*` for a whole-row reference, where known (the database side). Not part of a view's identity:
   * PostgreSQL refuses to retype or drop a column a view reads, and only such a column, so a view is
   * dropped and created again around the change of a column it reads, not of any column of its tables.
   */
  readonly readsColumns?: readonly string[];
  /**
   * Its output columns in order, where known: read from the catalog on the database side, and on the
   * entity side from the temporary view Postgres made of its query (absent when the query reads what the
   * migration creates). Not part of a view's identity (the query decides them): the comparator uses them
   * to tell which comments and grants on a recreated view's columns can come back.
   */
  readonly columns?: readonly string[];
  /**
   * Its options as `name=value`, sorted: a view's `security_barrier`, `security_invoker` and
   * `check_option` (`WITH [LOCAL | CASCADED] CHECK OPTION`), a materialized view's storage parameters.
   * Read from the catalog on the database side (empty when none); absent where unknown (the entity
   * side: TypeORM's `@ViewEntity` cannot give them), and then a view created again keeps the database's.
   */
  readonly options?: readonly string[];
  /** A materialized view's tablespace; absent for the database's default (see the file comment). */
  readonly tablespace?: string;
  /**
   * A materialized view's CLUSTER index (`CLUSTER ON`, `indisclustered`), as a table's `clusterOn`: one of
   * its `indexes`; absent when none. Read from a database only. Not part of a view's identity: it changes
   * in place (src/compare/compare-replica-identity.ts), and a view created again sets it after its indexes.
   */
  readonly clusterOn?: string;
  /**
   * A plain view's column defaults (`ALTER VIEW v ALTER COLUMN c SET DEFAULT ...`: what an INSERT through
   * it, or its INSTEAD OF trigger, gets for a column it leaves out), column -> `pg_get_expr`; absent when
   * none. Read from a database only (`@ViewEntity` cannot give them): a view the entities create again
   * keeps the database's, on the columns it still has. Not part of a view's identity.
   */
  readonly columnDefaults?: Readonly<Record<string, string>>;
}

export interface EnumDef {
  readonly schema: string;
  readonly name: string;
  /** Labels in their defined order (`enumsortorder`), never alphabetical. */
  readonly labels: readonly string[];
}

export interface SequenceDef {
  readonly schema: string;
  readonly name: string;
  /** `smallint`, `integer` or `bigint`. */
  readonly dataType: string;
  /** Numbers as decimal strings: bigint does not fit a JS number. */
  readonly start: string;
  readonly increment: string;
  readonly minValue: string;
  readonly maxValue: string;
  readonly cache: string;
  readonly cycle: boolean;
  /** The column that owns the sequence (`OWNED BY`), when one does. */
  readonly ownedBy: { readonly table: TableRef; readonly column: string } | null;
  /** `true` for an UNLOGGED sequence (PostgreSQL 15 and later); absent for a logged one. */
  readonly unlogged?: true;
}

export interface TableDef {
  readonly schema: string;
  readonly name: string;
  readonly comment: string | null;
  /** In attribute order. */
  readonly columns: readonly ColumnDef[];
  readonly primaryKey: PrimaryKeyDef | null;
  readonly uniques: readonly UniqueDef[];
  readonly foreignKeys: readonly ForeignKeyDef[];
  readonly checks: readonly CheckDef[];
  readonly exclusions: readonly ExclusionDef[];
  /** Indexes that do not back a constraint (those belong to their primary key, unique or exclusion). */
  readonly indexes: readonly IndexDef[];
  /** A partitioned table's key as `pg_get_partkeydef` prints it: `RANGE (logdate)`; absent otherwise. */
  readonly partitionBy?: string;
  /** A partition's parent and bound; absent for a table that is not a partition. */
  readonly partitionOf?: PartitionOf;
  /** The parents of an inheritance child (`INHERITS`), in order; absent when it has none. */
  readonly inherits?: readonly TableRef[];
  /** `true` for an UNLOGGED table; absent for a logged one. */
  readonly unlogged?: boolean;
  /** Storage parameters (`reloptions`), sorted: `["fillfactor=70"]`; absent when there are none. */
  readonly storageParameters?: readonly string[];
  /**
   * What logical decoding records of an updated or deleted row (`REPLICA IDENTITY`, `relreplident`): FULL,
   * NOTHING, or USING INDEX the named index (of the table's unique indexes or key constraints); absent for
   * DEFAULT (the primary key). A table whose identity index was dropped reads as NOTHING, which is how
   * PostgreSQL then behaves. Read from a database only; entities cannot say it (src/compare/compare-replica-identity.ts).
   */
  readonly replicaIdentity?: ReplicaIdentity;
  /**
   * The index `CLUSTER` orders the table by when it names none (`CLUSTER ON`, `indisclustered`): one of
   * the table's indexes or key constraints; absent when none. Read from a database only, as `replicaIdentity`.
   */
  readonly clusterOn?: string;
  /**
   * Its tablespace (a partitioned table's: where its partitions go by default); absent for the database's
   * default (see the file comment), but named for a partition there whose parent is elsewhere (created
   * without one, it would go to its parent's).
   */
  readonly tablespace?: string;
  /**
   * A typed table's composite type (`CREATE TABLE ... OF type`): its columns are the type's attributes, in
   * their order, and follow the type's changes. Absent for any other table. Read from a database only;
   * entities cannot say it, and an entity-side comparison keeps it while the columns still match.
   */
  readonly ofType?: TypeRef;
}

/** A type's schema and name, as they key the model's maps. */
export interface TypeRef {
  readonly schema: string;
  readonly name: string;
}

/** A table's REPLICA IDENTITY other than DEFAULT (see `TableDef.replicaIdentity`). */
export type ReplicaIdentity = "full" | "nothing" | { readonly index: string };

/**
 * Tables that tools keep for their own bookkeeping, in any schema: the runner's version table and its
 * checksum table, and TypeORM's `typeorm_metadata` (created for views and generated columns). No reader
 * puts them into a model and no comparison touches them.
 */
export const TOOL_OWNED_TABLES: ReadonlySet<string> = new Set([
  "autogen_version",
  "autogen_checksums",
  // The progress of migrations run in steps (src/runner/step-progress.ts).
  "autogen_version_steps",
  "typeorm_metadata",
]);

/** Whether a table of this name (in any schema) belongs to a tool, see `TOOL_OWNED_TABLES`. */
export function isToolOwnedTable(name: string): boolean {
  return TOOL_OWNED_TABLES.has(name);
}

export const EMPTY_MODEL: SchemaModel = Object.freeze({
  schemas: [],
  extensions: {},
  enums: {},
  sequences: {},
  tables: {},
  views: {},
  ...NO_CATALOG_OBJECTS,
});
