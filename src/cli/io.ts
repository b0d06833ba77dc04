import type { Logger } from "../api/project";
import { AutogenError } from "../errors";
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

/** The working directory was deleted (or moved) under the shell that runs the command. */
export class WorkingDirectoryGoneError extends AutogenError {
  constructor() {
    super("The current directory no longer exists (it was deleted or moved after the shell entered it): cd into the project folder again and run the command again.");
  }
}

export const processIo: CliIo = {
  // Read when a command needs it, so that --help works anywhere and a deleted directory is one paragraph.
  get cwd() {
    try {
      return process.cwd();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new WorkingDirectoryGoneError();
      throw error;
    }
  },
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
