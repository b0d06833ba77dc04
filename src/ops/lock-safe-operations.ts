/**
 * The operations of the lock-safe form (`autogen -m --safe`, `src/safe/`), usable by hand too:
 * validating a constraint added `NOT VALID`, filling a column's NULLs in committed batches, and building
 * an index on a partitioned table one partition at a time.
 * Kept in their own file; `operation.ts` only lists them in the union.
 */
import type { CheckDef, ForeignKeyDef, IndexDef, TableRef } from "../model/schema-model";

/**
 * `ALTER TABLE ... VALIDATE CONSTRAINT`: checks the existing rows of a foreign key or check constraint
 * added `NOT VALID`. It takes a SHARE UPDATE EXCLUSIVE lock, which does not block reads or writes, so it
 * belongs in a transaction of its own, after the one that added the constraint.
 */
export interface ValidateConstraintOp {
  readonly kind: "validateConstraint";
  readonly table: TableRef;
  readonly name: string;
  /**
   * The constraint as it was, NOT VALID, when it was not added by the same migration (a comparison whose
   * start has it NOT VALID and whose target has it validated): the downgrade makes it NOT VALID again
   * (`invalidateConstraint`). Absent, the downgrade leaves it validated (it drops the constraint through
   * the inverse of the op that added it NOT VALID).
   */
  readonly existing?: ForeignKeyDef | CheckDef;
}

/**
 * Makes a validated foreign key or check NOT VALID again, the inverse of a `validateConstraint` that
 * carries what it validated: PostgreSQL has no statement for it, so one `ALTER TABLE` drops the
 * constraint and adds it `NOT VALID` (no row is checked; the lock is held only for the catalog change).
 */
export interface InvalidateConstraintOp {
  readonly kind: "invalidateConstraint";
  readonly table: TableRef;
  /** The constraint as it becomes, NOT VALID (a foreign key's flag, a check's printed text). */
  readonly constraint: ForeignKeyDef | CheckDef;
}

/**
 * Sets `column = value` on the rows where the column is NULL, a batch of `batchPages` table pages at a
 * time, committing after each batch (a `DO` block run outside any transaction), so that no row stays
 * locked for long and no transaction grows with the table. Idempotent: a rerun after a failure only
 * fills what is still NULL. The pass repeats until no NULL is left (rows written meanwhile included).
 */
export interface BackfillColumnOp {
  readonly kind: "backfillColumn";
  readonly table: TableRef;
  readonly column: string;
  /** An SQL expression, or `DEFAULT` for the column's default. */
  readonly value: string;
  /** Table pages (8 kB each) per batch. */
  readonly batchPages: number;
}

/** How many pages a backfill batch covers by default: 200 pages is 1.6 MB of table. */
export const DEFAULT_BACKFILL_BATCH_PAGES = 200;

/**
 * An index on a partitioned table without a lock that blocks writers while it builds (PostgreSQL refuses
 * `CREATE INDEX CONCURRENTLY` there): the index is created `ON ONLY` the partitioned table (at once; it
 * starts invalid), then each partition's is built `CONCURRENTLY` and attached to it (a sub-partitioned
 * partition's created `ON ONLY` it and built the same way, one level down); the index becomes valid when
 * the last is attached. The partitions are those of the table when the op runs, read from `pg_inherits`
 * then, not when the migration was written. Runs in a step outside any transaction; a rerun after a
 * failure skips the partitions whose index is attached and drops and rebuilds an invalid index a failed
 * build left behind.
 */
export interface CreatePartitionedIndexOp {
  readonly kind: "createPartitionedIndex";
  readonly table: TableRef;
  readonly index: IndexDef;
}
