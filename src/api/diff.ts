/**
 * `autogen diff FROM TO`: the operations, and the SQL, that turn FROM into TO, where each side is a
 * PostgreSQL database, the migration history (replayed into a throwaway embedded database) or the
 * project's entities (normalised by the other side's database, else a throwaway embedded one).
 *
 * Between two databases every catalog kind is managed (privileges on request) and the whole database is
 * compared (every user schema, or those `schemas` names, less `excludeSchemas`): schemas and extensions
 * only FROM has are dropped. With entities on either side it is autogenerate's comparison: the kinds
 * entities do not describe are left alone, and nothing but tables, views, enums and sequences is dropped.
 *
 * The statements come in phase order corrected by the dependencies the models know and by both
 * databases' own dependency records (src/compare/dependency-order.ts), so that they apply as printed.
 */
import fs from "node:fs";
import { objectFilter } from "../config/filters";
import { keepUnsynchronizedIndexes, withoutUnsynchronizedTables } from "./unsynchronized";
import type { Database } from "../db/database";
import { compare } from "../compare/compare";
import { orderMigration } from "../compare/dependency-order";
import { ALL_MANAGED_KINDS, DATABASE_MANAGED_KINDS, ENTITY_MANAGED_KINDS, type ManagedKind } from "../compare/managed-kinds";
import { introspect } from "../introspect";
import { nameOwnerGrantees } from "../introspect/owner-grantees";
import { rememberDroppedOwners } from "../introspect/dropped-owners";
import { ownersAcrossParts } from "../introspect/owners-across-parts";
import { readDependenciesFor } from "../introspect/read-dependencies";
import { userSchemas } from "../introspect/user-schemas";
import type { ObjectDependencies, ObjectKey } from "../model/object-keys";
import type { SchemaModel } from "../model/schema-model";
import { normaliseModel } from "../normalise";
import { enumLabelStages } from "../ops/enum-label-stages";
import { destructiveReason } from "../ops/destructive";
import { migrationHazards } from "../ops/hazards";
import { invertAll } from "../ops/invert";
import type { Operation } from "../ops/operation";
import { operationObjects } from "../ops/operation-objects";
import { DEFAULT_VERSION_TABLE_CONFIG, readHeads } from "../runner/version-table";
import { compileOperation, type CompiledStatement } from "../sql/compile";
import { UsageError } from "../errors";
import { comparedSchemas, readEntities, targetSchemas } from "./autogenerate";
import { DiffSides } from "./diff-sides";
import { diffArguments } from "./diff-arguments";
import type { DiffSource } from "./diff-source";
import { checkExtensionUpdates } from "./extension-updates";
import type { Project } from "./project";
import { downgradeRuleReaderWarnings, refuseUnmodelledRuleReaders } from "./rule-readers";
import { downgradeTypeUseWarnings, refuseTypesUsedOutside } from "./type-users-outside";
import { uncomparedDifferences, uncomparedWarning, type UncomparedDifference } from "./uncompared";
import { readExtensionContents } from "../introspect/read-extension-contents";
import { extensionsInOtherSchemas } from "../compare/extension-moves";
import { sqlLineComment } from "../sql/line-comment";
import { startPhase, trackPhase, type ProgressListener } from "../progress/progress";
import { entityDefaultSchema } from "./default-schema";

export interface DiffOptions {
  /** Compare only these schemas (migra's `--schema`); default every user schema, or the entities' schemas. */
  readonly schemas?: readonly string[];
  /** Leave these schemas out (migra's `--exclude-schema`). */
  readonly excludeSchemas?: readonly string[];
  /**
   * Also compare GRANT/REVOKE and default privileges (the "privileges" kind); refused with entities, which
   * describe none.
   */
  readonly withPrivileges?: boolean;
  /** The project, for `migrations` and `entities` (and its include/exclude filters). */
  readonly project?: Project | null;
  /** Hears the phases: reading the catalogs, normalising the entities, comparing (default: the project's). */
  readonly onProgress?: ProgressListener;
}

