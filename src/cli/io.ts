import type { Logger } from "../api/project";

/** Where the CLI reads and writes: the process by default, buffers in tests. */
export interface CliIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processIo: CliIo = {
  cwd: process.cwd(),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Progress to stdout, warnings to stderr, one line each. */
export function cliLogger(io: CliIo): Logger {
  return {
    info: (message) => io.stdout(`${message}\n`),
    warn: (message) => io.stderr(`${message}\n`),
  };
}
