/**
 * The members of a table that PostgreSQL names apart from its columns: its constraints (primary key,
 * unique, foreign key, check, exclusion) and its indexes, as the model holds them (see schema-model.ts,
 * which re-exports them, for how their texts are printed). Split out of schema-model.ts.
 */
import type { TableRef } from "./schema-model";

/** The key columns of a primary key, unique or foreign key, and its index's INCLUDE columns: every column it names. */
export function keyColumns(constraint: ConstraintDef): readonly string[] {
  if (constraint.type === "check" || constraint.type === "exclusion") return [];
  if (constraint.type === "foreignKey" || constraint.include === undefined) return constraint.columns;
  return [...constraint.columns, ...constraint.include];
}

export type ReferentialAction = "NO ACTION" | "RESTRICT" | "CASCADE" | "SET NULL" | "SET DEFAULT";

export interface PrimaryKeyDef {
  readonly type: "primaryKey";
  readonly name: string;
  readonly columns: readonly string[];
  /** Its index's `INCLUDE (...)` columns (names as they are, like `columns`); absent when none. */
  readonly include?: readonly string[];
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
  /** Its index's tablespace (`USING INDEX TABLESPACE`); absent for the database's default. */
  readonly tablespace?: string;
  /**
   * Its index's storage parameters (`WITH (fillfactor=70)`, the index's `reloptions`, in their order), which
   * `pg_get_constraintdef` does not print; absent when none. Entities never give them (managed kind
   * `tableStorage`).
   */
  readonly storageParameters?: readonly string[];
}

export interface UniqueDef {
  readonly type: "unique";
  readonly name: string;
  readonly columns: readonly string[];
  /** Its index's `INCLUDE (...)` columns (names as they are, like `columns`); absent when none. */
  readonly include?: readonly string[];
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
  /** `true` for `UNIQUE NULLS NOT DISTINCT`; absent otherwise. */
  readonly nullsNotDistinct?: boolean;
  /** Its index's tablespace (`USING INDEX TABLESPACE`); absent for the database's default. */
  readonly tablespace?: string;
  /**
   * Its index's storage parameters (`WITH (fillfactor=70)`, the index's `reloptions`, in their order), which
   * `pg_get_constraintdef` does not print; absent when none. Entities never give them (managed kind
   * `tableStorage`).
   */
  readonly storageParameters?: readonly string[];
}

export interface ForeignKeyDef {
  readonly type: "foreignKey";
  readonly name: string;
  readonly columns: readonly string[];
  readonly referencedTable: TableRef;
  readonly referencedColumns: readonly string[];
  readonly onDelete: ReferentialAction;
  /**
   * The columns `ON DELETE SET NULL (...)` / `SET DEFAULT (...)` sets (PostgreSQL 15), a subset of
   * `columns`; absent for all of them.
   */
  readonly onDeleteColumns?: readonly string[];
  readonly onUpdate: ReferentialAction;
  /** `"FULL"` for `MATCH FULL` (no column of the key null unless all are); absent for MATCH SIMPLE. */
  readonly match?: "FULL";
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
  /** `true` for a foreign key added `NOT VALID` and not validated since; absent otherwise. */
  readonly notValid?: boolean;
  /**
   * `true` for a foreign key `NOT ENFORCED` (PostgreSQL 18): its rows are never checked, and it is never
   * validated (so never `notValid` as well); absent for an enforced one.
   */
  readonly notEnforced?: true;
}

export interface CheckDef {
  readonly type: "check";
  readonly name: string;
  /** `pg_get_constraintdef` text: `CHECK ((price > (0)::numeric))`. */
  readonly definition: string;
  /**
   * `true` for a check of the table's own that it has from a parent as well: INHERIT merges a parent's
   * check into the table's of the same name, which it requires, and no statement makes it the parent's
   * only. Read from a database only; never compared (a check only inherited is the parent's, and not in
   * the table's model at all).
   */
  readonly inherited?: true;
}

export interface ExclusionDef {
  readonly type: "exclusion";
  readonly name: string;
  /**
   * `pg_get_constraintdef` text: `EXCLUDE USING gist (c WITH &&)`, with its index's storage parameters
   * (`WITH (fillfactor='80')`), which never prints the tablespace (`USING INDEX TABLESPACE`, the next field).
   */
  readonly definition: string;
  /** Its index's tablespace; absent for the database's default. */
  readonly tablespace?: string;
}

export type ConstraintDef = PrimaryKeyDef | UniqueDef | ForeignKeyDef | CheckDef | ExclusionDef;

export interface IndexKey {
  /** A column name as `quote_ident` prints it, or an expression as `pg_get_indexdef(oid, n, true)`. */
  readonly expression: string;
  readonly descending: boolean;
  /**
   * Whether nulls sort first. Postgres's default is true for DESC keys and false for ASC keys, so a key
   * with `nullsFirst === descending` prints no NULLS clause.
   */
  readonly nullsFirst: boolean;
  /** Operator class when it is not the default for the type, else null. */
  readonly opclass: string | null;
  /** Collation when it is not the column's, else null. */
  readonly collation: string | null;
}

export interface IndexDef {
  readonly name: string;
  readonly unique: boolean;
  /** Access method: `btree`, `gin`, `gist`, `hash`, `brin`, `spgist`. */
  readonly method: string;
  readonly keys: readonly IndexKey[];
  /** `INCLUDE (...)` columns, as `quote_ident` prints them (`"createdAt"`), like a key that is a column. */
  readonly include: readonly string[];
  /** Partial index predicate as `pg_get_expr(indpred)` prints it, or null. */
  readonly where: string | null;
  readonly nullsNotDistinct: boolean;
  /** Its tablespace, which `pg_get_indexdef` does not print; absent for the database's default. */
  readonly tablespace?: string;
  /**
   * Its storage parameters (`WITH (fillfactor=70, deduplicate_items=off)`, its `reloptions`, in their
   * order, which pg_dump keeps);
   * absent when none. Entities never give them (managed kind `tableStorage`).
   */
  readonly storageParameters?: readonly string[];
  /**
   * The statistics targets set on its expression columns (`ALTER INDEX ... ALTER COLUMN 2 SET STATISTICS
   * 500`), by column number (1 for its first column); absent when none (every one the default). Only an
   * expression column takes one. Entities never give them (managed kind `tableStorage`). PostgreSQL resets
   * them when it rebuilds the index for a retyped column: a migration sets them again
   * (src/compare/index-statistics.ts).
   */
  readonly statisticsTargets?: Readonly<Record<number, number>>;
  /**
   * `true` for an index a `CREATE INDEX CONCURRENTLY` left INVALID (it failed, or is still running):
   * queries do not use it (nor does a unique one enforce anything), every write still maintains it.
   * Read from a database only; it never equals a valid index, so a migration builds it again.
   */
  readonly invalid?: true;
}

/**
 * Of one table (`SchemaModel.memberReads`): by member name, the columns of the table each depends on, in
 * attribute order; a member that reads none is not listed. Indexes of plain columns and key constraints
 * name theirs and are not listed.
 */
export interface MemberReads {
  /** Checks and exclusions (through their index), by constraint name. */
  readonly constraints?: Readonly<Record<string, readonly string[]>>;
  /** Indexes with an expression key or a predicate, by index name. */
  readonly indexes?: Readonly<Record<string, readonly string[]>>;
}