/** One operation with its statements and, when it can lose data, why. */
export interface DiffStep {
  readonly operation: Operation;
  readonly statements: readonly CompiledStatement[];
  readonly destructive: string | null;
  /** How it can fail on the rows the database holds (then, in its transaction, it changes nothing). */
  readonly mayFail: readonly string[];
}

export interface DiffResult {
  /** True when FROM and TO do not differ: no operation, and no difference in `uncompared`. */
  readonly upToDate: boolean;
  /** The operations that turn FROM into TO, in the order they apply. */
  readonly operations: readonly Operation[];
  readonly steps: readonly DiffStep[];
  /** One line per difference found ("Detected added column 'public.t.n'"). */
  readonly log: readonly string[];
  /** What the user should know before applying: destructive steps, a downgrade that cannot run. */
  readonly warnings: readonly string[];
  /**
   * Between two databases, the objects of the kinds the model does not describe (foreign tables, event
   * triggers, casts, ...: src/api/uncompared.ts) that they do not share, which the script leaves as they
   * are; empty with entities, which leave every such object alone by design.
   */
  readonly uncompared: readonly UncomparedDifference[];
  /** The schemas compared. */
  readonly schemas: readonly string[];
  /** The optional kinds this comparison managed (see src/compare/managed-kinds.ts). */
  readonly managed: readonly ManagedKind[];
  /** FROM's recorded revisions (its version table), for a migration written from the diff; null for entities. */
  readonly fromRevisions: readonly string[] | null;
  /**
   * When TO is the entities: the schemas they occupy, which a migration written from the diff records as
   * its `comparedSchemas` (see src/revision/compared-schemas.ts); null otherwise.
   */
  readonly entitySchemas: readonly string[] | null;
  readonly from: SchemaModel;
  readonly to: SchemaModel;
}

/** `--with-privileges` with entities: they describe no privileges, so every grant would be revoked. */
export class PrivilegesWithEntitiesError extends UsageError {
  constructor() {
    super(
      "--with-privileges cannot be used with entities: entities describe no GRANTs, so comparing privileges " +
        "would revoke every grant on the tables they map. Compare two databases (or migrations and a database) instead.",
    );
  }
}

/**
 * The difference between FROM and TO.
 *
 * @example
 * const result = await diff("postgresql://localhost/staging", "postgresql://localhost/prod");
 * result.steps.flatMap((s) => s.statements.map((st) => `${st.sql};`)).join("\n");
 * // ALTER TABLE "public"."books" ALTER COLUMN "title" TYPE character varying(200); ...
 * @throws DiffArgumentError, InvalidDiffSourceError, PrivilegesWithEntitiesError, DiffNeedsProjectError (usage errors);
 *   connection, replay, entity and introspection errors; NoExtensionUpdatePathError
 */
