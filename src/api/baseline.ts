/**
 * `autogen revision --baseline`: adopting a database that has no autogen history (built by hand, by
 * TypeORM's `synchronize()` or by TypeORM's own migrations). It writes a first revision whose upgrade
 * creates what the live database holds and whose downgrade empties it, then stamps the database at it,
 * so that `check --shadow`, `autogen test` and `-m` work from there as on a project born with the tool.
 *
 * The baseline is a comparison like any other: an empty model against the introspected database, with
 * every optional catalog kind managed (see `BASELINE_MANAGED_KINDS`). So it holds every object kind the
 * model knows, in the phase order every migration uses (schemas and types, tables, keys, indexes, foreign
 * keys, views in dependency order), and each kind the catalog work adds to the model and the comparator
 * flows into baselines without a change here.
 */
import fs from "node:fs";
import path from "node:path";
import type { Project } from "./project";
import { comparedSchemas, readEntities } from "./autogenerate";
import { entityDefaultSchema } from "./default-schema";
import { loadScripts } from "./scripts";
import type { RevisionResult } from "./revision";
import { writeRevisionFile } from "./write-revision";
import { hazardsOf } from "./revision-hazards";
import type { ResolvedConfig } from "../config/config";
import { objectFilter } from "../config/filters";
import type { Database } from "../db/database";
import { introspect } from "../introspect";
import { EMPTY_MODEL, type SchemaModel, type SequenceDef } from "../model/schema-model";
import { objectKey } from "../model/object-ref";
import { qualifiedName } from "../model/names";
import { compare, isTypeormBookkeeping } from "../compare/compare";
import { DATABASE_MANAGED_KINDS, type ManagedKind } from "../compare/managed-kinds";
import type { Operation } from "../ops/operation";
import { orderOperations } from "../ops/phases";
import { newRevisionId } from "../render/revision-id";
import { checkNewRevision } from "../revision/new-revision";
import { RevisionGraph } from "../revision/graph";
import { listMigrationFiles } from "../revision/script-directory";
import { stamp } from "../runner/stamp";
import { DEFAULT_VERSION_TABLE_CONFIG, readHeads } from "../runner/version-table";
import { AutogenError, UsageError } from "../errors";

/**
 * The optional kinds a baseline creates: all that a database-to-database diff manages (functions,
 * triggers, policies, comments, domains, partitions, ... and whatever kind is added to that list).
 * Privileges are left out, as in that diff: GRANTs name roles that exist on one cluster only, and a
 * baseline must replay anywhere (a shadow database, CI, a colleague's machine).
 */
export const BASELINE_MANAGED_KINDS: ReadonlySet<ManagedKind> = DATABASE_MANAGED_KINDS;

export interface BaselineOptions {
  readonly message: string;
  /** Use this revision id instead of a random one. */
  readonly revId?: string;
  readonly branchLabels?: readonly string[];
  /** Write and stamp nothing; return the rendered text. */
  readonly dryRun?: boolean;
}

export interface BaselineResult extends RevisionResult {
  /** The schemas the baseline was read from. */
  readonly schemas: readonly string[];
  /** Whether the database was stamped at the new revision (false for a dry run). */
  readonly stamped: boolean;
}

/** A baseline must be the first revision: the migrations folder already holds some. */
export class MigrationsFolderNotEmptyError extends UsageError {
  constructor(
    readonly folder: string,
    readonly files: readonly string[],
  ) {
    const shown = files.slice(0, 3).map((f) => path.basename(f)).join(", ") + (files.length > 3 ? ", ..." : "");
    super(
      `The migrations folder ${folder} already holds ${files.length} migration file${files.length === 1 ? "" : "s"} ` +
        `(${shown}), and a baseline can only be the first revision of a history. If the database is at the head ` +
        `of those migrations, "autogen stamp head" adopts it; if they are another tool's migrations (TypeORM's), ` +
        `set "migrations" in the config to a new folder for autogen's and run the baseline again.`,
    );
  }
}

/** The database is already stamped with autogen revisions. */
export class DatabaseAlreadyVersionedError extends UsageError {
  constructor(
    readonly database: string,
    readonly heads: readonly string[],
  ) {
    super(
      `The database at ${database} is already at revision ${heads.join(", ")} of an autogen history, so there is ` +
        `nothing to adopt. Restore that history's migration files, or if it is gone, run "autogen stamp base ` +
        `--purge" first (nothing in the schema changes) and then the baseline again.`,
    );
  }
}

