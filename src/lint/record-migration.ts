/**
 * Runs a migration's `upgrade` (or `downgrade`) through the same op recording the offline runner uses,
 * and places every recorded operation: the line of its `op.*` call in the file (read from the call's
 * stack, which the TypeScript loader source-maps), and the transaction it would run in (steps,
 * `op.noTransaction()`, statements the runner runs alone).
 */
import { InspectUnavailableError, recordingOps, type RecordingOps } from "../ops/recording-ops";
import type { Operation } from "../ops/operation";
import type { MigrationModule } from "../revision/migration-module";
import { compileOperation } from "../sql/compile";

export interface PlacedOperation {
  readonly operation: Operation;
  readonly line: number | null;
  readonly segment: number;
  readonly transactional: boolean;
}

export interface RecordedMigration {
  readonly operations: readonly PlacedOperation[];
  /** Why recording stopped early (the migration threw, or called `op.inspect()`), or null. */
  readonly stopped: string | null;
  /** Whether the migration uses steps. */
  readonly stepped: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The line, in `file`, of the innermost stack frame that is in it. */
function callerLine(file: string): number | null {
  const stack = new Error().stack ?? "";
  const pattern = new RegExp(`${escapeRegExp(file)}:(\\d+):\\d+\\)?\\s*$`);
  for (const frame of stack.split("\n")) {
    const match = pattern.exec(frame.trim());
    if (match) return Number(match[1]);
  }
  return null;
}

/** Wraps the recording `op` so that each call notes the line it was made from. */
function withLines(rec: RecordingOps, file: string, lines: (number | null)[]): RecordingOps {
  return new Proxy(rec, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const line = callerLine(file);
        const before = target.operations.length;
        const mark = () => {
          for (let i = before; i < target.operations.length; i++) lines[i] ??= line;
        };
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) return result.then((r) => (mark(), r));
        mark();
        return result;
      };
    },
  });
}

function runsAlone(op: Operation): boolean {
  try {
    return compileOperation(op).some((s) => !s.transactional);
  } catch {
    return false;
  }
}

/** Places operations run as one transactional migration (statements that cannot run in one go alone). */
export function placeOperations(operations: readonly Operation[]): PlacedOperation[] {
  let segment = 0;
  return operations.map((operation) => {
    if (!runsAlone(operation)) return { operation, line: null, segment, transactional: true };
    segment++;
    const placed = { operation, line: null, segment, transactional: false };
    segment++;
    return placed;
  });
}

/** Records one direction of a migration. */
export async function recordMigration(module: MigrationModule, direction: "up" | "down"): Promise<RecordedMigration> {
  const rec = recordingOps();
  const lines: (number | null)[] = [];
  let stopped: string | null = null;
  try {
    await (direction === "up" ? module.upgrade : module.downgrade)(withLines(rec, module.path, lines));
  } catch (error) {
    stopped =
      error instanceof InspectUnavailableError
        ? "it calls op.inspect(), which needs a database: what follows that call is not linted"
        : `it threw while its operations were recorded: ${(error as Error)?.message ?? String(error)}`;
  }
  const placed: PlacedOperation[] = [];
  let segment = 0;
  const stepOf = (i: number) => rec.steps.find((s) => i >= s.first && i < s.end);
  rec.operations.forEach((operation, i) => {
    const line = lines[i] ?? null;
    if (rec.steps.length > 0) {
      const step = stepOf(i);
      const index = step === undefined ? -1 : rec.steps.indexOf(step);
      const transactional = step?.transactional ?? true;
      placed.push({ operation, line, segment: transactional ? index * 100_000 : index * 100_000 + 1 + i, transactional });
      return;
    }
    if (!rec.transactional) {
      placed.push({ operation, line, segment: i, transactional: false });
      return;
    }
    if (runsAlone(operation)) {
      segment++;
      placed.push({ operation, line, segment, transactional: false });
      segment++;
      return;
    }
    placed.push({ operation, line, segment, transactional: true });
  });
  return { operations: placed, stopped, stepped: rec.steps.length > 0 };
}