export async function diff(from: string | DiffSource, to: string | DiffSource, given?: DiffOptions): Promise<DiffResult> {
  const { from: fromSource, to: toSource, options } = diffArguments(from, to, given);
  const entityMode = fromSource.kind === "entities" || toSource.kind === "entities";
  if (entityMode && options.withPrivileges) throw new PrivilegesWithEntitiesError();
  const project = options.project ?? null;
  const sides = await DiffSides.open(fromSource, toSource, project);
  try {
    // Entities without a schema go where TypeORM puts them on the connection they are compared with.
    const defaultChoice = entityMode ? await entityDefaultSchema(project!.config, await sides.normaliser(), await projectHistorySchemas(project!)) : null;
    const defaultSchema = defaultChoice?.schema ?? "public";
    const entities = entityMode ? await readEntities(project!.config, undefined, defaultSchema) : null;
    const schemas = await schemasToCompare(sides, entities, project, options, defaultSchema);
    const onProgress = options.onProgress ?? project?.onProgress;
    const read = async (db: Database | null): Promise<SchemaModel> =>
      db === null
        ? trackPhase(onProgress, "normalising", async () => normaliseModel(await sides.normaliser(), { ...entities!, schemas }))
        : trackPhase(onProgress, "readingCatalog", () => introspect(db, { schemas }));
    // Two databases are read at once, each on its own connection (their servers work side by side), as one
    // phase; with entities, one at a time, since the entities may be normalised by the other side's connection.
    const [fromRead, toRead] = entityMode
      ? [await read(sides.from), await read(sides.to)]
      : await trackPhase(onProgress, "readingCatalog", () =>
          Promise.all([introspect(sides.from!, { schemas }), introspect(sides.to!, { schemas })]),
        );
    // The entity side does not say that a schema only the history names exists, when the database has it no
    // more (see targetSchemas).
    const entitySchemas = entities === null ? null : options.schemas?.length ? schemas : comparedSchemas(project!.config, entities, [], defaultSchema);
    const asEntities = (model: SchemaModel, other: SchemaModel): SchemaModel =>
      entitySchemas === null ? model : { ...model, schemas: targetSchemas(model.schemas, entitySchemas, other) };
    // The index an `@Index({ synchronize: false })` names is the database's, as autogenerate keeps it.
    const keptIndexes = entities?.unsynchronizedIndexes ?? [];
    const asEntitySide = (model: SchemaModel, other: SchemaModel) => keepUnsynchronizedIndexes(other, asEntities(model, other), keptIndexes);
    const fromModel = fromSource.kind === "entities" ? asEntitySide(fromRead, toRead) : await withContentsOfMoved(sides.from!, fromRead, toRead);
    const toModel = toSource.kind === "entities" ? asEntitySide(toRead, fromRead) : toRead;
    // With entities, what autogenerate manages (the config's `manage`, else none of the catalog-only kinds).
    const managed = entityMode
      ? ALL_MANAGED_KINDS.filter((kind) => ENTITY_MANAGED_KINDS.has(kind) || project!.config.manage.includes(kind))
      : ALL_MANAGED_KINDS.filter((kind) => DATABASE_MANAGED_KINDS.has(kind) || (kind === "privileges" && options.withPrivileges));
    const comparing = startPhase(onProgress, "comparing");
    const compared = compare(fromModel, toModel, {
      // The tables of `synchronize: false` entities are left alone, as autogenerate leaves them.
      include: withoutUnsynchronizedTables(project ? objectFilter(project.config.include, project.config.exclude) : undefined, entities?.unsynchronizedTables ?? []),
      manage: new Set(managed),
      dropSchemas: !entityMode,
      dropExtensions: !entityMode,
      // FROM read from a catalog for `schemas`: one it lacks (`public` too) is missing there.
      ...(sides.from !== null && { catalogSchemas: schemas }),
    });
    comparing.end();
    // The dependencies matter only when there is an order to correct, and only around what the operations touch.
    const touched = touchedObjects(compared.operations);
    const dependencies = async (db: Database | null, model: SchemaModel): Promise<ObjectDependencies | null> =>
      db === null ? null : readDependenciesFor(db, touched, model);
    const [fromDependencies, toDependencies] =
      compared.operations.length < 2
        ? [null, null]
        : await trackPhase(onProgress, "readingCatalog", () =>
            Promise.all([dependencies(sides.from, fromModel), dependencies(sides.to, toModel)]),
          );
    // The comparison's order, corrected again with every dependency the databases record.
    const ordered =
      fromDependencies === null && toDependencies === null
        ? compared.operations
        : orderMigration(compared.operations, fromModel, toModel, { from: fromDependencies, to: toDependencies });
    // A view or rule FROM has and the comparison leaves out may read what the operations change.
    if (sides.from !== null) await refuseUnmodelledRuleReaders(sides.from, ordered);
    // So may a column, domain or function of a schema left out that uses a type they drop or rebuild.
    if (sides.from !== null) await refuseTypesUsedOutside(sides.from, ordered, schemas);
    const downgradeWarnings = (
      sides.from === null ? [] : [...(await downgradeRuleReaderWarnings(sides.from, ordered)), ...(await downgradeTypeUseWarnings(sides.from, ordered, schemas))]
    ).map((warning) => `WARNING: ${warning}`);
    // An owner's own privileges changed where the model cannot say who the owner is, and the owners of what
    // is dropped for good (for the downgrade): FROM's database says.
    const operations =
      fromSource.kind === "url" && sides.from !== null
        ? await ownersAcrossParts(sides.from, await rememberDroppedOwners(sides.from, await nameOwnerGrantees(sides.from, ordered)))
        : ordered;
    const extensionWarnings = sides.from === null ? [] : await checkExtensionUpdates(sides.from, operations);
    const uncompared = sides.from !== null && sides.to !== null ? await uncomparedDifferences(sides.from, sides.to, schemas) : [];
    const steps = diffSteps(operations);
    const destructive = stepWarnings(steps);
    return {
      // A difference the comparison leaves as it is (a collation's definition, an extension it cannot move) is one.
      upToDate: operations.length === 0 && uncompared.length === 0 && compared.unresolved === undefined,
      operations,
      steps,
      log: compared.log,
      warnings: [...(defaultChoice?.warning ? [`WARNING: ${defaultChoice.warning}`] : []), ...comparisonWarnings(compared.log), ...destructive, ...extensionWarnings, ...downgradeWarnings, ...uncompared.map(uncomparedWarning)],
      uncompared,
      schemas,
      managed,
      fromRevisions: sides.from === null ? null : await readHeads(sides.from, DEFAULT_VERSION_TABLE_CONFIG),
      entitySchemas: toSource.kind === "entities" ? entitySchemas : null,
      from: fromModel,
      to: toModel,
    };
  } finally {
    await sides.close();
  }
}

