/**
 * The runner's errors. Each names the revision and migration file involved and says what state the
 * database was left in, in one paragraph.
 */
import { AutogenError, UsageError } from "../errors";
import type { Direction } from "../revision/plan";
import { describeRevision, quoteIds, type RevisionRef } from "../revision/revision";

/** What Postgres reported for a failing statement (the fields of a `pg` DatabaseError that matter). */
export interface PostgresFailure {
  readonly message: string;
  /** SQLSTATE, e.g. `42P07`; null when the error did not come from the server. */
  readonly code: string | null;
  readonly detail: string | null;
  readonly hint: string | null;
}

/**
 * A migration's upgrade or downgrade failed. The runner returns it in its result set instead of throwing
 * half-way; `heads` is where the database was left.
 */
export class MigrationFailedError extends AutogenError {
  constructor(
    readonly revision: RevisionRef,
    readonly direction: Direction,
    /** The SQL statement that failed, or null when the migration failed outside SQL (a JavaScript error). */
    readonly statement: string | null,
    readonly failure: PostgresFailure,
    /** The version table's rows after the failure. */
    readonly heads: readonly string[],
    /** How much of the migration may remain applied (see `describeAftermath`); `steps`: a stepped migration. */
    readonly aftermath: "rolledBack" | "partial" | "steps",
    options?: {
      cause?: unknown;
      transactionPerRun?: boolean;
      steps?: StepsAftermath;
      /** The migrations before it that the same rollback undid (`transactionPerRun`), in run order. */
      rolledBackWith?: readonly string[];
      /**
       * The failure came at the COMMIT of the run's transaction (`transactionPerRun`), which held these
       * migrations (in run order): any of them may have caused it, so the message blames none.
       */
      runCommit?: readonly string[];
      /** The migration caught `failure` and went on, and PostgreSQL refused its next statement (25P02). */
      caught?: boolean;
    },
  ) {
    const what = direction === "up" ? "upgrade" : "downgrade";
    const code = failure.code === null ? "" : ` (SQLSTATE ${failure.code})`;
    const detail = failure.detail === null ? "" : ` Detail: ${failure.detail}`;
    const hint = failure.hint === null ? "" : ` Hint: ${failure.hint}`;
    const advice = options?.caught === true ? CAUGHT_ADVICE : failureAdvice(failure, statement, options?.transactionPerRun === true);
    const reason = `${failure.message}${code}.${detail}${hint}${advice}`;
    super(
      options?.runCommit !== undefined
        ? `The ${what} run failed at the COMMIT of its transaction: ${reason} ${describeRunCommit(options.runCommit, heads)}`
        : `The ${what} of migration ${describeRevision(revision)} failed` +
            `${statement === null ? "" : ` while running \`${oneLine(statement)}\``}: ${reason} ` +
            describeAftermath(aftermath, heads, options?.steps, options?.rolledBackWith ?? []),
      { cause: options?.cause },
    );
    this.steps = options?.steps ?? null;
  }

  /** For a migration run in steps: how many completed, and which failed. */
  readonly steps: StepsAftermath | null;
}

/** SQLSTATE 55P04: a label added to an enum by the open transaction was used in it. */
const UNSAFE_NEW_ENUM_VALUE = "55P04";

/** SQLSTATE 42601: a syntax error, which is how a server older than a feature refuses its syntax. */
const SYNTAX_ERROR = "42601";

/** What to do about failures whose cause the tool knows (with a leading space), or "". */
function failureAdvice(failure: PostgresFailure, statement: string | null, transactionPerRun: boolean): string {
  if (failure.code === SYNTAX_ERROR && statement !== null && /\bVIRTUAL\b|\bSET EXPRESSION AS\b/.test(statement)) {
    return (
      ` The statement uses a VIRTUAL generated column (or SET EXPRESSION), which PostgreSQL 18 introduced (SET ` +
      `EXPRESSION: 17); this server is older and does not support it. Run the migration on PostgreSQL 18 or newer, ` +
      `or make the column STORED (leave out \`virtual: true\` in the migration's column, and generate it again ` +
      `from a database where the column is STORED).`
    );
  }
  if (failure.code !== UNSAFE_NEW_ENUM_VALUE) return "";
  return transactionPerRun
    ? ` PostgreSQL refuses to use an enum label in the transaction that adds it, and with transactionPerRun ` +
        `the whole run is one transaction: apply the migration that adds the label on its own first ` +
        `(\`autogen upgrade <its revision>\`), then the rest, or set transactionPerRun to false.`
    : ` PostgreSQL refuses to use an enum label in the transaction that adds it: move the op.alterEnum() ` +
        `that adds it into a migration of its own, before this one (autogenerate writes such a revision ` +
        `itself when its migration uses a label it adds).`;
}

