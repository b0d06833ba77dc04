/**
 * A command run from a directory that was deleted after the shell entered it (a temporary checkout a CI
 * step removed, a branch switch that dropped the folder): one paragraph saying so and exit 1, where Node
 * threw from `process.cwd()` when the CLI loaded and printed its stack. `--version` needs no directory.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { autogenBin } from "../support/build-cli";

/** Runs the CLI from a directory removed once the shell is in it: exit code, stdout and stderr. */
function runInDeletedDirectory(args: string): { code: number; stdout: string; stderr: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-gone-"));
  const script = `cd "${dir}" && rmdir "${dir}" && "${process.execPath}" "${autogenBin()}" ${args} 2>"${dir}.err"; echo "exit=$?"`;
  const stdout = execFileSync("sh", ["-c", script], { encoding: "utf8" });
  const stderr = fs.readFileSync(`${dir}.err`, "utf8");
  fs.rmSync(`${dir}.err`);
  return { code: Number(/exit=(\d+)/.exec(stdout)![1]), stdout: stdout.replace(/exit=\d+\n$/, ""), stderr };
}

describe("a command run from a deleted working directory", () => {
  it("says so in one paragraph and exits 1", () => {
    const run = runInDeletedDirectory("current");
    expect(run.stderr).toBe(
      "ERROR: The current directory no longer exists (it was deleted or moved after the shell entered it): cd into " +
        "the project folder again and run the command again.\n",
    );
    expect(run.code).toBe(1);
  });

  it("still prints the version", () => {
    const run = runInDeletedDirectory("--version");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
