/**
 * Operations: the typed, immutable steps of a migration. The comparator produces them, the renderer turns
 * them into `op.*` calls, the SQL compiler into statements, and `invert` into the downgrade.
 *
 * Every op that removes or changes something carries the state it replaces (`existing`), so its inverse is
 * derived, never guessed. Autogenerate always fills `existing`; ops built by hand in a migration file
 * through the op API may omit it, and then `invert` refuses with `IrreversibleOperationError`.
 */
import type {
  ColumnDef,
  ColumnStorage,
  ConstraintDef,
  ExtensionDef,
  IndexDef,
  SequenceDef,
  TableDef,
  TableRef,
  ViewDef,
} from "../model/schema-model";
import type { TableKindOperation } from "./table-kind-ops";

export type * from "./table-kind-ops";
import type { CatalogOperation } from "./catalog-operations";

export type * from "./catalog-operations";
import type { BackfillColumnOp, CreatePartitionedIndexOp, InvalidateConstraintOp, ValidateConstraintOp } from "./lock-safe-operations";

export type { BackfillColumnOp, CreatePartitionedIndexOp, InvalidateConstraintOp, ValidateConstraintOp } from "./lock-safe-operations";
import type { AlterEnumOp, CreateEnumOp, DropEnumOp, MoveEnumOp, RenameEnumOp } from "./enum-operations";

export type * from "./enum-operations";
export { movedEnum } from "./enum-operations";

export interface TypeRef {
  readonly schema: string;
  readonly name: string;
}

/** The parts of a column an `alterColumn` changes; an absent key is left as it is. */
export interface ColumnChanges {
  readonly type?: string;
  readonly nullable?: boolean;
  readonly default?: string | null;
  readonly identity?: ColumnDef["identity"];
  readonly generated?: string | null;
  /**
   * `true`: the generated column becomes VIRTUAL (PostgreSQL 18+); null: STORED, or not generated at all
   * when `generated` is null. PostgreSQL cannot switch a column between the two in place: it is dropped
   * and added again.
   */
  readonly virtual?: true | null;
  readonly collation?: string | null;
  readonly comment?: string | null;
  /**
   * `SET STORAGE`; null: back to the type's default, which the column's `existing` storage names
   * (PostgreSQL 15 has no `SET STORAGE DEFAULT`), or which a type change in the same op brings.
   */
  readonly storage?: ColumnStorage | null;
  /** `SET COMPRESSION pglz | lz4`; null: `SET COMPRESSION DEFAULT`. */
  readonly compression?: string | null;
  /** `SET STATISTICS n`; null: `SET STATISTICS -1` (the default). */
  readonly statisticsTarget?: number | null;
  /** `SET (name = value, ...)` and `RESET` of the options it no longer has; null: none. */
  readonly attributeOptions?: readonly string[] | null;
}

export interface CreateSchemaOp {
  readonly kind: "createSchema";
  readonly schema: string;
  /**
   * Created only where the database lacks it, and never dropped by the downgrade: `public`, which the
   * entities need and a database may have dropped, while a fresh one (where the history is replayed) has it.
   */
  readonly ifMissing?: boolean;
}
export interface DropSchemaOp { readonly kind: "dropSchema"; readonly schema: string }

export interface CreateExtensionOp { readonly kind: "createExtension"; readonly extension: ExtensionDef }
export interface DropExtensionOp {
  readonly kind: "dropExtension";
  readonly name: string;
  readonly existing?: ExtensionDef;
}
/**
 * `ALTER EXTENSION "x" UPDATE TO 'v'`. Postgres runs the update scripts the extension ships; a version
 * that no chain of scripts leads to (often an older one: few extensions ship downgrade scripts) fails.
 */
export interface AlterExtensionOp {
  readonly kind: "alterExtension";
  readonly name: string;
  readonly version: string;
  /** The extension as it was; the inverse updates back to its `version`. */
  readonly existing?: ExtensionDef;
}

/**
 * `ALTER EXTENSION "x" SET SCHEMA "to"`: the extension's objects (types, functions, operators) move with it,
 * and what uses them follows (columns name a type by its oid). Only a relocatable extension can move.
 */
export interface MoveExtensionOp {
  readonly kind: "moveExtension";
  readonly name: string;
  /** The schema it is in; the inverse moves it back there. */
  readonly from: string;
  readonly to: string;
}

export interface CreateSequenceOp { readonly kind: "createSequence"; readonly sequence: SequenceDef }
export interface DropSequenceOp {
  readonly kind: "dropSequence";
  readonly sequence: TypeRef;
  readonly existing?: SequenceDef;
}
export interface AlterSequenceOp {
  readonly kind: "alterSequence";
  readonly from: SequenceDef;
  readonly to: SequenceDef;
}

/**
 * Creates a table with its columns, primary key, unique, check and exclusion constraints. Foreign keys
 * and indexes are separate ops (`addConstraint`, `createIndex`) so that the phase order can create every
 * table before any foreign key points at it: the comparator leaves `foreignKeys` and `indexes` empty.
 */
