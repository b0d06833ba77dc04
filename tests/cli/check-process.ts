/**
 * `autogen check` (or any command) in a real process, as a user runs it: the entity cache's records are
 * complete only there (in jest, modules are not loaded by Node's own loader).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const REPOSITORY = path.join(__dirname, "..", "..");

/** The newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(file) : fs.statSync(file).mtimeMs);
  }
  return latest;
}

/** dist/ when it was built after the last edit of src/ (CI builds it on install), else the sources. */
export const fromSource = (): Record<string, string> => {
  const built = path.join(REPOSITORY, "dist", "cli", "main.js");
  return fs.existsSync(built) && fs.statSync(built).mtimeMs >= newest(path.join(REPOSITORY, "src")) ? {} : { AUTOGEN_FROM_SOURCE: "1" };
};

/** Runs `autogen <args>` (default `check`) in `dir`; its exit code and output. */
export function autogenProcess(
  dir: string,
  env: Record<string, string> = {},
  args: readonly string[] = ["check"],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(REPOSITORY, "bin", "autogen.js"), ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, ...fromSource(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}
