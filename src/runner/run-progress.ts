/**
 * The `applying` phase of a run (src/progress/progress.ts): revision N of the plan's M, told as each
 * migration starts. Derived from the runner's own events, so the runner reports nothing twice.
 */
import { startPhase, type PhaseProgress, type ProgressListener } from "../progress/progress";
import type { RunnerEvent } from "./run-events";

export interface RunProgress {
  /** `onEvent`, also hearing the events that move the phase on. */
  listen(onEvent: ((event: RunnerEvent) => void) | undefined): (event: RunnerEvent) => void;
  /** Ends the phase (when the run ends, however). */
  end(): void;
}

/** The phase of a plan of `total` migrations; it starts with the first migration. */
export function runProgress(onProgress: ProgressListener | undefined, total: number): RunProgress {
  let phase: PhaseProgress | null = null;
  let started = 0;
  return {
    listen: (onEvent) => (event) => {
      if (onProgress !== undefined && event.kind === "migrationStart") {
        const { revision, direction } = event;
        const message = revision.message.split(/\r?\n/)[0]!.trim();
        const item = `${direction === "down" ? "downgrade " : ""}${revision.id}${message ? ` (${message})` : ""}`;
        started++;
        if (phase === null) phase = startPhase(onProgress, "applying", { total, done: started, item });
        else phase.advance(started, item);
      }
      onEvent?.(event);
    },
    end: () => phase?.end(),
  };
}
