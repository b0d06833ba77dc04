/**
 * What a run reports while it goes: typed events for programs (`onEvent`) and the log lines people read
 * (`logger`), in Alembic's wording: "Running upgrade 1975ea83b712 -> ae1027a6acf, add a column".
 */
import type { Direction } from "../revision/plan";
import type { Revision } from "../revision/revision";
import { describeChecksumMismatch, type ChecksumMismatch } from "./checksums";
import type { MigrationFailedError } from "./runner-errors";
import type { StepNotice } from "./live-steps";
import { describeBlockers } from "./lock-retry";

/** The logger the runner writes to; the CLI's `Logger` fits it. */
export interface RunnerLogger {
  info(message: string): void;
  warn(message: string): void;
}

export type RunnerEvent =
  | { readonly kind: "lockWait"; readonly holderPid: number | null }
  | { readonly kind: "lockAcquired"; readonly waitedMs: number }
  | { readonly kind: "checksumMismatch"; readonly mismatch: ChecksumMismatch }
  | { readonly kind: "migrationStart"; readonly revision: Revision; readonly direction: Direction }
  | {
      readonly kind: "statement";
      readonly revision: Revision;
      readonly sql: string;
      /** True when it runs outside any transaction. */
      readonly autocommit: boolean;
    }
  | { readonly kind: "transactionSplit"; readonly revision: Revision; readonly sql: string }
  /** A tablespace the migration names that the database lacks: reported once per run (missing-tablespaces.ts). */
  | { readonly kind: "tablespaceMissing"; readonly revision: Revision; readonly tablespace: string }
  /** Steps skipped or completed, lock-timeout retries, invalid indexes rebuilt. */
  | { readonly kind: "stepNotice"; readonly revision: Revision; readonly notice: StepNotice }
  | {
      readonly kind: "migrationDone";
      readonly revision: Revision;
      readonly direction: Direction;
      readonly ms: number;
    }
  | {
      readonly kind: "migrationFailed";
      readonly revision: Revision;
      readonly direction: Direction;
      readonly error: MigrationFailedError;
      readonly ms: number;
    };

/** A migration still running after this long is announced, then again at every interval. */
export const SLOW_MIGRATION_NOTICE_MS = 5_000;

/**
 * Turns events into log lines and forwards them to `onEvent`. A migration logs one line when it ends; one
 * that runs longer than `SLOW_MIGRATION_NOTICE_MS` is also announced while it runs, so a long run shows
 * which revision is applying.
 */
/** Reports events; `close()` stops a pending slow-migration notice (call it when the run ends, however). */
export type EventReporter = ((event: RunnerEvent) => void) & { close(): void };

/**
 * `fn`, ignoring what it throws: the application's logger and `onEvent` are called in the middle of a
 * run (right after a COMMIT, or from a timer), where a throw would report a committed migration as failed
 * and rolled back, or end the process. A listener that throws is ignored, as a progress listener is.
 */
function guarded<T>(fn: (value: T) => void): (value: T) => void {
  return (value) => {
    try {
      fn(value);
    } catch {
      // Ignored: see above.
    }
  };
}

export function eventReporter(
  appLogger: RunnerLogger | undefined,
  appOnEvent: ((event: RunnerEvent) => void) | undefined,
  noticeMs: number = SLOW_MIGRATION_NOTICE_MS,
): EventReporter {
  const logger: RunnerLogger | undefined =
    appLogger === undefined ? undefined : { info: guarded((m) => appLogger.info(m)), warn: guarded((m) => appLogger.warn(m)) };
  const onEvent = appOnEvent === undefined ? undefined : guarded(appOnEvent);
  let slowTimer: NodeJS.Timeout | null = null;
  const stopTimer = () => {
    if (slowTimer !== null) clearInterval(slowTimer);
    slowTimer = null;
  };
  const report = (event: RunnerEvent): void => {
    onEvent?.(event);
    if (logger === undefined) return;
    if (event.kind === "migrationStart") {
      stopTimer();
      const started = Date.now();
      const step = describeStep(event.revision, event.direction);
      slowTimer = setInterval(() => {
        logger.info(`${step} ... still running after ${Math.round((Date.now() - started) / 1000)} s`);
      }, noticeMs);
      slowTimer.unref();
    } else if (event.kind === "migrationDone" || event.kind === "migrationFailed") {
      stopTimer();
    }
    switch (event.kind) {
      case "lockWait":
        logger.info(
          `Waiting for the migration lock, held by ${
            event.holderPid === null ? "another session" : `process ${event.holderPid}`
          } (another migration run is in progress)...`,
        );
        return;
      case "checksumMismatch":
        logger.warn(describeChecksumMismatch(event.mismatch));
        return;
      case "transactionSplit":
        logger.warn(
          `Migration "${event.revision.id}" committed what it had done so far to run a statement that ` +
            `cannot run inside a transaction: ${firstLine(event.sql)}. Call op.noTransaction() first in ` +
            `migrations that need such statements.`,
        );
        return;
      case "tablespaceMissing":
        logger.warn(
          `Tablespace "${event.tablespace}" (named by migration "${event.revision.id}") does not exist in this ` +
            `database: what the migrations put there is created in the database's default tablespace instead.`,
        );
        return;
      case "stepNotice":
        logger[event.notice.kind === "lockTimeoutRetry" ? "warn" : "info"](describeStepNotice(event.revision, event.notice));
        return;
      case "migrationDone":
        logger.info(`${describeStep(event.revision, event.direction)} ... done in ${event.ms} ms`);
        return;
      case "migrationFailed":
        logger.info(
          `${describeStep(event.revision, event.direction)} ... failed after ${event.ms} ms`,
        );
        return;
      default:
        return;
    }
  };
  return Object.assign(report, { close: stopTimer });
}

/**
 * `Running upgrade a1 -> b2, add users` or `Running downgrade b2 -> a1, add users`; `base` stands for no
 * revision and a merge lists its parents: `Running upgrade b2, c3 -> d4, merge`.
 */
export function describeStep(
  revision: Pick<Revision, "id" | "downRevisions" | "message">,
  direction: Direction,
): string {
  const parents = revision.downRevisions.length === 0 ? "base" : revision.downRevisions.join(", ");
  const [from, to] = direction === "up" ? [parents, revision.id] : [revision.id, parents];
  const message = firstLine(revision.message);
  return `Running ${direction === "up" ? "upgrade" : "downgrade"} ${from} -> ${to}${message === "" ? "" : `, ${message}`}`;
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0]!.trim();
}

/** The log line of a step notice. */
export function describeStepNotice(revision: Pick<Revision, "id">, notice: StepNotice): string {
  switch (notice.kind) {
    case "stepSkipped":
      return `  step ${notice.index + 1} "${notice.name}" of ${revision.id}: already done (${notice.completedAt.toISOString()}), skipped`;
    case "stepDone":
      return `  step ${notice.index + 1} "${notice.name}" of ${revision.id}: done`;
    case "indexNote":
      return `  ${revision.id}: ${notice.note}`;
    case "lockTimeoutRetry":
      return (
        `Lock timeout in ${revision.id} on ${firstLine(notice.sql)} (attempt ${notice.attempt}), blocked by ` +
        `${describeBlockers(notice.blockers)}: trying again in ${notice.delayMs} ms.`
      );
  }
}
