/**
 * `autogen check` (or any command) in a real process, as a user runs it: the entity cache's records are
 * complete only there (in jest, modules are not loaded by Node's own loader). It runs dist/ when it is up to
 * date, else the sources built once for the whole run (tests/support/build-cli.ts `autogenBin`).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { autogenBin } from "../support/build-cli";

export const REPOSITORY = path.join(__dirname, "..", "..");

/** Runs `autogen <args>` (default `check`) in `dir`; its exit code and output. */
export function autogenProcess(
  dir: string,
  env: Record<string, string> = {},
  args: readonly string[] = ["check"],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [autogenBin(), ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}
