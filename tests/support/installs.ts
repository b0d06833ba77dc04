/**
 * Packages installed from the npm registry for the version tests (tests/versions), as users install them:
 * each set of exact versions once into its own folder of a cache kept between runs
 * (`AUTOGEN_VERSIONS_CACHE`, default `~/.cache/pg-autogen-versions`), so that a later run, and CI with that
 * folder kept, installs nothing again. npm's own download cache (~/.npm) serves the rest.
 */
import { execFile, execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The folder installs are kept in. */
export function installsRoot(): string {
  return process.env.AUTOGEN_VERSIONS_CACHE ?? path.join(os.homedir(), ".cache", "pg-autogen-versions");
}

/** `a` minus `b` as release versions (`0.3.31` after `0.3.9`). */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((version) => version.split(".").map((part) => Number.parseInt(part, 10)));
  for (let i = 0; i < 3; i++) if (x![i] !== y![i]) return (x![i] ?? 0) - (y![i] ?? 0);
  return 0;
}

/**
 * The newest release `range` (`~0.3`, `^1`) matches on the registry today. npm lists the matching
 * versions in publication order, not by version, so they are sorted here.
 */
export function resolveVersion(name: string, range: string): string {
  if (/^\d+\.\d+\.\d+$/.test(range)) return range;
  const out = execFileSync("npm", ["view", `${name}@${range}`, "version", "--json"], { encoding: "utf8" });
  const listed = JSON.parse(out) as string | string[];
  const releases = (Array.isArray(listed) ? listed : [listed]).filter((version) => /^\d+\.\d+\.\d+$/.test(version));
  if (releases.length === 0) throw new Error(`no release of ${name} matches ${range}`);
  return releases.sort(compareVersions)[releases.length - 1]!;
}

/** Takes the lock `lock` (a folder), waiting for another run that holds it; returns its release. */
export async function acquireLock(lock: string): Promise<() => void> {
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A lock older than ten minutes was left by a killed run.
      if (Date.now() - fs.statSync(lock).mtimeMs > 600_000) fs.rmSync(lock, { recursive: true, force: true });
      if (attempt > 1200) throw new Error(`waited too long for ${lock}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return () => fs.rmSync(lock, { recursive: true, force: true });
}

async function withLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  const release = await acquireLock(lock);
  try {
    return await work();
  } finally {
    release();
  }
}

/**
 * A folder whose `node_modules` holds `packages` (exact `name@version` specs), installed once and kept.
 *
 * @returns the folder (its `node_modules` is what a project beside it resolves).
 */
export async function installed(packages: readonly string[]): Promise<string> {
  const sorted = [...packages].sort();
  const name = `${sorted.join("+").replace(/[^\w.@+-]/g, "_").slice(0, 80)}-${crypto
    .createHash("sha256")
    .update(sorted.join("\n"))
    .digest("hex")
    .slice(0, 8)}`;
  const dir = path.join(installsRoot(), name);
  const done = path.join(dir, ".installed");
  if (fs.existsSync(done)) return dir;
  fs.mkdirSync(installsRoot(), { recursive: true });
  return withLock(`${dir}.lock`, async () => {
    if (fs.existsSync(done)) return dir;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "installs", private: true }));
    await run("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--loglevel=error", ...sorted], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
    fs.writeFileSync(done, `${sorted.join("\n")}\n`);
    return dir;
  });
}

/** The version of `name` installed under `dir`. */
export function installedVersion(dir: string, name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(dir, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}
