/**
 * The tool's private cache folder (see compile-cache.ts for what it holds and why it is private):
 * `<nearest node_modules>/.cache/pg-autogen/`, else `<os temp dir>/pg-autogen-cache-<uid>/`. Apart from
 * the cache itself, so that `autogen --help` can put Node's code cache there (src/cli/node-compile-cache.ts)
 * without loading the rest.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Whether `AUTOGEN_NO_CACHE` turns the cache off (any value but "", "0" and "false"). */
export function compileCacheDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.AUTOGEN_NO_CACHE;
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

/** Permissions of the cache folder and of every file in it. */
const PRIVATE_DIRECTORY = 0o700;
export const PRIVATE_FILE = 0o600;

function currentUid(): number | undefined {
  return typeof process.getuid === "function" ? process.getuid() : undefined;
}

/**
 * Whether `dir` can be this process's private cache folder: created (0700) if missing; a real folder (not
 * a link) owned by this user, closed to others (0700) if it was not, and writable.
 */
function isPrivateDirectory(dir: string): boolean {
  try {
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    try {
      fs.mkdirSync(dir, { mode: PRIVATE_DIRECTORY });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const stat = fs.lstatSync(dir);
    if (!stat.isDirectory()) return false;
    const uid = currentUid();
    if (uid !== undefined && stat.uid !== uid) return false;
    if (uid !== undefined && (stat.mode & 0o777) !== PRIVATE_DIRECTORY) fs.chmodSync(dir, PRIVATE_DIRECTORY);
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function nearestNodeModules(from: string): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    const candidate = path.join(dir, "node_modules");
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The cache directory for the project in `cwd`, created if needed, or `undefined` when neither location is
 * usable (see the file comment; the loader then compiles every file, as without a cache).
 *
 * @param tempDir where the fallback folder goes (the OS temp dir).
 */
export function resolveCacheDirectory(cwd: string = process.cwd(), tempDir: string = os.tmpdir()): string | undefined {
  const nodeModules = nearestNodeModules(cwd);
  if (nodeModules) {
    const dir = path.join(nodeModules, ".cache", "pg-autogen");
    if (isPrivateDirectory(dir)) return dir;
  }
  const uid = currentUid() ?? os.userInfo().username;
  const fallback = path.join(tempDir, `pg-autogen-cache-${uid}`);
  return isPrivateDirectory(fallback) ? fallback : undefined;
}