export interface CreateTableOp {
  readonly kind: "createTable";
  readonly table: TableDef;
  /**
   * A table created again (its rows or its partitions' rows stay), after a dropTable with the same lists:
   * the serial columns that take back, by its name and with its position, the sequence that drop left.
   */
  readonly keepSequences?: readonly string[];
  /** The serial and identity columns whose new sequence goes on from the next value that drop read. */
  readonly continueSequences?: readonly string[];
}
export interface DropTableOp {
  readonly kind: "dropTable";
  readonly table: TableRef;
  /** As for createTable: without its foreign keys and indexes, which are dropped by their own ops. */
  readonly existing?: TableDef;
  /**
   * A table to be created again (see CreateTableOp): the serial columns whose sequence outlives it, released
   * first (`OWNED BY NONE`), with its position and what else draws on it (detached partitions' defaults).
   */
  readonly keepSequences?: readonly string[];
  /** The columns whose sequence goes with it, its next value read first (when the migration runs). */
  readonly continueSequences?: readonly string[];
}
/** The columns of a table created again whose sequences go on (see CreateTableOp and DropTableOp). */
export type KeptSequences = Pick<CreateTableOp, "keepSequences" | "continueSequences">;

export interface SetTableCommentOp {
  readonly kind: "setTableComment";
  readonly table: TableRef;
  readonly comment: string | null;
  readonly existing?: string | null;
}

export interface AddColumnOp {
  readonly kind: "addColumn";
  readonly table: TableRef;
  readonly column: ColumnDef;
}
export interface DropColumnOp {
  readonly kind: "dropColumn";
  readonly table: TableRef;
  readonly column: string;
  readonly existing?: ColumnDef;
  /**
   * `ALTER TABLE ONLY`: the inheritance children that have the column keep it, as a column of their own,
   * with its data (without it they lose it too, unless they define it themselves).
   */
  readonly only?: boolean;
}
export interface AlterColumnOp {
  readonly kind: "alterColumn";
  readonly table: TableRef;
  readonly column: string;
  readonly changes: ColumnChanges;
  /** Cast for a type change Postgres cannot do implicitly: `USING "col"::integer`. */
  readonly using?: string | null;
  /** The column as it was; the inverse restores every changed key from it. */
  readonly existing?: ColumnDef;
  /**
   * `ALTER TABLE ONLY`: a default or NOT NULL change that the table's inheritance children and partitions
   * do not follow (only `default` and `nullable` may change then; a type change always reaches them).
   */
  readonly only?: boolean;
  /**
   * `false`: NOT NULL is set without first giving the NULL rows the column's default (`backfillsNulls`),
   * where something else already guarantees there is none: the lock-safe form's batched backfill and
   * validated `CHECK (c IS NOT NULL)`, which make that UPDATE a full scan that finds nothing.
   */
  readonly fillNulls?: false;
  /**
   * A type change recurses to the table's partitions and inheritance children, and resets their storage
   * and compression as it does the table's: each one's settings of the column, as they are before (`from`)
   * and are to be after (`to`), set again after the type change. Absent when none has any.
   */
  readonly descendants?: readonly DescendantSettings[];
  /**
   * A partitioned table's DROP NOT NULL reaches its partitions: those (any generation) whose column is NOT
   * NULL of its own where the table's is nullable, set NOT NULL again after it. The same in the inverse
   * (a SET NOT NULL, which leaves it be: it describes the side where the table's column is nullable).
   */
  readonly notNullPartitions?: readonly TableRef[];
}
/** What an `ALTER COLUMN ... TYPE` resets: a column's storage and compression. */
export interface ColumnStorageSettings {
  readonly storage?: ColumnStorage;
  readonly compression?: string;
}
/** A partition's or inheritance child's storage and compression of a column its parent retypes. */
export interface DescendantSettings {
  readonly table: TableRef;
  readonly from: ColumnStorageSettings;
  readonly to: ColumnStorageSettings;
}
export interface RenameColumnOp {
  readonly kind: "renameColumn";
  readonly table: TableRef;
  readonly from: string;
  readonly to: string;
}
/**
 * Renames an index (or the constraint behind a primary key, unique or exclusion constraint: use
 * `renameConstraint` for those). An index whose definition is unchanged but whose name is not (a new
 * naming strategy, a renamed table's generated names) is renamed instead of rebuilt.
 */
export interface RenameIndexOp {
  readonly kind: "renameIndex";
  readonly table: TableRef;
  readonly from: string;
  readonly to: string;
}
/**
 * Changes the storage parameters of an index in place (`ALTER INDEX ... RESET (...), SET (...)`): a plain
 * index's, a materialized view's, or the one behind a primary key or unique constraint (named like it).
 * Only future pages follow a new fillfactor; nothing is rebuilt.
 */
export interface AlterIndexStorageOp {
  readonly kind: "alterIndexStorage";
  /** The table (or materialized view) the index is on: the index is in its schema. */
  readonly table: TableRef;
  readonly name: string;
  /** Its parameters before (`fillfactor=70`), for the inverse. */
  readonly from: readonly string[];
  readonly to: readonly string[];
}
/**
 * Sets the statistics targets of an index's expression columns (`ALTER INDEX ... ALTER COLUMN 2 SET
 * STATISTICS 500`), by column number; a column `to` leaves out goes back to the default (-1). Only the
 * catalog changes: the next ANALYZE samples with them.
 */
