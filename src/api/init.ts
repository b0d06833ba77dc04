/**
 * `autogen init`: scaffolds a project: a config file, the migrations folder and a copy of the migration
 * template to adapt. Refuses to overwrite anything.
 */
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_TEMPLATE_PATH } from "../render/default-template";
import { CONFIG_FILE_NAMES } from "../config/load-config";
import { UsageError } from "../errors";

export interface InitOptions {
  readonly dir: string;
  /** Folder for migrations, relative to `dir`. Default `migrations`. */
  readonly migrations?: string;
  /** Entity globs to put in the config. Default `src/entities/*.ts`. */
  readonly entities?: readonly string[];
}

export interface InitResult {
  readonly created: readonly string[];
}

function configText(entities: readonly string[], migrations: string): string {
  return `import { defineConfig } from "pg-autogen";

export default defineConfig({
  // Globs of TypeORM entity files (or \`dataSource: "src/data-source.ts"\` to use your DataSource).
  entities: ${JSON.stringify(entities)},
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

export async function initProject(options: InitOptions): Promise<InitResult> {
  const dir = path.resolve(options.dir);
  const existing = CONFIG_FILE_NAMES.map((n) => path.join(dir, n)).find((f) => fs.existsSync(f));
  if (existing) throw new UsageError(`${existing} already exists: this project is already initialised; nothing was changed.`);
  const migrations = options.migrations ?? "migrations";
  const template = path.join(dir, "templates", "migration.ts.hbs");
  if (fs.existsSync(template)) throw new UsageError(`${template} already exists; nothing was changed.`);
  const created: string[] = [];
  fs.mkdirSync(path.join(dir, migrations), { recursive: true });
  created.push(path.join(dir, migrations) + path.sep);
  fs.mkdirSync(path.dirname(template), { recursive: true });
  fs.copyFileSync(DEFAULT_TEMPLATE_PATH, template);
  created.push(template);
  const config = path.join(dir, "autogen.config.ts");
  fs.writeFileSync(config, configText(options.entities ?? ["src/entities/*.ts"], migrations), { flag: "wx" });
  created.push(config);
  return { created };
}
