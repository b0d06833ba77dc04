/**
 * What lint rules look at: the lock-relevant facts of a migration, one or more per operation, whether the
 * operation was typed (`op.addColumn(...)`) or raw SQL in `op.execute(...)` (parsed by Postgres's own
 * parser, see `sql-actions.ts`). Rules never look at operations or SQL directly, so a rule covers both.
 */
export interface TableId {
  readonly schema: string;
  readonly name: string;
}

export type ConstraintKind = "foreignKey" | "check" | "unique" | "primaryKey" | "exclusion";

export type LintAction = Fact & {
  /**
   * Raw SQL inside the PL/pgSQL body of a `DO` block: Postgres runs it as a function runs its statements
   * (not at top level), all in the DO statement's transaction (unless the body commits, see `part`).
   */
  readonly inDoBlock?: true;
  /**
   * One statement of several in one `op.execute` string: the runner sends the string as one simple query,
   * which Postgres runs as one implicit transaction block, in a step without a transaction too.
   */
  readonly inScript?: true;
  /**
   * Which transaction of its `op.execute` it runs in, where the SQL ends transactions itself (a COMMIT or
   * ROLLBACK among the statements of a script, or in a DO block's body): counted in the order of the text,
   * from 0. Absent in facts of typed operations.
   */
  readonly part?: number;
  /**
   * The arms of the IF, CASE, loop and exception blocks of a DO block that it is in, outermost first (see
   * `Arm`). Absent outside DO blocks.
   */
  readonly branch?: readonly Arm[];
};

/**
 * One arm of a branch point of a DO block: an IF's THEN, ELSIF or ELSE; a CASE's WHEN or ELSE; a block's
 * statements or one of its exception handlers (which runs once the statements' work is rolled back); a
 * loop's body (one arm: it may not run). Two arms of one point never both take effect. Points are numbered
 * across all the SQL lint reads, so arms of different op.execute calls never meet.
 */
export interface Arm {
  readonly point: number;
  readonly arm: number;
}

type Fact =
  | { readonly kind: "createTable"; readonly table: TableId }
  | {
      readonly kind: "createIndex";
      readonly table: TableId;
      readonly name: string | null;
      readonly concurrently: boolean;
    }
  | { readonly kind: "dropIndex"; readonly schema: string; readonly name: string; readonly concurrently: boolean }
  /** `op.createPartitionedIndex`: `ON ONLY` the table, then each partition's built concurrently and attached. */
  | { readonly kind: "createPartitionedIndex"; readonly table: TableId; readonly name: string }
  | {
      readonly kind: "addConstraint";
      readonly table: TableId;
      readonly name: string | null;
      readonly type: ConstraintKind;
      readonly notValid: boolean;
      readonly usingIndex: boolean;
      /** For a check `(col IS NOT NULL)`: the column. */
      readonly notNullOf: string | null;
    }
  | { readonly kind: "validateConstraint"; readonly table: TableId; readonly name: string }
  | { readonly kind: "dropConstraint"; readonly table: TableId; readonly name: string }
  | { readonly kind: "setNotNull"; readonly table: TableId; readonly column: string }
  | {
      readonly kind: "addColumn";
      readonly table: TableId;
      readonly column: string;
      readonly notNull: boolean;
      /** The default expression, null without one. */
      readonly default: string | null;
      /** Identity, serial or a generated expression: values come from the column itself. */
      readonly generatesValues: boolean;
      /** A stored generated column: computed for every row, which rewrites the table. */
      readonly storedGenerated: boolean;
      /** An identity or serial column: every existing row takes a value from its sequence, which rewrites the table. */
      readonly identity: boolean;
    }
  | {
      readonly kind: "alterType";
      readonly table: TableId;
      readonly column: string;
      readonly from: string | null;
      readonly to: string;
      /** A USING expression computes the new values (more than a cast of the column): a rewrite whatever the types. */
      readonly computed: boolean;
    }
  /** A change that rewrites the table whatever the types (a generated expression, an enum rebuild). */
  | { readonly kind: "rewrite"; readonly table: TableId; readonly why: string }
  | { readonly kind: "dropColumn"; readonly table: TableId; readonly column: string }
  /** `cascade`: raw SQL's `DROP TABLE ... CASCADE`, which drops what depends on the table with it. */
  | { readonly kind: "dropTable"; readonly table: TableId; readonly cascade?: true }
  | { readonly kind: "renameColumn"; readonly table: TableId; readonly from: string; readonly to: string }
  | { readonly kind: "renameTable"; readonly table: TableId; readonly to: string }
  /** `ALTER TABLE ... SET SCHEMA`: the table keeps its name in `schema`. */
  | { readonly kind: "moveTable"; readonly table: TableId; readonly schema: string }
  | { readonly kind: "dropView"; readonly view: TableId; readonly cascade?: true }
  | { readonly kind: "addEnumValue"; readonly enum: TableId; readonly label: string }
  /** String literals an operation writes or compares with (defaults, checks, raw SQL). */
  | { readonly kind: "literals"; readonly values: readonly string[] }
  /** `SET` (`local`: `SET LOCAL`, which ends with its transaction). */
  | { readonly kind: "setting"; readonly name: string; readonly value: string | null; readonly local: boolean }
  /** Any other statement that locks a table (for the timeout rules). */
  | { readonly kind: "touchTable"; readonly table: TableId };

/** A fact with where it comes from. */
export interface LocatedAction {
  readonly action: LintAction;
  /** Line of the `op.*` call in the migration file (1-based), or null when unknown. */
  readonly line: number | null;
  /** Transaction segment: actions with the same segment run in one transaction. */
  readonly segment: string;
  /** Whether that segment is a transaction (false: each statement commits on its own). */
  readonly transactional: boolean;
  /** The statement, for raw SQL; the op kind otherwise. */
  readonly source: string;
}

export function tableKey(t: TableId): string {
  return `${t.schema}.${t.name}`;
}
