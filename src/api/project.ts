/**
 * A project: its resolved configuration plus the ways to reach what it describes (the database, the
 * entities, the migration scripts). Every command and API function starts here.
 */
import path from "node:path";
import type { ResolvedConfig } from "../config/config";
import { loadConfig } from "../config/load-config";
import type { Database } from "../db/database";
import { openDatabase } from "../db/open";
import type { ServerSettings } from "../db/postgres";
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
   * With no database URL (`url`, the config's `databaseUrl`, `DATABASE_URL`) and no connection settings in
   * the config's DataSource: true uses the embedded database in `<projectDir>/.autogen/`; false makes
   * `connect()` fail with `NoDatabaseUrlError`. Default: the config's `embedded`, else false. (The command
   * line's default is true.)
   */
  readonly embedded?: boolean;
  /** Hears the progress of long work (see src/progress/progress.ts): every command function passes it on. */
  readonly onProgress?: ProgressListener;
  /** @internal What `embedded` defaults to when neither it nor the config says: the CLI passes true. */
  readonly embeddedByDefault?: boolean;
}

/** Every key `ProjectOptions` accepts, to report a misspelled one. */
export const PROJECT_OPTION_KEYS: readonly string[] = ["cwd", "config", "url", "env", "logger", "embedded", "embeddedByDefault", "onProgress"];

/** No database URL was given, the DataSource (if any) names no server, and the embedded database was not asked for. */
export class NoDatabaseUrlError extends UsageError {
  /** @param dataSourceFile the config's DataSource module, which has no connection settings */
  constructor(
    readonly configFile: string | null,
    readonly dataSourceFile: string | null = null,
  ) {
    super(
      `No database URL: pass --url (\`url\` from code), set \`databaseUrl\` in ${configFile ?? "the config file"} or the ` +
        `DATABASE_URL environment variable (postgresql://user:password@host:port/database)` +
        `${dataSourceFile === null ? "" : `, or give the DataSource in ${dataSourceFile} its connection settings`}. To use the ` +
        `embedded database in .autogen/ instead, set \`embedded: true\` in the config (or pass it from ` +
        `code); nothing was created.`,
    );
  }
}

/** Where `connect()` goes (see `Project.databaseChoice`). */
export type DatabaseChoice =
  | { readonly kind: "url"; readonly url: string }
  | { readonly kind: "dataSource"; readonly file: string; readonly server: ServerSettings }
  | { readonly kind: "embedded" }
  | { readonly kind: "none" };

export interface Project {
  readonly config: ResolvedConfig;
  readonly logger: Logger;
  /** The database URL in effect, or null (then the DataSource's connection settings, or the embedded database). */
  readonly databaseUrl: string | null;
  /** Whether the embedded database stands in when there is no URL and no DataSource connection. */
  readonly embedded: boolean;
  /** The `onProgress` listener the project was opened with. */
  readonly onProgress?: ProgressListener;
  /**
   * Where `connect()` goes: the database URL; else the connection settings of the config's `dataSource`
   * when it has any (its module is loaded, the DataSource is not initialised); else the embedded database
   * when `embedded`; else nowhere. Worked out on the first call.
   * @throws EntityLoadError or DataSourceModuleError when the DataSource module cannot be used,
   *   InvalidDatabaseUrlError when its `url` is not valid
   */
  databaseChoice(): Promise<DatabaseChoice>;
  /**
   * Opens the database of `databaseChoice()`; the caller closes it.
   * @throws NoDatabaseUrlError when there is none.
   */
  connect(): Promise<Database>;
}

/** Whether `connect()` reaches a server (a URL's, a DataSource's), not the embedded database or none. */
export async function connectsToServer(project: Project): Promise<boolean> {
  const { kind } = await project.databaseChoice();
  return kind === "url" || kind === "dataSource";
}

/**
 * Said with the embedded database's notice when the config names a DataSource without connection
 * settings: a user who expected its database (TypeORM would try the driver's defaults, localhost) learns
 * why it was not used.
 */
function noConnectionNote(dataSource: string): string {
  return (
    `The DataSource in ${dataSource} has no connection settings (url, host, port, username, password or ` +
    `database), so the embedded database stands in for its database.`
  );
}

/**
 * The connection settings of the config's DataSource, or null when it names no server. Loading its module
 * is recorded for the entity cache (src/cache/load-record.ts): the entity side, built later in this
 * process, needs the module this load leaves loaded.
 */
async function dataSourceSettings(config: ResolvedConfig, dataSource: string): Promise<ServerSettings | null> {
  const [{ loadDataSourceOptions }, { dataSourceServer }, { recordPreload }, { entityCacheDirectory }] = await Promise.all([
    import("../entities/load-entities"),
    import("../db/data-source-server"),
    import("../cache/load-record"),
    import("../cache/entity-model-cache"),
  ]);
  const load = () => loadDataSourceOptions(dataSource, config.projectDir, config.configFile);
  const cacheDir = entityCacheDirectory(config.projectDir);
  const options = cacheDir === null ? await load() : await recordPreload(load, [cacheDir]);
  return dataSourceServer(options, dataSource);
}

async function chooseDatabase(config: ResolvedConfig, url: string | null, embedded: boolean, onProgress?: ProgressListener): Promise<DatabaseChoice> {
  if (url !== null) return { kind: "url", url };
  const dataSource = config.dataSource;
  if (dataSource !== null) {
    const server = await trackPhase(onProgress, "readingDataSource", () => dataSourceSettings(config, dataSource));
    if (server !== null) return { kind: "dataSource", file: dataSource, server };
  }
  return embedded ? { kind: "embedded" } : { kind: "none" };
}

/** A logger without `info` and `warn` (console's `log` alone, say) would fail, or say nothing, mid-run. */
function checkLogger(logger: Logger): void {
  const missing = (["info", "warn"] as const).filter((level) => typeof logger[level] !== "function");
  if (missing.length > 0) {
    throw new UsageError(`The logger needs info(message) and warn(message) methods (console, pino and winston loggers have both); this one has no ${missing.join(", ")}.`);
  }
}

export async function openProject(options: ProjectOptions = {}): Promise<Project> {
  if (options.logger !== undefined) checkLogger(options.logger);
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const config = await loadConfig({ cwd, configPath: options.config ?? null, env });
  const logger = options.logger ?? silentLogger;
  const databaseUrl = options.url?.trim() || config.databaseUrl || null;
  const embedded = options.embedded ?? config.embedded ?? options.embeddedByDefault ?? false;
  let choice: Promise<DatabaseChoice> | null = null;
  const databaseChoice = () => (choice ??= chooseDatabase(config, databaseUrl, embedded, options.onProgress));
  return {
    config,
    logger,
    databaseUrl,
    embedded,
    onProgress: options.onProgress,
    databaseChoice,
    connect: async () => {
      const chosen = await databaseChoice();
      if (chosen.kind === "none") throw new NoDatabaseUrlError(config.configFile, config.dataSource);
      const phase = chosen.kind === "embedded" ? "startingDatabase" : "connecting";
      return trackPhase(options.onProgress, phase, () => openDatabase({
        url: chosen.kind === "url" ? chosen.url : null,
        server: chosen.kind === "dataSource" ? chosen.server : null,
        projectDir: config.projectDir,
        log: (m) => logger.warn(config.dataSource === null ? m : `${m} ${noConnectionNote(config.dataSource)}`),
        settings: { lockTimeout: config.lockTimeout, statementTimeout: config.statementTimeout },
        embedded: { ...config.embeddedEngine, projectDir: config.projectDir },
      }));
    },
  };
}
