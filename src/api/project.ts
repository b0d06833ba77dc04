/**
 * A project: its resolved configuration plus the ways to reach what it describes (the database, the
 * entities, the migration scripts). Every command and API function starts here.
 */
import path from "node:path";
import type { ResolvedConfig } from "../config/config";
import { loadConfig } from "../config/load-config";
import type { Database } from "../db/database";
import { openDatabase } from "../db/open";

export interface Logger {
  /** Progress and results for the user (stdout in the CLI). */
  info(message: string): void;
  /** Warnings (stderr in the CLI): destructive operations, the embedded database in use. */
  warn(message: string): void;
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined };

export interface ProjectOptions {
  /** Directory to look for the config in; default `process.cwd()`. */
  readonly cwd?: string;
  /** `--config PATH`. */
  readonly config?: string | null;
  /** `--url`: overrides the config's `databaseUrl` and `DATABASE_URL`. */
  readonly url?: string | null;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logger?: Logger;
}

export interface Project {
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  /** The database URL in effect, or null for the embedded database. */
  readonly databaseUrl: string | null;
  /** Opens the configured database (or the embedded one); the caller closes it. */
  connect(): Promise<Database>;
}

export async function openProject(options: ProjectOptions = {}): Promise<Project> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const config = await loadConfig({ cwd, configPath: options.config ?? null, env });
  const logger = options.logger ?? silentLogger;
  const databaseUrl = options.url ?? config.databaseUrl ?? null;
  return {
    config,
    logger,
    databaseUrl,
    connect: () =>
      openDatabase({
        url: databaseUrl,
        projectDir: config.projectDir,
        log: (m) => logger.warn(m),
        settings: { lockTimeout: config.lockTimeout, statementTimeout: config.statementTimeout },
        embedded: { engine: config.embedded.engine, version: config.embedded.version, projectDir: config.projectDir },
      }),
  };
}