export interface AlterIndexStatisticsOp {
  readonly kind: "alterIndexStatistics";
  /** The table (or materialized view) the index is on: the index is in its schema. */
  readonly table: TableRef;
  readonly name: string;
  /** Its targets before, for the inverse. */
  readonly from: Readonly<Record<number, number>>;
  readonly to: Readonly<Record<number, number>>;
}
/** Renames a constraint (and the index behind a primary key or unique constraint with it). */
export interface RenameConstraintOp {
  readonly kind: "renameConstraint";
  readonly table: TableRef;
  readonly from: string;
  readonly to: string;
}
export interface RenameTableOp {
  readonly kind: "renameTable";
  readonly table: TableRef;
  readonly to: string;
}
/**
 * Moves a table to another schema (`ALTER TABLE ... SET SCHEMA`), then renames it there when `to` is
 * given: its rows, indexes, constraints and the sequences its columns own go with it. One op, so that
 * the table has one old and one new name for the ordering and the inverse.
 */
export interface MoveTableOp {
  readonly kind: "moveTable";
  readonly table: TableRef;
  /** The schema the table moves to. */
  readonly schema: string;
  /** Its new name, when it changes too. */
  readonly to?: string;
}

/** Where a `moveTable` puts its table. */
export function movedTable(op: MoveTableOp): TableRef {
  return { schema: op.schema, name: op.to ?? op.table.name };
}

export interface AddConstraintOp {
  readonly kind: "addConstraint";
  readonly table: TableRef;
  readonly constraint: ConstraintDef;
  /** `NOT VALID` (foreign keys and checks): existing rows are checked later, by `validateConstraint`. */
  readonly notValid?: boolean;
  /** `UNIQUE USING INDEX` / `PRIMARY KEY USING INDEX`: the constraint takes over this (concurrently built) index. */
  readonly usingIndex?: string;
}
export interface DropConstraintOp {
  readonly kind: "dropConstraint";
  readonly table: TableRef;
  readonly name: string;
  readonly existing?: ConstraintDef;
}

export interface CreateIndexOp {
  readonly kind: "createIndex";
  readonly table: TableRef;
  readonly index: IndexDef;
  /** `CREATE INDEX CONCURRENTLY`: must run outside a transaction. */
  readonly concurrently?: boolean;
}
export interface DropIndexOp {
  readonly kind: "dropIndex";
  readonly table: TableRef;
  readonly name: string;
  readonly existing?: IndexDef;
  readonly concurrently?: boolean;
}

/** Raw SQL from a hand-written migration; invertible only when the reverse SQL is given. */
export interface ExecuteOp {
  readonly kind: "execute";
  readonly sql: string;
  readonly params?: readonly unknown[];
  readonly reverseSql?: string | null;
}

/** `CREATE [MATERIALIZED] VIEW`. */
export interface CreateViewOp { readonly kind: "createView"; readonly view: ViewDef }
/** `DROP [MATERIALIZED] VIEW`; `existing` (the view's query) makes it reversible. */
export interface DropViewOp {
  readonly kind: "dropView";
  readonly view: TypeRef;
  readonly materialized: boolean;
  readonly existing?: ViewDef;
}

export type Operation =
  | CreateSchemaOp
  | DropSchemaOp
  | CreateExtensionOp
  | DropExtensionOp
  | AlterExtensionOp
  | MoveExtensionOp
  | CreateEnumOp
  | DropEnumOp
  | AlterEnumOp
  | RenameEnumOp
  | MoveEnumOp
  | CreateSequenceOp
  | DropSequenceOp
  | AlterSequenceOp
  | CreateTableOp
  | DropTableOp
  | SetTableCommentOp
  | RenameTableOp
  | MoveTableOp
  | AddColumnOp
  | DropColumnOp
  | AlterColumnOp
  | RenameColumnOp
  | RenameIndexOp
  | AlterIndexStorageOp
  | AlterIndexStatisticsOp
  | RenameConstraintOp
  | AddConstraintOp
  | DropConstraintOp
  | CreateIndexOp
  | DropIndexOp
  | CreateViewOp
  | DropViewOp
  | TableKindOperation
  | CatalogOperation
  | ExecuteOp
  | ValidateConstraintOp
  | InvalidateConstraintOp
  | BackfillColumnOp
  | CreatePartitionedIndexOp;

export type OperationKind = Operation["kind"];

/** The op of a given kind: `OperationOf<"addColumn">` is `AddColumnOp`. */
export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;

/** A table indexed by every op kind: missing a kind is a compile error. */
export type OperationTable<R> = { readonly [K in OperationKind]: (op: OperationOf<K>) => R };

/** Dispatches on `op.kind` through an exhaustive table. */
export function dispatch<R>(table: OperationTable<R>, op: Operation): R {
  return (table[op.kind] as (op: Operation) => R)(op);
}
