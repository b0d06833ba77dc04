/**
 * Commands run after a migration file is written (a linter, `eslint --fix`, `git add`), as Alembic's
 * post-write hooks. Prettier is not one of them: it is applied while rendering.
 */
import { spawn } from "node:child_process";

/** A shell command; `{file}` is replaced by the migration's path, shell-quoted. */
export type PostWriteHook = string | { readonly command: string };

export interface HookResult {
  /** The command as run, `{file}` substituted. */
  readonly command: string;
  /** Null when the command could not be started or was killed by a signal. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ok: boolean;
}

/** Output kept per stream; a hook that prints more has the rest dropped. */
const MAX_OUTPUT = 1024 * 1024;

/** Quotes one argument for the platform's shell (`sh` on POSIX, `cmd.exe` on Windows). */
export function shellQuote(arg: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === "win32") return `"${arg.replace(/"/g, '""')}"`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The command of a hook with every `{file}` replaced by the quoted path. */
export function expandHookCommand(hook: PostWriteHook, file: string): string {
  const command = typeof hook === "string" ? hook : hook.command;
  return command.split("{file}").join(shellQuote(file));
}

function runCommand(command: string, cwd: string, file: string): Promise<HookResult> {
  return new Promise((resolve) => {
    const out = { stdout: "", stderr: "" };
    const child = spawn(command, {
      cwd,
      shell: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, AUTOGEN_FILE: file },
    });
    const collect = (stream: "stdout" | "stderr") => (chunk: Buffer) => {
      if (out[stream].length < MAX_OUTPUT) out[stream] += chunk.toString("utf8").slice(0, MAX_OUTPUT - out[stream].length);
    };
    child.stdout.on("data", collect("stdout"));
    child.stderr.on("data", collect("stderr"));
    child.on("error", (error) => {
      resolve({ command, exitCode: null, signal: null, stdout: out.stdout, stderr: error.message, ok: false });
    });
    child.on("close", (exitCode, signal) => {
      resolve({ command, exitCode, signal, stdout: out.stdout, stderr: out.stderr, ok: exitCode === 0 });
    });
  });
}

/**
 * Runs the hooks in order with `cwd` as working directory (and `AUTOGEN_FILE` set to the file), stopping
 * at the first one that fails. Returns the result of every hook that ran; never throws for a failing hook.
 */
export async function runPostWriteHooks(
  file: string,
  hooks: readonly PostWriteHook[],
  options: { readonly cwd: string },
): Promise<HookResult[]> {
  const results: HookResult[] = [];
  for (const hook of hooks) {
    const result = await runCommand(expandHookCommand(hook, file), options.cwd, file);
    results.push(result);
    if (!result.ok) break;
  }
  return results;
}