/**
 * `from` with what the extensions `to` has in another schema own (`extensionContents`), read from FROM's
 * database, so that the comparison can move them (src/compare/extension-moves.ts); `from` itself when there
 * are none, as in nearly every diff.
 */
async function withContentsOfMoved(db: Database, from: SchemaModel, to: SchemaModel): Promise<SchemaModel> {
  const moved = extensionsInOtherSchemas(from, to);
  if (moved.length === 0) return from;
  return { ...from, extensionContents: await readExtensionContents(db, moved.map((e) => e.name)) };
}

/** Every object the operations create, drop, alter or name (src/ops/operation-objects.ts). */
export function touchedObjects(operations: readonly Operation[]): Set<ObjectKey> {
  const keys = new Set<ObjectKey>();
  for (const op of operations) {
    const objects = operationObjects(op);
    for (const list of [objects.creates, objects.drops, objects.alters, objects.needs]) {
      for (const key of list ?? []) keys.add(key);
    }
  }
  return keys;
}

/** The comparison's warnings (what it leaves as it is, and why), as the CLI prints warnings. */
function comparisonWarnings(log: readonly string[]): string[] {
  return log.filter((line) => line.startsWith("Warning: ")).map((line) => `WARNING: ${line.slice("Warning: ".length)}.`);
}

/** The warning lines of the steps' hazards: each destructive change, each way a step can fail on rows. */
export function stepWarnings(steps: readonly DiffStep[]): string[] {
  return steps.flatMap((s) => [
    ...(s.destructive === null ? [] : [`WARNING: destructive change: ${s.destructive}.`]),
    ...s.mayFail.map((reason) => `WARNING: ${reason}.`),
  ]);
}

/** Each operation with its statements, its destructive reason and how it can fail on rows (knowing what the diff creates). */
export function diffSteps(operations: readonly Operation[]): DiffStep[] {
  const hazards = migrationHazards(operations);
  return operations.map((operation, i) => ({
    operation,
    statements: compileOperation(operation),
    destructive: destructiveReason(operation),
    mayFail: hazards[i]!.filter((hazard) => hazard.level === "mayFail").map((hazard) => hazard.reason),
  }));
}

/**
 * The derived downgrade of a diff: every operation inverted, in reverse order (what `--ts` writes as the
 * migration's `downgrade`). Print it with `diffScript({ steps: downgradeSteps(result) })`.
 * @throws IrreversibleOperationError (never for a diff's own operations, which carry what they replace)
 */
export function downgradeSteps(result: Pick<DiffResult, "operations">): DiffStep[] {
  return diffSteps(invertAll(result.operations));
}

/**
 * The schemas the project's migration history recorded (see src/revision/compared-schemas.ts), compared
 * with the entities' as `check` does; none when the project has no migrations folder yet.
 */
async function projectHistorySchemas(project: Project): Promise<string[]> {
  if (!fs.existsSync(project.config.migrationsDir)) return [];
  const [{ loadRevisionGraph }, { historySchemas }] = await Promise.all([import("./scripts"), import("../revision/compared-schemas")]);
  const graph = await loadRevisionGraph(project.config);
  return historySchemas(graph);
}

