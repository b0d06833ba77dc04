/**
 * The script directory: the folder of migration files. Lists, loads and validates them, and builds the
 * revision graph. Loading is injected (the caller passes the TypeScript-aware loader), so this module only
 * reads directory entries and file bytes.
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as nodePath from "node:path";
import { AutogenError } from "../errors";
import { ModuleLoadError } from "../loader/load-error";
import { MigrationLoadError, MissingScriptDirectoryError, ScriptDirectoryError } from "./errors";
import { RevisionGraph } from "./graph";
import { readDocComment, readMigrationExports, type MigrationModule } from "./migration-module";

/** Extensions of migration files. */
export const MIGRATION_EXTENSIONS: readonly string[] = [".ts", ".js", ".mjs", ".cts", ".cjs"];

/** Loads one file (by absolute path) and returns its exports. */
export type ModuleLoader = (file: string) => Promise<Record<string, unknown>>;

export interface ScriptDirectory {
  readonly graph: RevisionGraph;
  /** Every migration by revision id. */
  readonly modules: Map<string, MigrationModule>;
}

/**
 * Whether a file name is a migration: one of `MIGRATION_EXTENSIONS`, not a declaration file (`.d.ts`),
 * and not starting with `_` or `.` (helpers and hidden files can live next to migrations).
 */
export function isMigrationFileName(name: string): boolean {
  if (name.startsWith("_") || name.startsWith(".")) return false;
  if (/\.d\.[cm]?ts$/.test(name)) return false;
  return MIGRATION_EXTENSIONS.includes(nodePath.extname(name));
}

/**
 * Loads every migration file directly in `dir` (not in subfolders), in file name order, and builds the
 * revision graph.
 *
 * Throws `ScriptDirectoryError` when `dir` is missing or not a directory, `MigrationLoadError` when `load`
 * fails for a file (the loader's `ModuleLoadError` included; the tool's other errors pass through), `MalformedMigrationError` for
 * a file missing an export, and the graph's errors (`DuplicateRevisionError`, `MissingRevisionError`,
 * `CycleDetectedError`, ...), which name the files.
 *
 * @param listed the migration files of `dir` when the caller has just listed them (`listMigrationFiles`).
 * @example
 * const { graph, modules } = await loadScriptDirectory("migrations", (file) => loader.load(file));
 * graph.heads.map((r) => r.id);
 */
export async function loadScriptDirectory(
  dir: string,
  load: ModuleLoader,
  listed?: readonly string[],
): Promise<ScriptDirectory> {
  const root = nodePath.resolve(dir);
  const files = listed ?? (await listMigrationFiles(root));
  const loaded: MigrationModule[] = [];
  for (const file of files) loaded.push(await loadMigration(file, load));
  const graph = RevisionGraph.build(loaded.map((m) => m.revision));
  const modules = new Map<string, MigrationModule>();
  for (const module of loaded) modules.set(module.revision.id, module);
  return { graph, modules };
}

/** The absolute paths of the migration files directly in `root`, sorted by name. */
export async function listMigrationFiles(root: string): Promise<string[]> {
  let entries: string[];
  try {
    const stat = await fs.stat(root);
    if (!stat.isDirectory()) throw new ScriptDirectoryError(root, "it is not a directory");
    entries = await fs.readdir(root);
  } catch (error) {
    if (error instanceof ScriptDirectoryError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new MissingScriptDirectoryError(root);
    throw new ScriptDirectoryError(root, String(error));
  }
  const files: string[] = [];
  for (const name of entries.filter(isMigrationFileName).sort()) {
    const file = nodePath.join(root, name);
    if ((await fs.stat(file)).isFile()) files.push(file);
  }
  return files;
}

/** Loads and validates one migration file (absolute path). */
export async function loadMigration(file: string, load: ModuleLoader): Promise<MigrationModule> {
  const bytes = await fs.readFile(file);
  let exports: Record<string, unknown>;
  try {
    exports = await load(file);
  } catch (error) {
    if (error instanceof AutogenError && !(error instanceof ModuleLoadError)) throw error;
    throw new MigrationLoadError(file, error);
  }
  if (typeof exports !== "object" || exports === null) {
    throw new MigrationLoadError(
      file,
      new Error(`the loader returned ${String(exports)} instead of its exports`),
    );
  }
  const { revision, upgrade, downgrade } = readMigrationExports(
    file,
    exports,
    readDocComment(bytes.toString("utf8")),
  );
  return Object.freeze({
    revision,
    path: file,
    checksum: createHash("sha256").update(bytes).digest("hex"),
    upgrade,
    downgrade,
    exports,
  });
}
