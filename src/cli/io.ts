import type { Logger } from "../api/project";
import type { ProgressListener } from "../progress/progress";
import type { ProgressMode } from "./progress-display";

/** Where the CLI reads and writes: the process by default, buffers in tests. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
  /** How progress shows on stderr (see progress-display.ts); default `none`. */
  readonly progress?: ProgressMode;
  /** The terminal's width, for the live progress line. */
  readonly columns?: number;
  /** While a command runs: the listener the API is given, when progress is shown (see main.ts). */
  readonly onProgress?: ProgressListener;
  /** `--quiet`: informational lines are left out; results, warnings and errors stay. */
  readonly quiet?: boolean;
}

export const processIo: CliIo = {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  // A live line at a terminal (not a dumb one, which cannot redraw), a line per slow phase elsewhere.
  progress: process.stderr.isTTY && process.env.TERM !== "dumb" ? "live" : "lines",
  get columns() {
    return process.stderr.columns;
  },
};

/** Progress to stdout (none with --quiet), warnings to stderr, one line each. */
export function cliLogger(io: CliIo): Logger {
  return {
    info: (message) => {
      if (!io.quiet) io.stdout(`${message}\n`);
    },
    warn: (message) => io.stderr(`${message}\n`),
  };
}
