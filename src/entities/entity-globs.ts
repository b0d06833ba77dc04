/**
 * Which files a project's entity globs select. Apart from the entity loader, so that a run whose entity
 * side comes from the cache (src/cache/entity-model-cache.ts re-runs the globs to see that they still
 * match the same files) loads neither the loader nor TypeORM.
 */
import path from "node:path";
import { glob } from "tinyglobby";

/** File extensions TypeORM itself loads from entity globs. */
const ENTITY_EXTENSIONS: ReadonlySet<string> = new Set([".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"]);

function toGlobPattern(pattern: string): string {
  return process.platform === "win32" ? pattern.replace(/\\/g, "/") : pattern;
}

/** Absolute paths of the entity files the globs select, sorted so that loading order is stable. */
export async function findEntityFiles(patterns: readonly string[], cwd: string): Promise<string[]> {
  // tinyglobby (which TypeORM 1.x uses too), matching as TypeORM's globs do: a folder is not a pattern.
  const files = await glob(patterns.map(toGlobPattern), { cwd, absolute: true, onlyFiles: true, expandDirectories: false });
  const selected = files
    .filter((file) => ENTITY_EXTENSIONS.has(path.extname(file).toLowerCase()) && !file.endsWith(".d.ts"))
    .map((file) => path.normalize(file));
  return [...new Set(selected)].sort();
}
