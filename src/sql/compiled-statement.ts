/**
 * One SQL statement produced from an operation. Statements the compiler builds pass through
 * `portableStrings`, so that their string constants (the compiler's own literals and those inside
 * expressions Postgres printed) read the same whatever the session's `standard_conforming_strings`.
 * SQL the user wrote (`op.execute`) is kept exactly as written: `verbatim`.
 */
import { portableStrings } from "./portable-strings";

/** One SQL statement produced from an operation, without a trailing semicolon. */
export interface CompiledStatement {
  readonly sql: string;
  /** Bind parameters (`$1`, `$2`, ...), only for `execute` ops that pass them. */
  readonly params?: readonly unknown[];
  /**
   * False when the statement cannot run inside a transaction block: `CREATE/DROP INDEX CONCURRENTLY`.
   * (`ALTER TYPE ... ADD VALUE` can, since PostgreSQL 12: it is transactional.)
   */
  readonly transactional: boolean;
}

/** The index a `CREATE/DROP INDEX CONCURRENTLY` builds or drops. */
export interface ConcurrentIndexTarget {
  readonly schema: string;
  readonly name: string;
  readonly action: "create" | "drop";
}

// What the runner needs to know about some statements, kept beside them rather than in them, so that a
// compiled statement stays plain `{ sql, params, transactional }` data.
const CONCURRENT_INDEX = new WeakMap<CompiledStatement, ConcurrentIndexTarget>();
const RAW = new WeakSet<CompiledStatement>();
const GENERATOR = new WeakMap<CompiledStatement, StatementGenerator>();

/**
 * Marks `CREATE/DROP INDEX CONCURRENTLY` with its index, so that the runner can find an invalid index a
 * failed build left behind (and rebuild it) and resume a step that got that far.
 */
export function withConcurrentIndex(s: CompiledStatement, target: ConcurrentIndexTarget): CompiledStatement {
  CONCURRENT_INDEX.set(s, target);
  return s;
}

export function concurrentIndexOf(s: CompiledStatement): ConcurrentIndexTarget | undefined {
  return CONCURRENT_INDEX.get(s);
}

/**
 * A query whose rows are statements to run, each alone and outside any transaction, in the order of the
 * rows (`statement`; `index_schema` and `index_name` name the index of a `CREATE INDEX CONCURRENTLY`, null
 * otherwise): the work of an op that depends on what the database holds when it runs (the partitions of a
 * table). The runner runs the query again after the statements, until it returns no row.
 */
export interface StatementGenerator {
  /** The same statements for psql, which runs each of them (`\gexec`): the offline script's form. */
  readonly psql: string;
}

/** Marks a query as a `StatementGenerator` (see there). */
export function withStatementGenerator(s: CompiledStatement, generator: StatementGenerator): CompiledStatement {
  GENERATOR.set(s, generator);
  return s;
}

export function statementGeneratorOf(s: CompiledStatement): StatementGenerator | undefined {
  return GENERATOR.get(s);
}

/** Marks the statement of an `op.execute`: raw SQL, which the runner does not retry alone outside a transaction. */
export function rawStatement(s: CompiledStatement): CompiledStatement {
  RAW.add(s);
  return s;
}

export function isRawStatement(s: CompiledStatement): boolean {
  return RAW.has(s);
}

/** A statement that runs inside the migration's transaction. */
export function statement(sql: string): CompiledStatement {
  return { sql: portableStrings(sql), transactional: true };
}

/** A statement that the runner must execute outside any transaction block. */
export function nonTransactional(sql: string): CompiledStatement {
  return { sql: portableStrings(sql), transactional: false };
}

/** SQL the user wrote, run inside the migration's transaction exactly as written. */
export function verbatim(sql: string): CompiledStatement {
  return { sql, transactional: true };
}
