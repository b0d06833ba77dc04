/**
 * Finds, loads and validates the project configuration. A broken config is a `ConfigError` naming the
 * file and the key, never a stack trace.
 */
import fs from "node:fs";
import path from "node:path";
import { AutogenError, UsageError } from "../errors";
import { ModuleLoadError } from "../loader/load-error";
import type { AutogenConfig, ObjectFilter, PostWriteHook, ResolvedConfig } from "./config";
import { resolveLockSafety } from "./lock-safety-config";
import { DURATION } from "../db/session-settings";
import { ALL_MANAGED_KINDS, isManagedKind, type ManagedKind } from "../compare/managed-kinds";

export const CONFIG_FILE_NAMES = [
  "autogen.config.ts",
  "autogen.config.mts",
  "autogen.config.js",
  "autogen.config.cjs",
  "autogen.config.mjs",
  "autogen.config.json",
] as const;

export class ConfigError extends UsageError {
  constructor(
    readonly file: string | null,
    readonly key: string | null,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Invalid configuration${file ? ` in ${file}` : ""}${key ? ` (key "${key}")` : ""}: ${detail}`,
      options,
    );
  }
}

export interface LoadConfigOptions {
  /** Where to look for `autogen.config.*`. */
  readonly cwd: string;
  /** `--config PATH`: this file must exist. */
  readonly configPath?: string | null;
  /** The environment (for `DATABASE_URL`); defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Locates the config file: `--config`, else the first `autogen.config.*` in `cwd`, else none. */
export function findConfigFile(cwd: string, configPath?: string | null): string | null {
  if (configPath) {
    const file = path.resolve(cwd, configPath);
    if (!fs.existsSync(file)) throw new ConfigError(file, null, "the file does not exist.");
    return file;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(cwd, name);
    if (fs.existsSync(file)) return file;
  }
  return null;
}

async function readConfigFile(file: string): Promise<unknown> {
  if (file.endsWith(".json")) {
    const text = fs.readFileSync(file, "utf8");
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new ConfigError(file, null, `it is not valid JSON (${(error as Error).message}).`, { cause: error });
    }
  }
  let mod: Record<string, unknown>;
  try {
    // The module loader (and with it TypeScript's hook) only for a config that is a module.
    const { loadModule } = await import("../loader/load-module");
    mod = await loadModule(file, { projectDir: path.dirname(file) });
  } catch (error) {
    if (error instanceof ModuleLoadError) {
      throw new ConfigError(file, null, `it failed to load: ${error.detail}.`, { cause: error });
    }
    if (error instanceof AutogenError) throw new ConfigError(file, null, error.message, { cause: error });
    throw new ConfigError(file, null, `it failed to load: ${(error as Error)?.message ?? String(error)}`, {
      cause: error,
    });
  }
  const value = "default" in mod && mod.default !== undefined ? mod.default : mod.config ?? mod;
  return typeof value === "function" ? await (value as () => unknown)() : value;
}

function expectStringArray(file: string | null, key: string, value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  throw new ConfigError(file, key, `expected a string or a list of strings, got ${describe(value)}.`);
}

function expectString(file: string | null, key: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string" && value.length > 0) return value;
  throw new ConfigError(file, key, `expected a non-empty string, got ${describe(value)}.`);
}

function expectFilters(file: string | null, key: string, value: unknown): readonly ObjectFilter[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  for (const item of list) {
    if (typeof item !== "string" && typeof item !== "function") {
      throw new ConfigError(file, key, `expected patterns like "audit.*" or functions, got ${describe(item)}.`);
    }
  }
  return list as ObjectFilter[];
}

function expectHooks(file: string | null, value: unknown): readonly PostWriteHook[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  for (const item of list) {
    const ok =
      typeof item === "string" ||
      (typeof item === "object" && item !== null && typeof (item as { command?: unknown }).command === "string");
    if (!ok) {
      throw new ConfigError(file, "postWriteHooks", `expected commands like "eslint --fix {file}", got ${describe(item)}.`);
    }
  }
  return list as PostWriteHook[];
}

/** `embedded`: true, false, or `{ enabled, engine, version }` (enabled unless `enabled: false`). */
function expectEmbedded(file: string | null, value: unknown): Pick<ResolvedConfig, "embedded" | "embeddedEngine"> {
  const none = { engine: null, version: null };
  if (value === undefined || value === null) return { embedded: null, embeddedEngine: none };
  if (typeof value === "boolean") return { embedded: value, embeddedEngine: none };
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ConfigError(file, "embedded", `expected true, false or an object such as { engine: "postgres", version: 15 }, got ${describe(value)}.`);
  }
  const { enabled, engine, version, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw new ConfigError(file, `embedded.${unknown}`, `unknown key; the known keys are enabled, engine, version.`);
  if (enabled !== undefined && typeof enabled !== "boolean") {
    throw new ConfigError(file, "embedded.enabled", `expected true or false, got ${describe(enabled)}.`);
  }
  if (engine !== undefined && engine !== "postgres" && engine !== "pglite") {
    throw new ConfigError(file, "embedded.engine", `expected "postgres" or "pglite", got ${describe(engine)}.`);
  }
  if (version !== undefined && !(typeof version === "number" && Number.isInteger(version) && version >= 10)) {
    throw new ConfigError(file, "embedded.version", `expected a PostgreSQL major version such as 15, got ${describe(version)}.`);
  }
  if (version !== undefined && engine === "pglite") {
    throw new ConfigError(file, "embedded.version", `it applies to the "postgres" engine; PGlite is always PostgreSQL 18.`);
  }
  return {
    embedded: enabled !== false,
    embeddedEngine: { engine: (engine as "postgres" | "pglite" | undefined) ?? null, version: (version as number | undefined) ?? null },
  };
}

/** A timeout: milliseconds (a non-negative integer), or a PostgreSQL duration such as "5s". */
function expectDuration(file: string | null, key: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return `${value}ms`;
  if (typeof value === "string" && DURATION.test(value.trim())) return value.trim();
  throw new ConfigError(
    file,
    key,
    `expected milliseconds (a whole number, 0 for none) or a duration such as "5s", "500ms" or "1min", got ${describe(value)}.`,
  );
}

function expectManagedKinds(file: string | null, value: unknown): readonly ManagedKind[] {
  if (value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  const wrong = items.find((item) => !isManagedKind(item));
  if (!Array.isArray(value) || wrong !== undefined) {
    throw new ConfigError(
      file,
      "manage",
      `expected a list of ${ALL_MANAGED_KINDS.map((kind) => `"${kind}"`).join(", ")}; got ${describe(Array.isArray(value) ? wrong : value)}.`,
    );
  }
  return [...new Set(items as ManagedKind[])];
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return JSON.stringify(value);
  return `a ${typeof value}`;
}

const KNOWN_KEYS = new Set<keyof AutogenConfig>([
  "entities",
  "dataSource",
  "migrations",
  "databaseUrl",
  "schemas",
  "defaultSchema",
  "fileTemplate",
  "template",
  "postWriteHooks",
  "include",
  "exclude",
  "transactionPerRun",
  "safe",
  "lint",
  "lockRetry",
  "lockTimeout",
  "statementTimeout",
  "embedded",
  "manage",
]);

/** Validates a config value read from `file` and resolves it against `projectDir`. */
export function resolveConfig(
  raw: unknown,
  file: string | null,
  projectDir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ResolvedConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError(file, null, `expected an object (export default { ... }), got ${describe(raw)}.`);
  }
  const config = raw as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!KNOWN_KEYS.has(key as keyof AutogenConfig)) {
      const known = [...KNOWN_KEYS].join(", ");
      throw new ConfigError(file, key, `unknown key; the known keys are ${known}.`);
    }
  }
  const entities = expectStringArray(file, "entities", config.entities) ?? [];
  const dataSource = expectString(file, "dataSource", config.dataSource) ?? null;
  const migrations = expectString(file, "migrations", config.migrations) ?? "migrations";
  const databaseUrl = expectString(file, "databaseUrl", config.databaseUrl) ?? env.DATABASE_URL ?? null;
  const schemas = expectStringArray(file, "schemas", config.schemas) ?? null;
  const defaultSchema = expectString(file, "defaultSchema", config.defaultSchema) || null;
  const fileTemplate = expectString(file, "fileTemplate", config.fileTemplate) ?? null;
  const template = expectString(file, "template", config.template) ?? null;
  if (config.transactionPerRun !== undefined && typeof config.transactionPerRun !== "boolean") {
    throw new ConfigError(file, "transactionPerRun", `expected true or false, got ${describe(config.transactionPerRun)}.`);
  }
  return {
    configFile: file,
    projectDir,
    entities,
    dataSource: dataSource ? path.resolve(projectDir, dataSource) : null,
    migrationsDir: path.resolve(projectDir, migrations),
    databaseUrl: databaseUrl || null,
    schemas,
    defaultSchema,
    fileTemplate,
    templatePath: template ? path.resolve(projectDir, template) : null,
    postWriteHooks: expectHooks(file, config.postWriteHooks),
    include: expectFilters(file, "include", config.include),
    exclude: expectFilters(file, "exclude", config.exclude),
    transactionPerRun: config.transactionPerRun === true,
    ...resolveLockSafety(file, config),
    lockTimeout: expectDuration(file, "lockTimeout", config.lockTimeout),
    statementTimeout: expectDuration(file, "statementTimeout", config.statementTimeout),
    ...expectEmbedded(file, config.embedded),
    manage: expectManagedKinds(file, config.manage),
  };
}

/** Finds and loads the configuration; with no file, the defaults for `cwd`. */
export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const file = findConfigFile(options.cwd, options.configPath);
  const raw = file ? await readConfigFile(file) : {};
  const projectDir = file ? path.dirname(file) : options.cwd;
  return resolveConfig(raw, file, projectDir, options.env ?? process.env);
}
