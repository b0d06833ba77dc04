/**
 * Operations on domains, composite types, range types, partitions, inheritance, table storage, replica
 * identity and CLUSTER ON (see
 * src/model/table-kinds.ts). Part of the `Operation` union (./operation.ts); like every op, each one that
 * removes or changes something carries what it replaces, so that its inverse is derived.
 */
import type { CompositeTypeDef, DomainDef, RangeTypeDef, ReplicaIdentity, TableRef } from "../model/schema-model";
import type { EnumUsage, RangeRebuild } from "./operation";

/** A schema-qualified type name. */
interface TypeName {
  readonly schema: string;
  readonly name: string;
}

/** `CREATE DOMAIN`. */
export interface CreateDomainOp { readonly kind: "createDomain"; readonly domain: DomainDef }
/** `DROP DOMAIN`: refused by Postgres while a column uses it. */
export interface DropDomainOp {
  readonly kind: "dropDomain";
  readonly domain: TypeName;
  readonly existing?: DomainDef;
}
/**
 * `ALTER DOMAIN`: its default, NOT NULL and CHECK constraints (a changed check is dropped and added). The
 * base type and collation cannot be altered: the domain is created again, and the columns of it
 * (`usages`, as they are where the op runs: before any drop or rename) are re-cast to the new one
 * (src/sql/compile-domains.ts).
 */
export interface AlterDomainOp {
  readonly kind: "alterDomain";
  readonly from: DomainDef;
  readonly to: DomainDef;
  /** The columns of the domain (or arrays of it), re-cast when it is created again; absent when none. */
  readonly usages?: readonly EnumUsage[];
  /** The range types over the domain, rebuilt with it when it is created again; absent when none. */
  readonly ranges?: readonly RangeRebuild[];
}

/** `CREATE TYPE ... AS (...)`. */
export interface CreateCompositeTypeOp { readonly kind: "createCompositeType"; readonly type: CompositeTypeDef }
/** `DROP TYPE`: refused by Postgres while a column uses it. */
export interface DropCompositeTypeOp {
  readonly kind: "dropCompositeType";
  readonly type: TypeName;
  readonly existing?: CompositeTypeDef;
}
/**
 * `ALTER TYPE ... ADD / DROP / ALTER ATTRIBUTE`, matched by attribute name. An attribute that changes type
 * or collation while columns use the type (`usages`, never arrays of it) cannot be altered: the type is
 * rebuilt under them instead (src/sql/compile-domains.ts).
 */
export interface AlterCompositeTypeOp {
  readonly kind: "alterCompositeType";
  readonly from: CompositeTypeDef;
  readonly to: CompositeTypeDef;
  /** The columns of the type, re-cast when it is rebuilt; absent when none. */
  readonly usages?: readonly EnumUsage[];
}

/** `CREATE TYPE ... AS RANGE (...)`: PostgreSQL makes its multirange type and constructor functions with it. */
export interface CreateRangeTypeOp { readonly kind: "createRangeType"; readonly type: RangeTypeDef }
/** `DROP TYPE`, its multirange type with it: refused by Postgres while anything uses either. */
export interface DropRangeTypeOp {
  readonly kind: "dropRangeType";
  readonly type: TypeName;
  readonly existing?: RangeTypeDef;
}
/**
 * A range type whose definition changes, which no `ALTER TYPE` can do: dropped and created again under its
 * name (its owner kept), which Postgres refuses while anything uses it. The comparator emits it only for
 * a range type nothing uses (src/compare/compare-range-types.ts).
 */
export interface AlterRangeTypeOp {
  readonly kind: "alterRangeType";
  readonly from: RangeTypeDef;
  readonly to: RangeTypeDef;
}

/**
 * `ALTER TABLE parent ATTACH PARTITION table FOR VALUES ...`: the table keeps its rows, which must fit the
 * bound (Postgres checks them).
 */
export interface AttachPartitionOp {
  readonly kind: "attachPartition";
  readonly table: TableRef;
  readonly parent: TableRef;
  /** `FOR VALUES ...` or `DEFAULT`, as `pg_get_expr(relpartbound)` prints it. */
  readonly bound: string;
  /**
   * `true` when the table was a table of its own before (not a partition of this parent detached in the
   * same migration, which keeps what it had of it): the parent's checks it lacks by name are added first
   * under the parent's names, as ATTACH requires them (PostgreSQL matches checks by name, and keys,
   * indexes and foreign keys by definition, making copies of those the table lacks); its inverse is a
   * `standalone` detach.
   */
  readonly standalone?: true;
}
/** `ALTER TABLE parent DETACH PARTITION table`: the table stays, with its rows, as a table of its own. */
export interface DetachPartitionOp {
  readonly kind: "detachPartition";
  readonly table: TableRef;
  readonly parent: TableRef;
  /** The bound it had, so that it can be attached again. */
  readonly existing?: { readonly bound: string };
  /**
   * `true` when the table stands alone after it (not attached to this parent again in the same
   * migration): what the detach leaves of the parent's, made the table's own by PostgreSQL (the copies
   * of its keys, indexes and foreign keys, its checks), is dropped right after it, so that the table holds
   * what it had of its own, which is all a model describes of a table (a partition's copies go with its
   * parent's). A partition detached to be attached again keeps them for the ATTACH to take back.
   */
  readonly standalone?: true;
}

