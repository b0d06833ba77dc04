/**
 * The project's own TypeORM, the source of truth for entity metadata: resolved from the project folder (the
 * config file's), as the project's entity files resolve it, never a copy of the tool's. Names (0.3 and 1.x
 * hash names with spaces differently), foreign-key actions (a many-to-many inverse side's ON UPDATE) and
 * indexes (1.1.2 indexes inheritance discriminators) are then what that version's `synchronize()` makes.
 */
import fs from "node:fs";
import path from "node:path";
import type * as Typeorm from "typeorm";
import { UsageError } from "../errors";

/** The TypeORM versions the tool builds metadata with (the peer dependency's range). */
export const SUPPORTED_TYPEORM = "^0.3.0 || ^1.0.0";

/** What the tool uses of the project's TypeORM. */
export interface ProjectTypeorm {
  readonly version: string;
  /** The package folder. */
  readonly directory: string;
  readonly module: Pick<typeof Typeorm, "DataSource" | "getMetadataArgsStorage" | "DefaultNamingStrategy" | "Table">;
  /** A module inside the package (`metadata-builder/EntityMetadataBuilder`), or `undefined` when it has none. */
  internal(relative: string): Record<string, unknown> | undefined;
}

/** The project has no TypeORM: the tool does not bring its own. */
export class TypeormNotFoundError extends UsageError {
  constructor(readonly projectDir: string) {
    super(
      `TypeORM is not installed for the project in ${projectDir}: pg-autogen builds entity metadata with the ` +
        `project's own typeorm (${SUPPORTED_TYPEORM}). Install it there (npm install typeorm) or run from the ` +
        `folder of a project that has it.`,
    );
  }
}

/** The project's TypeORM is outside the supported range. */
export class UnsupportedTypeormError extends UsageError {
  constructor(
    readonly version: string,
    readonly directory: string,
  ) {
    super(
      `The project's TypeORM is ${version} (${directory}); pg-autogen supports TypeORM ${SUPPORTED_TYPEORM}. ` +
        `Upgrade typeorm to a supported version.`,
    );
  }
}

/** Whether `version` (`0.3.17`, `1.0.0-dev.abc`) is in `SUPPORTED_TYPEORM`. */
export function isSupportedTypeorm(version: string): boolean {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return (major === 0 && minor === 3) || major === 1;
}

const cache = new Map<string, ProjectTypeorm>();

/**
 * The TypeORM of the project in `projectDir`.
 *
 * @throws TypeormNotFoundError when none resolves from there, UnsupportedTypeormError when it is outside
 *   `SUPPORTED_TYPEORM`.
 * @example
 *   resolveProjectTypeorm("/app").version; // "0.3.17"
 */
export function resolveProjectTypeorm(projectDir: string): ProjectTypeorm {
  let main: string;
  try {
    main = require.resolve("typeorm", { paths: [path.resolve(projectDir)] });
  } catch {
    throw new TypeormNotFoundError(path.resolve(projectDir));
  }
  const directory = path.dirname(main);
  const known = cache.get(directory);
  if (known) return known;
  let version = "unknown";
  try {
    version = String((JSON.parse(fs.readFileSync(path.join(directory, "package.json"), "utf8")) as { version?: unknown }).version);
  } catch {
    // Reported below as an unsupported version.
  }
  if (!isSupportedTypeorm(version)) throw new UnsupportedTypeormError(version, directory);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(main) as ProjectTypeorm["module"];
  const resolved: ProjectTypeorm = {
    version,
    directory,
    module,
    internal(relative) {
      const file = path.join(directory, `${relative}.js`);
      if (!fs.existsSync(file)) return undefined;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(file) as Record<string, unknown>;
    },
  };
  cache.set(directory, resolved);
  return resolved;
}

/** The TypeORM each DataSource (and so each built metadata) came from. */
const byDataSource = new WeakMap<object, ProjectTypeorm>();

/** Records that `dataSource` was made by `typeorm` (see `typeormOf`). */
export function rememberTypeorm(dataSource: object, typeorm: ProjectTypeorm): void {
  byDataSource.set(dataSource, typeorm);
}

/**
 * The TypeORM that built `metadata` (through its DataSource), for the classes its schema builder would
 * use (`DefaultNamingStrategy`, `Table`).
 */
export function typeormOf(metadata: Typeorm.EntityMetadata): ProjectTypeorm["module"] | undefined {
  return byDataSource.get(metadata.dataSource)?.module;
}