/** The database holds nothing in the compared schemas. */
export class NothingToAdoptError extends UsageError {
  constructor(
    readonly database: string,
    readonly schemas: readonly string[],
  ) {
    super(
      `The database at ${database} has nothing to adopt in schema${schemas.length === 1 ? "" : "s"} ` +
        `${schemas.join(", ")} (no table, view, type or other object outside the tools' own tables), so a baseline ` +
        `would be empty. Start the history from your entities instead: autogen -m "initial". If the objects live ` +
        `in other schemas, list them in the config's "schemas".`,
    );
  }
}

/** The baseline file was written but the database could not be stamped: the file was removed again. */
export class BaselineStampError extends AutogenError {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(
      `The baseline ${file} was written but the database could not be stamped at it, so the file was removed ` +
        `again and nothing changed: ${detail}`,
      { cause },
    );
  }
}

/** What a baseline needs of the entities: the schemas they use and the tables they map. */
interface EntityScope {
  readonly schemas: string[];
  /** Keys of the tables the entities map; empty when no entities are configured. */
  readonly tables: ReadonlySet<string>;
}

/**
 * The schemas a baseline covers (the config's, else those the entities use, else the connection's default
 * schema, `entityDefaultSchema`) and the tables
 * the entities map. Entities are read when they are configured: a broken entity file stops the baseline,
 * as it would stop every `check` after it.
 */
async function entityScope(config: ResolvedConfig, defaultSchema: string): Promise<EntityScope> {
  if (!config.dataSource && config.entities.length === 0) {
    return { schemas: config.schemas?.length ? [...config.schemas] : [defaultSchema], tables: new Set() };
  }
  const entities = await readEntities(config, undefined, defaultSchema);
  return { schemas: comparedSchemas(config, entities, [], defaultSchema), tables: new Set(Object.keys(entities.tables)) };
}

/**
 * `model` without TypeORM's bookkeeping tables that no entity maps (its migration history under whatever
 * name the DataSource gave it; `typeorm_metadata` is never introspected) and the sequences they own: a
 * project that used TypeORM's migrations keeps that table, and autogen's history never creates or drops it.
 */
function withoutTypeormTables(model: SchemaModel, mapped: ReadonlySet<string>): SchemaModel {
  const gone = new Set(
    Object.entries(model.tables)
      .filter(([key, t]) => !mapped.has(key) && isTypeormBookkeeping(t))
      .map(([key]) => key),
  );
  if (gone.size === 0) return model;
  const ownedByGone = (s: SequenceDef) => s.ownedBy !== null && gone.has(qualifiedName(s.ownedBy.table.schema, s.ownedBy.table.name));
  return {
    ...model,
    tables: Object.fromEntries(Object.entries(model.tables).filter(([key]) => !gone.has(key))),
    sequences: Object.fromEntries(Object.entries(model.sequences).filter(([, s]) => !ownedByGone(s))),
  };
}

/**
 * Extensions without their installed version: the baseline creates each at the version the server it
 * replays on offers (a shadow PGlite, a newer server in CI), as the entities' own requirements do.
 */
function unpinnedExtensions(model: SchemaModel): SchemaModel {
  const extensions = Object.fromEntries(Object.entries(model.extensions).map(([name, e]) => [name, { ...e, version: null }]));
  return { ...model, extensions };
}

/**
 * What a database just created from template0 holds in `schemas`, as the baseline's starting point: no schema that the
 * live objects need (those are created, never `public`), and the `public` schema's own comment (PostgreSQL
 * 15 and later), so that the baseline neither writes nor, in its downgrade, removes it.
 */
const PUBLIC_SCHEMA = { kind: "schema", name: "public" } as const;
function freshDatabase(schemas: readonly string[]): SchemaModel {
  if (!schemas.includes("public")) return { ...EMPTY_MODEL, schemas: [] };
  return {
    ...EMPTY_MODEL,
    schemas: [],
    comments: { [objectKey(PUBLIC_SCHEMA)]: { object: PUBLIC_SCHEMA, comment: "standard public schema" } },
  };
}

/**
 * The operations that create, on an empty database, what `db` holds in the scope's schemas (minus what the
 * config's include/exclude filters leave out, the tools' own tables and TypeORM's bookkeeping tables).
 */