/**
 * `schemas` if given, else the entities' schemas (and those the history recorded), else every user schema
 * of either database; less `excludeSchemas`.
 */
async function schemasToCompare(
  sides: DiffSides,
  entities: SchemaModel | null,
  project: Project | null,
  options: DiffOptions,
  defaultSchema: string,
): Promise<string[]> {
  let schemas: string[];
  if (options.schemas?.length) schemas = [...options.schemas];
  else if (entities !== null) schemas = comparedSchemas(project!.config, entities, await projectHistorySchemas(project!), defaultSchema);
  else {
    const lists = await Promise.all([sides.from, sides.to].map((db) => (db === null ? [] : userSchemas(db))));
    schemas = lists.flat();
  }
  const excluded = new Set(options.excludeSchemas ?? []);
  return [...new Set(schemas)].filter((schema) => !excluded.has(schema)).sort();
}

/** The first line of a script that must commit part-way (see `diffScript`). */
export const COMMITS_PART_WAY =
  "-- This script commits part-way: a statement below must run outside a transaction block (CREATE INDEX " +
  "CONCURRENTLY), or an enum label it adds must be committed before a later statement uses it. Run it as " +
  "it is (psql -v ON_ERROR_STOP=1 -f), not in one transaction (psql -1).";

/**
 * The script a diff prints: each statement ending in `;`, a blank line between operations, a
 * `-- DESTRUCTIVE:` line before each operation that can lose data and a `-- WARNING:` line for each way it
 * can fail on the rows there. Empty when there is no difference.
 *
 * When every statement can run in one transaction, the script has no BEGIN/COMMIT: apply it with
 * `psql -1 -v ON_ERROR_STOP=1 -f`. When it cannot (a statement that refuses a transaction block, such as
 * `CREATE INDEX CONCURRENTLY`; an enum label used by a later statement, which PostgreSQL refuses before
 * the label is committed: the cuts of src/ops/enum-label-stages.ts), the script says so in its first line
 * and carries its own transactions: each run of transactional statements in a BEGIN/COMMIT block, a cut
 * ending one block and starting the next, and each other statement between blocks.
 */
export function diffScript(result: Pick<DiffResult, "steps">): string {
  if (result.steps.length === 0) return "";
  const stages = enumLabelStages(result.steps.map((step) => step.operation));
  const cutBefore = new Set<number>();
  let count = 0;
  for (const stage of stages) {
    if (count > 0) cutBefore.add(count);
    count += stage.operations.length;
  }
  const partWay = cutBefore.size > 0 || result.steps.some((step) => step.statements.some((s) => !s.transactional));
  const blocks: string[] = partWay ? [COMMITS_PART_WAY] : [];
  let open = false;
  result.steps.forEach((step, index) => {
    let lines: string[] = [];
    const flush = () => {
      if (lines.length > 0) blocks.push(lines.join("\n"));
      lines = [];
    };
    // A leading comment (DESTRUCTIVE, WARNING) goes with the first statement, inside its block.
    const moveComment = (): string[] => {
      const comment = lines.length > 0 && lines.every((line) => line.startsWith("--")) ? lines : [];
      lines = lines.filter((line) => !comment.includes(line));
      return comment;
    };
    if (step.destructive !== null) lines.push(sqlLineComment(`DESTRUCTIVE: ${step.destructive}`));
    for (const reason of step.mayFail) lines.push(sqlLineComment(`WARNING: ${reason}`));
    if (open && cutBefore.has(index)) {
      const comment = moveComment();
      blocks.push("COMMIT;");
      open = false;
      lines.push(...comment);
    }
    for (const statement of step.statements) {
      if (partWay && statement.transactional !== open) {
        const comment = moveComment();
        flush();
        blocks.push(open ? "COMMIT;" : "BEGIN;");
        open = !open;
        lines.push(...comment);
      }
      lines.push(`${statement.sql};`);
    }
    flush();
  });
  if (open) blocks.push("COMMIT;");
  return `${blocks.join("\n\n")}\n`;
}
