/**
 * Which kinds of catalog object a comparison manages. Tables, columns, keys, indexes, enums, views,
 * schemas and extensions are always compared. The kinds below are compared only when the caller
 * manages them: a database-to-database diff manages every one (privileges only on request, as migra),
 * while entity mode manages none of them, because TypeORM entities do not describe them. A kind that is
 * not managed is never created, altered or dropped; its objects on the `from` side are still known, so
 * that whatever a migration must drop and create again (a view, a column under a trigger) brings them
 * back unchanged.
 */

/** The kinds a comparison may or may not manage. */
export type ManagedKind =
  /** Functions and procedures. */
  | "functions"
  /**
   * User-defined aggregates (`CREATE AGGREGATE`). A kind of its own: a project that manages `functions`
   * does not have its aggregates dropped along with them. Not managed, an aggregate is still dropped
   * before and created again after a support function or a type it uses that the migration drops and
   * creates again.
   */
  | "aggregates"
  /** Triggers, including INSTEAD OF and constraint triggers, and their enabled state. */
  | "triggers"
  /** Rewrite rules (`CREATE RULE`) on tables and views, other than a view's own query, and their enabled state. */
  | "rules"
  /** Extended statistics objects (`CREATE STATISTICS`) on tables, and their statistics targets. */
  | "statistics"
  /**
   * Publications (logical replication) and the tables they list, with column lists and row filters. Not
   * managed, a table's entry is still taken out and put back around a retype of a column it names or the
   * table created again.
   */
  | "publications"
  /** Row-level security: the ENABLE / FORCE flags and policies. */
  | "policies"
  /**
   * GRANT / REVOKE on tables, columns, sequences, functions, schemas, types; and `ALTER DEFAULT
   * PRIVILEGES`, compared only where both sides are databases (entities describe none).
   */
  | "privileges"
  /** Comments on objects other than tables and columns (which entities describe). */
  | "comments"
  /** Collation objects (`CREATE COLLATION`). */
  | "collations"
  /** Domains and their constraints. */
  | "domains"
  /** Composite types (`CREATE TYPE ... AS (...)`). */
  | "compositeTypes"
  /**
   * Range types (`CREATE TYPE ... AS RANGE`), with the multirange types and constructor functions
   * PostgreSQL makes for them. Entities describe none: not managed in entity mode unless asked.
   */
  | "rangeTypes"
  /** Partitions of a partitioned table (bounds, default partition, sub-partitions). */
  | "partitions"
  /** Inheritance children (`INHERITS`) and their local columns. */
  | "inheritance"
  /** UNLOGGED, storage parameters (reloptions) and the CLUSTER index (`CLUSTER ON`) of tables. */
  | "tableStorage"
  /**
   * The REPLICA IDENTITY of tables (what logical replication records of an updated or deleted row): a kind
   * of its own, so that a project that manages its tables' storage does not lose it. Not managed, or
   * managed, it is set again after the migration drops and creates again its table or the index it names.
   */
  | "replicaIdentity"
  /**
   * Options of objects entities do describe that TypeORM cannot express: a foreign key's NOT VALID or NOT
   * ENFORCED (PostgreSQL 18), a unique constraint's NULLS NOT DISTINCT, an identity column's sequence
   * options. Not managed, the database's values are kept (a NOT VALID foreign key stays NOT VALID, and is
   * re-added so when it must be recreated).
   */
  | "objectOptions"
  /**
   * Free-standing sequences: those not behind a serial or identity column (which go with their column,
   * always compared). Not managed, a sequence the other side lacks is left alone (one OWNED BY a column
   * that is dropped still goes with it, and comes back in the downgrade).
   */
  | "sequences";

/** Every kind, in a fixed order. */
export const ALL_MANAGED_KINDS: readonly ManagedKind[] = [
  "functions",
  "triggers",
  "rules",
  "statistics",
  "publications",
  "policies",
  "privileges",
  "comments",
  "collations",
  "domains",
  "compositeTypes",
  "rangeTypes",
  "partitions",
  "inheritance",
  "tableStorage",
  "replicaIdentity",
  "objectOptions",
  "sequences",
  "aggregates",
];

/** A database-to-database diff: everything but privileges (opt-in with `--with-privileges`). */
export const DATABASE_MANAGED_KINDS: ReadonlySet<ManagedKind> = new Set(
  ALL_MANAGED_KINDS.filter((kind) => kind !== "privileges"),
);

/**
 * Entity mode: TypeORM entities describe none of these kinds. A project may still ask to manage some of
 * them (the config's `manage` key): then what entities do not describe is dropped.
 */
export const ENTITY_MANAGED_KINDS: ReadonlySet<ManagedKind> = new Set();

/** Whether `value` names a kind. */
export function isManagedKind(value: unknown): value is ManagedKind {
  return typeof value === "string" && (ALL_MANAGED_KINDS as readonly string[]).includes(value);
}

/** Whether `kind` is managed under `manage` (absent: the database-to-database default). */
export function manages(manage: ReadonlySet<ManagedKind> | undefined, kind: ManagedKind): boolean {
  return (manage ?? DATABASE_MANAGED_KINDS).has(kind);
}