export async function baselineOperations(
  db: Database,
  config: ResolvedConfig,
  scope: EntityScope,
): Promise<{ operations: Operation[]; log: string[] }> {
  const live = unpinnedExtensions(withoutTypeormTables(await introspect(db, { schemas: scope.schemas }), scope.tables));
  const { operations, log } = compare(freshDatabase(scope.schemas), live, { include: objectFilter(config.include, config.exclude), manage: BASELINE_MANAGED_KINDS });
  return { operations: ownSequencesAfterTables(operations), log };
}

/**
 * A created sequence `OWNED BY` a column of a table the same migration creates cannot be created owned
 * (sequences come before tables, see the known limit in ops/phases.ts): it is created unowned and handed
 * to its owner by an `alterSequence`, which runs once the table exists (and, inverted, first in the
 * downgrade, so that dropping the table does not take the sequence with it).
 */
function ownSequencesAfterTables(operations: readonly Operation[]): Operation[] {
  const created = new Set(operations.flatMap((op) => (op.kind === "createTable" ? [qualifiedName(op.table.schema, op.table.name)] : [])));
  const handOver: Operation[] = [];
  const rewritten = operations.map((op): Operation => {
    if (op.kind !== "createSequence" || op.sequence.ownedBy === null) return op;
    const owner = op.sequence.ownedBy.table;
    if (!created.has(qualifiedName(owner.schema, owner.name))) return op;
    const unowned = { ...op.sequence, ownedBy: null };
    handOver.push({ kind: "alterSequence", from: unowned, to: op.sequence });
    return { kind: "createSequence", sequence: unowned };
  });
  return handOver.length === 0 ? [...operations] : orderOperations([...rewritten, ...handOver]);
}

async function assertNoMigrations(folder: string): Promise<void> {
  if (!fs.existsSync(folder)) return;
  const files = await listMigrationFiles(folder);
  if (files.length > 0) throw new MigrationsFolderNotEmptyError(folder, files);
}

function summary(operations: readonly Operation[]): string {
  const counts = new Map<string, number>();
  for (const op of operations) counts.set(op.kind, (counts.get(op.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${n} ${kind}`).join(", ");
}

/**
 * Writes the baseline revision of the project's database and stamps the database at it.
 *
 * @example
 * const project = await openProject({ cwd, logger: console });
 * const { revision, file } = await baseline(project, { message: "baseline" });
 * // migrations/20261201_1200_baseline.ts creates every table, type and view; the database is at `revision`
 * @throws MigrationsFolderNotEmptyError, DatabaseAlreadyVersionedError, NothingToAdoptError (exit 2),
 *   BaselineStampError.
 */
export async function createBaseline(project: Project, options: BaselineOptions): Promise<BaselineResult> {
  const { config, logger } = project;
  await assertNoMigrations(config.migrationsDir);
  const revision = options.revId ?? newRevisionId();
  checkNewRevision(RevisionGraph.build([]), revision, options.branchLabels ?? []);
  const db = await project.connect();
  try {
    const heads = await readHeads(db, DEFAULT_VERSION_TABLE_CONFIG);
    if (heads.length > 0) throw new DatabaseAlreadyVersionedError(db.description, heads);
    const scope = await entityScope(config, (await entityDefaultSchema(config, db)).schema);
    const { schemas } = scope;
    const { operations, log } = await baselineOperations(db, config, scope);
    if (operations.length === 0) throw new NothingToAdoptError(db.description, schemas);
    logger.info(`Baseline of ${db.description} (schemas ${schemas.join(", ")}): ${summary(operations)}`);

    const written = await writeRevisionFile(project, {
      message: options.message,
      revision,
      parents: [],
      branchLabels: options.branchLabels,
      operations,
      dryRun: options.dryRun,
      // What it adopted is what the next autogenerate compares (see src/revision/compared-schemas.ts).
      comparedSchemas: schemas,
    });
    const part = { revision, file: written.file, operations, content: written.content };
    const result = {
      status: "created" as const,
      revision,
      operations,
      log,
      destructive: [],
      hazards: hazardsOf(operations),
      hooks: written.hooks,
      content: written.content,
      parts: [part],
      schemas,
    };
    if (written.file === null) return { ...result, file: null, stamped: false };
    try {
      // Loaded back as every command loads it: the file that is stamped is the file that replays.
      const scripts = await loadScripts(config);
      await stamp(db, revision, scripts.graph);
    } catch (error) {
      fs.rmSync(written.file, { force: true });
      throw new BaselineStampError(written.file, error);
    }
    logger.info(`Stamped the database at ${revision} (nothing in it changed).`);
    return { ...result, file: written.file, stamped: true };
  } finally {
    await db.close();
  }
}
