/**
 * `autogen init`: scaffolds a project: a config file, the migrations folder and a copy of the migration
 * template to adapt. Refuses to overwrite anything. Unless told where the entities are, the config names
 * the project's DataSource module, else the files declaring entities, as found (init-detect.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_TEMPLATE_PATH } from "../render/default-template";
import { CONFIG_FILE_NAMES } from "../config/load-config";
import { UsageError } from "../errors";
import { detectEntitySource, type EntitySource } from "./init-detect";

export interface InitOptions {
  readonly dir: string;
  /** Folder for migrations, relative to `dir`. Default `migrations`. */
  readonly migrations?: string;
  /** Entity globs to put in the config. */
  readonly entities?: readonly string[];
  /** The module exporting the project's DataSource, relative to `dir`, to put in the config. */
  readonly dataSource?: string;
}

/** What the config names as the entities: what the caller gave, what was found, or the default. */
export type InitSource = EntitySource & { readonly found: "given" | "detected" | "default" };

export interface InitResult {
  readonly created: readonly string[];
  readonly source: InitSource;
}

/** Where entities are looked for when nothing was given or found. */
export const DEFAULT_ENTITY_GLOBS: readonly string[] = ["src/entities/*.ts"];

function sourceLines(source: EntitySource): string {
  if (source.kind === "dataSource") {
    return `  // The module exporting your TypeORM DataSource: its entities, naming strategy and connection settings
  // (or \`entities: ["src/entities/*.ts"]\`, globs of entity files, with TypeORM's default naming).
  dataSource: ${JSON.stringify(source.file)},`;
  }
  return `  // Globs of TypeORM entity files (or \`dataSource: "src/data-source.ts"\` to use your DataSource, with its
  // naming strategy).
  entities: ${JSON.stringify(source.globs)},`;
}

function configText(source: EntitySource, migrations: string): string {
  return `import { defineConfig } from "pg-autogen";

export default defineConfig({
${sourceLines(source)}
  // Where migration files are written and read.
  migrations: ${JSON.stringify(migrations)},
  // The database: --url, then this, then DATABASE_URL; with none, an embedded database under .autogen/.
  // databaseUrl: "postgresql://user:password@localhost:5432/app",
  // Schemas to compare (default: those the entities use).
  // schemas: ["public"],
  // Tables to leave alone: patterns like "audit.*" or functions ({ schema, name }) => boolean.
  // exclude: [],
  // The migration template, copied here by \`autogen init\`: adapt it as you like.
  template: "templates/migration.ts.hbs",
  // Commands run on each new migration file; {file} is its path.
  // postWriteHooks: ["npx --no eslint --fix {file}"],
});
`;
}

function entitySource(dir: string, migrations: string, options: InitOptions): InitSource {
  if (options.dataSource !== undefined && options.entities !== undefined) {
    throw new UsageError("init takes --data-source or --entities, not both: the config names one; nothing was changed.");
  }
  if (options.dataSource !== undefined) {
    const file = path.relative(dir, path.resolve(dir, options.dataSource)).split(path.sep).join("/");
    return { kind: "dataSource", file, others: [], found: "given" };
  }
  if (options.entities !== undefined) return { kind: "entities", globs: options.entities, found: "given" };
  const detected = detectEntitySource(dir, migrations);
  return detected === null ? { kind: "entities", globs: DEFAULT_ENTITY_GLOBS, found: "default" } : { ...detected, found: "detected" };
}

export async function initProject(options: InitOptions): Promise<InitResult> {
  const dir = path.resolve(options.dir);
  const existing = CONFIG_FILE_NAMES.map((n) => path.join(dir, n)).find((f) => fs.existsSync(f));
  if (existing) throw new UsageError(`${existing} already exists: this project is already initialised; nothing was changed.`);
  const migrations = options.migrations ?? "migrations";
  const template = path.join(dir, "templates", "migration.ts.hbs");
  if (fs.existsSync(template)) throw new UsageError(`${template} already exists; nothing was changed.`);
  // Before anything is written: a refusal leaves the folder as it was.
  const source = entitySource(dir, migrations, options);
  const created: string[] = [];
  fs.mkdirSync(path.join(dir, migrations), { recursive: true });
  created.push(path.join(dir, migrations) + path.sep);
  fs.mkdirSync(path.dirname(template), { recursive: true });
  fs.copyFileSync(DEFAULT_TEMPLATE_PATH, template);
  created.push(template);
  const config = path.join(dir, "autogen.config.ts");
  fs.writeFileSync(config, configText(source, migrations), { flag: "wx" });
  created.push(config);
  return { created, source };
}
