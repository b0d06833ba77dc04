/**
 * Test support: packages installed with npm into a throwaway project under the system's temporary folder,
 * as a user's project has them (another TypeORM than the tool's, say). One install per set of packages is
 * kept between runs (keyed by the exact versions), made in a staging folder and renamed into place when
 * complete, so an interrupted install is never reused. Projects made inside it resolve its node_modules
 * before anything of this repository.
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The folder holding `node_modules` with exactly `packages` (name -> exact version) installed. */
export function throwawayInstall(packages: Readonly<Record<string, string>>): string {
  const key = createHash("sha1").update(JSON.stringify(Object.entries(packages).sort())).digest("hex").slice(0, 12);
  const dir = path.join(os.tmpdir(), `pg-autogen-install-${key}`);
  if (fs.existsSync(path.join(dir, "node_modules"))) return dir;
  const staging = fs.mkdtempSync(`${dir}-staging-`);
  fs.writeFileSync(
    path.join(staging, "package.json"),
    JSON.stringify({ name: "throwaway-project", private: true, dependencies: packages }, null, 2),
  );
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], {
    cwd: staging,
    stdio: ["ignore", "ignore", "pipe"],
    timeout: 300_000,
  });
  try {
    fs.renameSync(staging, dir);
  } catch (error) {
    // Another run finished the same install first: use it.
    if (!fs.existsSync(path.join(dir, "node_modules"))) throw error;
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

/** A new, empty project folder inside the install `root`, with `files` (relative path -> content). */
export function projectIn(root: string, files: Readonly<Record<string, string>>): string {
  const projects = path.join(root, "projects");
  fs.mkdirSync(projects, { recursive: true });
  const dir = fs.mkdtempSync(path.join(projects, "p-"));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}
