/**
 * How the command line shows progress (src/progress/progress.ts), on stderr only, so that stdout keeps
 * just what scripts read:
 * - `live` (stderr is a terminal): one line with the phases under way and the time so far, drawn again
 *   in place as the work goes on (10 times a second), and cleared when the command ends. It appears only
 *   once the work has taken `delayMs`, so quick commands draw nothing. Any other output clears it first
 *   and draws it again after. With NO_COLOR it is drawn without any escape sequence (carriage returns and
 *   spaces only).
 * - `lines` (CI, pipes, files): a plain line per phase that took at least a second, when it ends:
 *   `Reading the catalog took 1.4 s`.
 * - `none` (`--quiet`, or an io that asks for none, as tests do).
 */
import type { ProgressEvent, ProgressListener, ProgressPhase } from "../progress/progress";
import type { CliIo } from "./io";

export type ProgressMode = "live" | "lines" | "none";

export interface ProgressDisplayOptions {
  readonly mode: ProgressMode;
  /** Writes to stderr. */
  readonly write: (text: string) => void;
  /** Whether escape sequences may be written (false with NO_COLOR). */
  readonly color: boolean;
  /** The terminal's width, read at each draw; 80 when unknown or 0. */
  readonly columns?: () => number | undefined;
  /** The live line appears once the work has taken this long; default 250 ms. */
  readonly delayMs?: number;
  /** In `lines` mode, a phase that took at least this long gets its line; default 1000 ms. */
  readonly lineThresholdMs?: number;
  /** Milliseconds, monotonic; default `performance.now`. */
  readonly now?: () => number;
  /** Calls `tick` every `ms` until the returned function is called; default an unref'd `setInterval`. */
  readonly every?: (ms: number, tick: () => void) => () => void;
}

export interface ProgressDisplay {
  /** The listener to give the API; undefined when nothing is shown (mode `none`, or muted). */
  readonly listener: ProgressListener | undefined;
  /** True after `mute()` (`--quiet`). */
  readonly muted: boolean;
  /** Runs `write` (output of the command) with the live line out of its way: cleared before, drawn after. */
  around(write: () => void): void;
  /** Shows nothing more (`--quiet`). */
  mute(): void;
  /** Clears the live line and stops redrawing it; call when the command ends, however it ends. */
  stop(): void;
}

const REDRAW_MS = 100;
const ESC = "\u001b";
const CLEAR_LINE = `\r${ESC}[2K`;

/** Phases that are not work: nothing is shown while they last. */
const PAUSES: ReadonlySet<ProgressPhase> = new Set(["waitingForAnswer"]);

function defaultEvery(ms: number, tick: () => void): () => void {
  const timer = setInterval(tick, ms);
  timer.unref();
  return () => clearInterval(timer);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `text` cut to `width` characters, ending in an ellipsis when cut. */
function fit(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join("")}…`;
}

export function createProgressDisplay(options: ProgressDisplayOptions): ProgressDisplay {
  const now = options.now ?? (() => performance.now());
  const every = options.every ?? defaultEvery;
  const delayMs = options.delayMs ?? 250;
  const thresholdMs = options.lineThresholdMs ?? 1000;
  const { write, color } = options;
  /** The phases under way, in the order they started, with their latest text. */
  const active = new Map<ProgressPhase, string>();
  let mode = options.mode;
  let quiet = false;
  let firstAt: number | null = null;
  let stopTimer: (() => void) | null = null;
  /** What the terminal shows now (without escapes), or null. */
  let shown: string | null = null;
  let lastDrawAt = -Infinity;

  const clear = (): void => {
    if (shown === null) return;
    write(color ? CLEAR_LINE : `\r${" ".repeat([...shown].length)}\r`);
    shown = null;
  };

  const draw = (): void => {
    if (mode !== "live" || firstAt === null) return;
    const elapsed = now() - firstAt;
    const paused = [...active.keys()].some((phase) => PAUSES.has(phase));
    if (active.size === 0 || paused || elapsed < delayMs) {
      clear();
      return;
    }
    // A terminal of unknown size (0 columns: a pseudo-terminal nobody sized) is taken as 80 wide.
    const columns = options.columns?.() || 80;
    const width = Math.max(20, columns - 1);
    const time = ` (${seconds(elapsed)})`;
    const text = fit([...active.values()].join(", "), width - time.length);
    const line = text + time;
    if (color) {
      write(`${CLEAR_LINE}${text}${ESC}[2m${time}${ESC}[22m`);
    } else {
      const pad = shown === null ? 0 : Math.max(0, [...shown].length - [...line].length);
      write(`\r${line}${" ".repeat(pad)}`);
    }
    shown = line;
    lastDrawAt = now();
  };

  const lineFor = (event: ProgressEvent): void => {
    if (event.state === "end" && event.elapsedMs >= thresholdMs && !PAUSES.has(event.phase)) {
      write(`${capitalised(event.text)} took ${seconds(event.elapsedMs)}\n`);
    }
  };

  const listener: ProgressListener = (event) => {
    if (mode === "none") return;
    if (mode === "lines") {
      lineFor(event);
      return;
    }
    if (event.state === "end") active.delete(event.phase);
    else active.set(event.phase, event.text);
    if (firstAt === null) {
      firstAt = now();
      stopTimer = every(REDRAW_MS, draw);
    }
    // A phase that starts is shown at once (the work that follows may keep the event loop busy); counting
    // at most 20 times a second; an end that leaves nothing under way waits for the next tick, so that a
    // phase following at once replaces the line instead of clearing it first.
    if (event.state === "start" || (event.state === "advance" && now() - lastDrawAt >= REDRAW_MS / 2)) draw();
    else if (event.state === "end" && active.size > 0) draw();
  };

  const display: ProgressDisplay = {
    get listener() {
      return mode === "none" ? undefined : listener;
    },
    get muted() {
      return quiet;
    },
    around(output) {
      if (shown === null) {
        output();
        return;
      }
      clear();
      output();
      draw();
    },
    mute() {
      quiet = true;
      display.stop();
    },
    stop() {
      mode = "none";
      stopTimer?.();
      stopTimer = null;
      clear();
      active.clear();
    },
  };
  return display;
}

/**
 * `io` with `display` in it: its output goes around the live line, `onProgress` is the display's
 * listener while it shows anything, and `quiet` follows `--quiet`.
 */
export function ioWithProgress(io: CliIo, display: ProgressDisplay): CliIo {
  return {
    get cwd() {
      return io.cwd;
    },
    env: io.env,
    stdout: (text) => display.around(() => io.stdout(text)),
    stderr: (text) => display.around(() => io.stderr(text)),
    progress: io.progress,
    get columns() {
      return io.columns;
    },
    get onProgress() {
      return display.listener;
    },
    get quiet() {
      return display.muted;
    },
  };
}

/** The display for `io`: its mode, NO_COLOR from its environment. */
export function progressDisplayFor(io: CliIo): ProgressDisplay {
  return createProgressDisplay({
    mode: io.progress ?? "none",
    write: (text) => io.stderr(text),
    color: !io.env.NO_COLOR,
    columns: () => io.columns,
  });
}