const CAUGHT_ADVICE =
  " The migration caught this error and went on, but PostgreSQL refuses every later statement of a " +
  "transaction after its first error (current transaction is aborted, SQLSTATE 25P02): let the error end " +
  "the migration, or run the statement that may fail inside a savepoint (SAVEPOINT, then ROLLBACK TO " +
  "SAVEPOINT when it fails).";

/**
 * Who a failed COMMIT of a run's transaction concerns: every migration it held, none of them by name as
 * the cause (a deferred constraint is checked at COMMIT, whichever statement broke it).
 */
function describeRunCommit(held: readonly string[], heads: readonly string[]): string {
  const at = headsLabel(heads);
  return (
    `With transactionPerRun the run is one transaction, which held the ${held.length === 1 ? "migration" : "migrations"} ` +
    `${quoteIds(held)}: PostgreSQL checks deferred constraints (DEFERRABLE INITIALLY DEFERRED) at COMMIT, so ` +
    `${held.length === 1 ? "it" : "any of them"} may have caused this; run them with transactionPerRun off to ` +
    `see which. The transaction was rolled back: the database is still at ${at}.`
  );
}

/** Where the database was left: `base (no revision applied)`, `revision(s) "a1", "b2"`. */
function headsLabel(heads: readonly string[]): string {
  return heads.length === 0 ? "base (no revision applied)" : `revision(s) ${quoteIds(heads)}`;
}

/** Where a migration run in steps (`op.step()`) stopped. */
export interface StepsAftermath {
  readonly completed: number;
  readonly failed: { readonly index: number; readonly name: string; readonly transactional: boolean } | null;
}

function describeAftermath(
  aftermath: "rolledBack" | "partial" | "steps",
  heads: readonly string[],
  steps: StepsAftermath | undefined,
  rolledBackWith: readonly string[],
): string {
  const at = headsLabel(heads);
  if (aftermath === "steps") {
    const done = steps?.completed ?? 0;
    const failed = steps?.failed ?? null;
    const which = failed === null ? "" : ` Step ${failed.index + 1} ("${failed.name}") ${failed.transactional ? "was rolled back" : "ran outside a transaction; its statements are safe to repeat"}.`;
    return (
      `It runs in steps, each committed on its own: ${done === 0 ? "no step is" : done === 1 ? "step 1 is" : `steps 1-${done} are`} ` +
      `applied and recorded.${which} The version table still says ${at}. Fix the cause and ` +
      `run the same command again: it resumes at the first step not completed.`
    );
  }
  const along =
    rolledBackWith.length === 0
      ? ""
      : `, and with it the ${rolledBackWith.length === 1 ? "migration" : "migrations"} ${quoteIds(rolledBackWith)} ` +
        `run before it in the same transaction (transactionPerRun)`;
  return aftermath === "rolledBack"
    ? `Its transaction was rolled back${along}: the database is still at ${at}.`
    : `It ran outside a transaction (op.noTransaction() or a statement that cannot run in one), so the ` +
        `statements before the failing one stay applied; the version table still says ${at}. Undo them ` +
        `by hand or make the migration safe to re-run before running it again.`;
}

/** Something the run would leave holding on to a table one of its migrations drops. */
export interface DroppedTableHold {
  /** What holds on and how: `foreign key k of public.notes references public.accounts`, `view public.v reads public.accounts`. */
  readonly holder: string;
  /** The migration that drops the table. */
  readonly revision: RevisionRef;
  /** The table's name in that migration, when a rename earlier in the run gave it another. */
  readonly as?: string;
}

/**
 * Before it ran anything, the runner found that a table a migration of the run drops is held by a foreign
 * key, view or rule that the run leaves in place (src/runner/dropped-dependents.ts): PostgreSQL would
 * refuse the `DROP TABLE` halfway through the run.
 */
