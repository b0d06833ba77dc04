/**
 * The transaction state of one run on one connection. The runner issues `BEGIN`, `COMMIT` and `ROLLBACK`
 * itself (instead of `Database.transaction`) because a migration's transaction starts lazily, at its first
 * operation, so that `op.noTransaction()` can still opt out, and because a transaction per run spans
 * several migrations. The runner holds the connection for the whole run, so nothing else interleaves.
 * @internal
 */
import type { Database } from "../db/database";
import type { CompiledStatement } from "../sql/compile";

export class RunSession {
  #open = false;
  #commitFailed = false;
  /** A statement of the open transaction failed (the migration may have caught it and gone on). */
  #statementFailed = false;

  /**
   * @param onCommit called after every COMMIT that succeeded (the runner tracks what is durable).
   */
  constructor(
    readonly db: Database,
    private readonly onCommit: () => void = () => undefined,
  ) {}

  /** Whether a transaction is open. */
  get inTransaction(): boolean {
    return this.#open;
  }

  /**
   * Whether the last transaction ended in a failed COMMIT (a deferred constraint checked there), rather
   * than in a statement before it. Reset when a transaction begins.
   */
  get commitFailed(): boolean {
    return this.#commitFailed;
  }

  async begin(): Promise<void> {
    if (this.#open) return;
    await this.db.query("BEGIN");
    this.#open = true;
    this.#commitFailed = false;
    this.#statementFailed = false;
  }

  /**
   * Commits the open transaction, if any. A failing COMMIT ends the transaction as a rollback and throws.
   * After a statement of the transaction failed, it is first checked to be alive: PostgreSQL answers COMMIT
   * of a transaction an error aborted with ROLLBACK and no error, which would lose in silence what the
   * migration did before (a migration that caught the error and went on, unless it rolled back to a
   * savepoint). Then the rollback is done, and the error that statement gets (25P02) thrown.
   */
  async commit(): Promise<void> {
    if (!this.#open) return;
    if (this.#statementFailed) {
      try {
        await this.db.query("SELECT 1");
      } catch (error) {
        await this.rollback();
        throw error;
      }
    }
    this.#open = false;
    try {
      await this.db.query("COMMIT");
    } catch (error) {
      this.#commitFailed = true;
      throw error;
    }
    this.onCommit();
  }

  /** Rolls the open transaction back, if any; never throws (a dead connection has rolled back already). */
  async rollback(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    await this.db.query("ROLLBACK").catch(() => undefined);
  }

  /**
   * Executes one statement: with its parameters through the extended protocol, without them through the
   * simple protocol (so a hand-written `op.execute` may hold several statements).
   */
  async execute(statement: CompiledStatement): Promise<void> {
    try {
      if (statement.params !== undefined && statement.params.length > 0) {
        await this.db.query(statement.sql, statement.params);
      } else {
        await this.db.exec(statement.sql);
      }
    } catch (error) {
      if (this.#open) this.#statementFailed = true;
      throw error;
    }
  }
}
