/**
 * Where `autogen init` finds a project's entities, so that the config it writes works as written. A
 * TypeORM 0.3 project nearly always has a module exporting its DataSource (TypeORM's own CLI needs one):
 * the config then names it, and autogen reads the entities, the naming strategy and the connection
 * settings from it. Named as entity globs instead, a project whose DataSource sets a naming strategy
 * (snake_case columns, say) would get migrations renaming every column. Without one (a NestJS project
 * configures TypeORM in a module), the config names the files that declare entities.
 *
 * Found by reading the project's source files as text (nothing is run): the folders of dependencies,
 * builds, version control and the migrations are left out, and the walk stops after a bound of files.
 */
import fs from "node:fs";
import path from "node:path";

/** What `autogen init` puts in the config. */
export type EntitySource =
  /** A module exporting the DataSource (relative to the project, `/`-separated); `others`: further candidates. */
  | { readonly kind: "dataSource"; readonly file: string; readonly others: readonly string[] }
  /** Globs of the files declaring entities (relative, `/`-separated). */
  | { readonly kind: "entities"; readonly globs: readonly string[] };

/** Folders never read: dependencies, builds, caches, version control, tests' own fixtures. */
const SKIPPED = new Set([
  "node_modules",
  "dist",
  "build",
  "out",
  "coverage",
  "tmp",
  "test",
  "tests",
  "__tests__",
  "spec",
  "e2e",
  "fixtures",
  "templates",
]);

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const DECLARATION = /\.d\.[mc]?ts$/;
/** How many files the walk reads at most, and how large one may be. */
const MAX_FILES = 5_000;
const MAX_BYTES = 512 * 1024;

const CREATES_DATA_SOURCE = /\bnew\s+DataSource\s*\(/;
const FROM_TYPEORM = /["']typeorm["']/;
const EXPORTS = /\bexport\s+(default|const|let|var)\b|\bmodule\.exports\b|\bexports\.\w+\s*=/;
const DECLARES_ENTITY = /@(Entity|ViewEntity|ChildEntity)\s*\(/;
/** A name that says "this is the DataSource", best first. */
const DATA_SOURCE_NAMES = [/^data-?source\./i, /data-?source/i, /ormconfig/i, /typeorm/i, /database|db/i];

/** The project's source files, relative and `/`-separated, in a stable order; `migrations` is left out. */
function sourceFiles(projectDir: string, migrations: string): string[] {
  const found: string[] = [];
  const skippedPath = path.resolve(projectDir, migrations);
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return;
    }
    for (const entry of entries) {
      if (found.length >= MAX_FILES) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith(".") || SKIPPED.has(entry.name) || full === skippedPath) continue;
        walk(full);
      } else if (entry.isFile() && SOURCE.test(entry.name) && !DECLARATION.test(entry.name)) {
        found.push(path.relative(projectDir, full).split(path.sep).join("/"));
      }
    }
  };
  walk(projectDir);
  return found;
}

function readText(file: string): string | null {
  try {
    return fs.statSync(file).size > MAX_BYTES ? null : fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** How well `file`'s name says it is the DataSource: lower is better. */
function nameRank(file: string): number {
  const base = path.posix.basename(file);
  const rank = DATA_SOURCE_NAMES.findIndex((pattern) => pattern.test(base));
  return rank < 0 ? DATA_SOURCE_NAMES.length : rank;
}

/** Globs matching exactly the folders of `files` (or one `**` glob when they follow `*.entity.ts`). */
function globsFor(files: readonly string[]): string[] {
  const suffix = /\.entity\.([mc]?[jt]s)$/;
  if (files.length > 1 && files.every((file) => suffix.test(file))) {
    const extensions = new Set(files.map((file) => suffix.exec(file)![1]));
    if (extensions.size === 1) {
      const root = commonFolder(files);
      return [`${root === "" ? "" : `${root}/`}**/*.entity.${[...extensions][0]}`];
    }
  }
  const byFolder = new Map<string, Set<string>>();
  for (const file of files) {
    const folder = path.posix.dirname(file);
    const extension = path.posix.extname(file);
    if (!byFolder.has(folder)) byFolder.set(folder, new Set());
    byFolder.get(folder)!.add(extension);
  }
  return [...byFolder].flatMap(([folder, extensions]) =>
    [...extensions].sort().map((extension) => `${folder === "." ? "" : `${folder}/`}*${extension}`),
  );
}

function commonFolder(files: readonly string[]): string {
  const parts = files.map((file) => path.posix.dirname(file).split("/").filter((p) => p !== "."));
  const common: string[] = [];
  for (let i = 0; parts.every((p) => i < p.length && p[i] === parts[0]![i]); i++) common.push(parts[0]![i]!);
  return common.join("/");
}

/**
 * Where the entities of the project in `projectDir` are (see the file comment), or null when no source
 * file creates a DataSource or declares an entity.
 *
 * @param migrations the migrations folder (relative), whose files are not read.
 */
export function detectEntitySource(projectDir: string, migrations: string): EntitySource | null {
  const dataSources: string[] = [];
  const entities: string[] = [];
  for (const file of sourceFiles(projectDir, migrations)) {
    const text = readText(path.join(projectDir, file));
    if (text === null) continue;
    if (CREATES_DATA_SOURCE.test(text) && FROM_TYPEORM.test(text) && EXPORTS.test(text)) dataSources.push(file);
    if (DECLARES_ENTITY.test(text) && FROM_TYPEORM.test(text)) entities.push(file);
  }
  if (dataSources.length > 0) {
    // TypeScript before JavaScript of the same name, then the best name, then the shallowest path.
    const ranked = [...dataSources].sort(
      (a, b) =>
        nameRank(a) - nameRank(b) ||
        Number(!/\.[mc]?ts$/.test(a)) - Number(!/\.[mc]?ts$/.test(b)) ||
        a.split("/").length - b.split("/").length ||
        (a < b ? -1 : a > b ? 1 : 0),
    );
    return { kind: "dataSource", file: ranked[0]!, others: ranked.slice(1) };
  }
  if (entities.length > 0) return { kind: "entities", globs: globsFor(entities) };
  return null;
}