export class DroppedTableHeldError extends AutogenError {
  constructor(
    readonly direction: Direction,
    readonly holds: readonly DroppedTableHold[],
    /** The version table's rows, unchanged. */
    readonly heads: readonly string[],
  ) {
    const what = direction === "up" ? "upgrade" : "downgrade";
    const listed = holds.map((h) => `${h.holder}, which migration ${describeRevision(h.revision)} drops${h.as === undefined ? "" : ` (as ${h.as})`}`).join("; ");
    const one = holds.length === 1;
    const them = one ? "it" : "them";
    super(
      `The ${what} was not run: ${listed}, and no migration of the run removes ${them} before. Migrations never drop ` +
        `with CASCADE, so PostgreSQL would refuse ${one ? "that DROP TABLE" : "those DROP TABLEs"} and stop the run there. ` +
        `Nothing was applied: the database is still at ${headsLabel(heads)}. Drop or change ${them} first (by hand, or in ` +
        `a migration that runs before the drop), then run the command again.`,
    );
  }
}

/** A column a migration drops and adds again, and what PostgreSQL would drop with it that the run does not put back. */
export interface ReaddedColumnLoss {
  /** `schema.table.column`, as the catalog names it at the start of the run. */
  readonly column: string;
  /** `index orders_total_idx`, `constraint orders_total_check`, `statistics public.s`, `its column grants`. */
  readonly lost: readonly string[];
  /** The migration whose alterColumn re-adds it. */
  readonly revision: RevisionRef;
}

/** A run refused before its first statement: a column it drops and adds again would take along objects nothing puts back. */
export class ReaddedColumnLossError extends AutogenError {
  constructor(
    readonly direction: Direction,
    readonly losses: readonly ReaddedColumnLoss[],
    /** The version table's rows, unchanged. */
    readonly heads: readonly string[],
  ) {
    const what = direction === "up" ? "upgrade" : "downgrade";
    const listed = losses
      .map((l) => `migration ${describeRevision(l.revision)} drops column ${l.column} and adds it again, which would drop ${l.lost.join(", ")}`)
      .join("; ");
    super(
      `The ${what} was not run: ${listed}. An alterColumn that changes a column's generation (a new stored ` +
        `expression, a column made generated, a switch to or from VIRTUAL) drops the column and adds it again, and ` +
        `PostgreSQL drops with it, without a word, what names or reads it; no migration of the run drops ${losses.length === 1 && losses[0]!.lost.length === 1 ? "it" : "them"} before or makes ` +
        `${losses.length === 1 && losses[0]!.lost.length === 1 ? "it" : "them"} again after. Nothing was applied: the database is still at ${headsLabel(heads)}. ` +
        `Drop them before that alterColumn and create them again after it in the migration (as \`autogen revision --autogenerate\` ` +
        `writes it), or drop the ones meant to go first, then run the command again.`,
    );
  }
}

/** The connection died while a migration ran; whether its last COMMIT reached the server is unknown. */
export class ConnectionLostError extends AutogenError {
  constructor(
    readonly revision: RevisionRef,
    readonly error: unknown,
    options?: { cause?: unknown },
  ) {
    super(
      `The connection to the database was lost while migration ${describeRevision(revision)} ran ` +
        `(${error instanceof Error ? error.message : String(error)}). Its transaction was rolled back by the ` +
        `server unless its COMMIT had already been received: check the applied revisions with ` +
        `\`autogen current\` before running again.`,
      options,
    );
  }
}

/** `op.noTransaction()` was called after the migration had already run an operation. */
export class NoTransactionTooLateError extends AutogenError {
  constructor(
    readonly revision: RevisionRef,
    /** `op.step()` when the call that came too late (or the one before it) is a step. */
    readonly conflict: string | null = null,
  ) {
    super(
      conflict === null
        ? `Migration ${describeRevision(revision)} called op.noTransaction() after running other operations. ` +
            `The runner decides how to run a migration from that call, so it must be the first statement of ` +
            `upgrade() and downgrade(), before any other op call.`
        : `Migration ${describeRevision(revision)} mixes ${conflict} with operations outside steps or with ` +
            `op.noTransaction(). A migration that uses steps runs every operation inside one (each step is ` +
            `its own transaction, or none with { transaction: false }), so that a rerun can resume it.`,
    );
  }
}