/** `ALTER TABLE table INHERIT parent`: the table must have every column of the parent already. */
export interface AddInheritanceOp { readonly kind: "addInheritance"; readonly table: TableRef; readonly parent: TableRef }
/** `ALTER TABLE table NO INHERIT parent`: the columns it had from the parent stay, as its own. */
export interface DropInheritanceOp { readonly kind: "dropInheritance"; readonly table: TableRef; readonly parent: TableRef }

/** Whether a table is UNLOGGED and its storage parameters (`reloptions`: `name=value`, sorted). */
export interface TableStorage {
  readonly unlogged: boolean;
  readonly storageParameters: readonly string[];
  /**
   * The sequences its columns own (`OWNED BY`) that are not of the table's persistence on this side, named
   * as they are when the op runs. PostgreSQL 15's `SET LOGGED` / `SET UNLOGGED` takes every owned sequence
   * along: these are set back after it. Absent when there are none.
   */
  readonly sequencesKept?: readonly TableRef[];
}
/** `ALTER TABLE ... SET LOGGED | SET UNLOGGED`, `SET (name = value)`, `RESET (name)`. */
export interface AlterTableStorageOp {
  readonly kind: "alterTableStorage";
  readonly table: TableRef;
  readonly from: TableStorage;
  readonly to: TableStorage;
}

/** A table's REPLICA IDENTITY, DEFAULT included. */
export type ReplicaIdentitySetting = "default" | ReplicaIdentity;
/**
 * `ALTER TABLE ... REPLICA IDENTITY DEFAULT | FULL | NOTHING | USING INDEX i`. One that names an index
 * in `from` goes to DEFAULT (a change to another identity is two ops): it runs before the migration drops
 * anything, and one to another identity than DEFAULT after it has created everything (phases.ts), so that
 * the index each names exists then, in the upgrade and in its derived downgrade.
 */
export interface AlterReplicaIdentityOp {
  readonly kind: "alterReplicaIdentity";
  readonly table: TableRef;
  readonly from: ReplicaIdentitySetting;
  readonly to: ReplicaIdentitySetting;
}
/**
 * `ALTER TABLE ... CLUSTER ON i` (`to` an index) or `SET WITHOUT CLUSTER` (`to` null), of a table or a
 * materialized view (`table` names either: PostgreSQL takes ALTER TABLE for both). As
 * `alterReplicaIdentity`: one that names an index in `from` goes to null, before any drop, and one that
 * names an index in `to` runs once everything is created.
 */
export interface AlterClusterOnOp {
  readonly kind: "alterClusterOn";
  readonly table: TableRef;
  readonly from: string | null;
  readonly to: string | null;
}

/**
 * `ALTER TABLE ... OF type` (`to` a composite type) or `NOT OF` (`to` null). As `alterClusterOn`: one
 * from a type goes to null, before the migration changes any column or type (PostgreSQL refuses to add,
 * drop or retype a typed table's columns, and `ALTER TYPE` on a type with typed tables without CASCADE),
 * and one to a type runs once the table's columns are final: `OF` checks that they are the type's
 * attributes, by name, type and order.
 */
export interface AlterTableOfOp {
  readonly kind: "alterTableOf";
  readonly table: TableRef;
  readonly from: TypeName | null;
  readonly to: TypeName | null;
}

export type TableKindOperation =
  | CreateDomainOp
  | DropDomainOp
  | AlterDomainOp
  | CreateCompositeTypeOp
  | DropCompositeTypeOp
  | AlterCompositeTypeOp
  | CreateRangeTypeOp
  | DropRangeTypeOp
  | AlterRangeTypeOp
  | AttachPartitionOp
  | DetachPartitionOp
  | AddInheritanceOp
  | DropInheritanceOp
  | AlterTableStorageOp
  | AlterReplicaIdentityOp
  | AlterClusterOnOp
  | AlterTableOfOp;

export type TableKindOperationKind = TableKindOperation["kind"];

/** A table over these op kinds only: spread into the exhaustive per-kind tables (compile, invert, ...). */
export type TableKindOperationTable<R> = {
  readonly [K in TableKindOperationKind]: (op: Extract<TableKindOperation, { kind: K }>) => R;
};
