/**
 * A project: its resolved configuration plus the ways to reach what it describes (the database, the
 * entities, the migration scripts). Every command and API function starts here.
 */
import path from "node:path";
import type { ResolvedConfig } from "../config/config";
import { loadConfig } from "../config/load-config";
import type { Database } from "../db/database";
import { openDatabase } from "../db/open";
import { UsageError } from "../errors";
import { trackPhase, type ProgressListener } from "../progress/progress";

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
  /**
   * With no database URL (`url`, the config's `databaseUrl`, `DATABASE_URL`): true uses the embedded
   * database in `<projectDir>/.autogen/`; false makes `connect()` fail with `NoDatabaseUrlError`.
   * Default: the config's `embedded`, else false. (The command line's default is true.)
   */
  readonly embedded?: boolean;
  /** Hears the progress of long work (see src/progress/progress.ts): every command function passes it on. */
  readonly onProgress?: ProgressListener;
  /** @internal What `embedded` defaults to when neither it nor the config says: the CLI passes true. */
  readonly embeddedByDefault?: boolean;
}

/** Every key `ProjectOptions` accepts, to report a misspelled one. */
export const PROJECT_OPTION_KEYS: readonly string[] = ["cwd", "config", "url", "env", "logger", "embedded", "embeddedByDefault", "onProgress"];

/** No database URL was given and the embedded database was not asked for. */
export class NoDatabaseUrlError extends UsageError {
  constructor(readonly configFile: string | null) {
    super(
      `No database URL: pass \`url\`, set \`databaseUrl\` in ${configFile ?? "the config file"} or the ` +
        `DATABASE_URL environment variable (postgresql://user:password@host:port/database). To use the ` +
        `embedded database in .autogen/ instead, pass \`embedded: true\` or set \`embedded: true\` in ` +
        `the config; nothing was created.`,
    );
  }
}

export interface Project {
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  /** The database URL in effect, or null (then the embedded database, if `embedded`). */
  readonly databaseUrl: string | null;
  /** Whether the embedded database stands in when there is no URL. */
  readonly embedded: boolean;
  /** The `onProgress` listener the project was opened with. */
  readonly onProgress?: ProgressListener;
  /**
   * Opens the configured database (or the embedded one, when `embedded`); the caller closes it.
   * @throws NoDatabaseUrlError when there is no URL and the embedded database was not asked for.
   */
  connect(): Promise<Database>;
}

/**
 * Said with the embedded database's notice when the config names a DataSource: a user who keeps the
 * connection in the DataSource expects the tool to use it, and would otherwise migrate the embedded
 * database believing it was theirs.
 */
function dataSourceConnectionNote(dataSource: string): string {
  return (
    `The DataSource in ${dataSource} gives the entities and their naming only: its connection settings are ` +
    `not used. To migrate its database, give its URL (databaseUrl in the config, DATABASE_URL or --url).`
  );
}

export async function openProject(options: ProjectOptions = {}): Promise<Project> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const config = await loadConfig({ cwd, configPath: options.config ?? null, env });
  const logger = options.logger ?? silentLogger;
  const databaseUrl = options.url?.trim() || config.databaseUrl || null;
  const embedded = options.embedded ?? config.embedded ?? options.embeddedByDefault ?? false;
  return {
    config,
    logger,
    databaseUrl,
    embedded,
    onProgress: options.onProgress,
    connect: async () => {
      if (databaseUrl === null && !embedded) throw new NoDatabaseUrlError(config.configFile);
      const phase = databaseUrl === null ? "startingDatabase" : "connecting";
      return trackPhase(options.onProgress, phase, () => openDatabase({
        url: databaseUrl,
        projectDir: config.projectDir,
        log: (m) => logger.warn(config.dataSource === null ? m : `${m} ${dataSourceConnectionNote(config.dataSource)}`),
        settings: { lockTimeout: config.lockTimeout, statementTimeout: config.statementTimeout },
        embedded: { ...config.embeddedEngine, projectDir: config.projectDir },
      }));
    },
  };
}