/** `op.inspect()` needs a live database, which `--sql` (offline) mode does not have. */
export class OfflineInspectError extends UsageError {
  constructor(readonly revision: RevisionRef) {
    super(
      `op.inspect() needs a database connection; it cannot run in --sql mode (revision "${revision.id}", ` +
        `file ${revision.path ?? "(no file)"}). Run this migration against the database instead of ` +
        `generating SQL for it, or make it unconditional.`,
    );
  }
}

/** The version table did not hold the rows the plan started from: something else changed it. */
export class VersionTableConflictError extends AutogenError {
  constructor(
    readonly table: string,
    readonly expected: string,
    /** The migration being recorded; null while stamping. */
    readonly revision: RevisionRef | null,
  ) {
    const doing =
      revision === null
        ? "While stamping"
        : `While recording migration ${describeRevision(revision)}`;
    super(
      `${doing}, the version table ${table} did not hold the row "${expected}" it was expected to ` +
        `change. Another tool or person changed it at the same time; check it with \`autogen current\` ` +
        `and fix it with \`autogen stamp\`.`,
    );
  }
}

/** A revision id does not fit the version table's `varchar(32)` column. */
export class RevisionIdTooLongError extends UsageError {
  constructor(
    readonly revision: RevisionRef,
    readonly limit: number,
  ) {
    super(
      `Revision id "${revision.id}"${revision.path === null ? "" : ` (${revision.path})`} is ` +
        `${revision.id.length} characters long, but the version table stores at most ${limit}. Shorten ` +
        `the \`revision\` export of the file and the \`downRevision\` of the migrations that follow it.`,
    );
  }
}

/** The plan names a revision whose loaded module was not handed to the runner. */
export class MissingMigrationModuleError extends AutogenError {
  constructor(readonly revision: RevisionRef) {
    super(
      `No loaded migration module was given for revision ${describeRevision(revision)}: pass the ` +
        `\`modules\` map that loadScriptDirectory() returned together with its graph.`,
    );
  }
}

/** The advisory lock was not granted in time: another run holds it. */
export class MigrationLockTimeoutError extends AutogenError {
  constructor(
    readonly table: string,
    readonly waitedMs: number,
    readonly holderPid: number | null,
  ) {
    const holder =
      holderPid === null ? "another session" : `the session with process id ${holderPid}`;
    super(
      `Gave up after ${waitedMs} ms waiting for the migration lock of ${table}, held by ${holder}: another ` +
        `migration run is in progress. Wait for it to finish (see pg_stat_activity), then run again.`,
    );
  }
}

/** A migration threw while `--sql` mode ran it to collect its statements (a JavaScript error of its own). */
export class OfflineMigrationError extends AutogenError {
  constructor(
    readonly revision: RevisionRef,
    readonly direction: Direction,
    cause: unknown,
  ) {
    const what = direction === "up" ? "upgrade" : "downgrade";
    const reason = cause instanceof Error ? cause.message.replace(/\.+$/, "") : String(cause);
    super(
      `The ${what} of migration ${describeRevision(revision)} failed while --sql collected its statements: ` +
        `${reason}. No SQL was printed; fix the migration and run the command again.`,
      { cause },
    );
  }
}

/** The `--sql` range cannot be planned without a database. */
export class OfflineRangeError extends UsageError {
  constructor(
    readonly range: string,
    readonly reason: string,
  ) {
    super(`Cannot generate SQL for "${range}": ${reason}.`);
  }
}

/** The first line of a statement, shortened: error messages stay one paragraph. */
function oneLine(sql: string): string {
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}

/** Reads the fields of a `pg` / PGlite error; anything else gives its message and no code. */
export function postgresFailure(error: unknown): PostgresFailure {
  const fields = (typeof error === "object" && error !== null ? error : {}) as Record<
    string,
    unknown
  >;
  const text = (key: string): string | null => {
    const value = fields[key];
    return typeof value === "string" && value.length > 0 ? value : null;
  };
  const code = text("code");
  return {
    message: error instanceof Error ? error.message : String(error),
    code: code !== null && /^[0-9A-Z]{5}$/.test(code) ? code : null,
    detail: text("detail"),
    hint: text("hint"),
  };
}
