/**
 * `autogen diff FROM TO --ts`: the diff written as a migration file instead of SQL, through the same
 * renderer as autogenerate (the downgrade derived by inverting every operation).
 *
 * Which revision it follows (`downRevision`): the revisions FROM records in its version table (a
 * database at some revision, or `migrations[@REV]`, whose replay records where it stopped), so that the
 * file applies on top of FROM; when FROM records none (entities, a database autogen never ran on), the
 * project's head, as `autogen revision` would.
 */
import { MultipleHeadsError } from "../revision/errors";
import { newRevisionId } from "../render/revision-id";
import { enumLabelStages } from "../ops/enum-label-stages";
import { UsageError } from "../errors";
import type { DiffResult } from "./diff";
import type { Project } from "./project";
import type { RevisionResult } from "./revision";
import { hazardsOf, hazardWarnings } from "./revision-hazards";
import { planRevisionParts } from "./revision-parts";
import { loadScripts } from "./scripts";
import { writeRevisionParts } from "./write-revision";

export interface DiffRevisionOptions {
  /** The file's message (and the slug of its name); default "diff". */
  readonly message?: string;
  /** `--rev-id`: the new revision's id instead of a random one. */
  readonly revId?: string;
  readonly dryRun?: boolean;
}

/**
 * Writes `result` as a new revision of the project (nothing when there is no difference), as
 * `autogen revision` writes one: with its hazard markers, cut into several revisions when it uses an
 * enum label that it adds, in the lock-safe form when the config's `safe` says so.
 */
export async function writeDiffRevision(
  project: Project,
  result: DiffResult,
  options: DiffRevisionOptions = {},
): Promise<RevisionResult> {
  // Objects the diff does not compare may differ with no operation to write (their warnings say so).
  if (result.operations.length === 0) {
    const hazards = { upgrade: [], downgrade: [] };
    return { status: "unchanged", revision: null, file: null, operations: [], log: result.log, destructive: [], hazards, hooks: [], content: null, parts: [] };
  }
  const { graph } = await loadScripts(project.config, { allowMissing: true });
  const revision = options.revId ?? newRevisionId();
  if (graph.has(revision)) throw new UsageError(`Revision id ${revision} already exists in ${project.config.migrationsDir}.`);
  let parents: string[];
  if (result.fromRevisions !== null && result.fromRevisions.length > 0) {
    parents = result.fromRevisions.map((id) => graph.get(id).id);
    project.logger.info(`The new revision follows ${parents.join(", ")}, the revision FROM is at.`);
  } else {
    parents = graph.heads.map((head) => head.id);
    if (parents.length > 1) throw new MultipleHeadsError(parents, "head");
  }
  const operations = result.operations;
  const hazards = hazardsOf(operations);
  for (const line of hazardWarnings(hazards)) project.logger.warn(line);
  const message = options.message ?? "diff";
  const parts = planRevisionParts(enumLabelStages(operations), { message, revision, parents });
  // In the lock-safe form when the config asks for it, as `autogen revision` writes it.
  const { safe } = project.config;
  const written = await writeRevisionParts(project, parts, {
    dryRun: options.dryRun ?? false,
    // A migration to the entities records the schemas they occupy, as autogenerate's do.
    ...(result.entitySchemas !== null && { comparedSchemas: result.entitySchemas }),
    safe: safe.enabled
      ? { backfillBatchPages: safe.backfillBatchPages, timeouts: { lockTimeout: safe.lockTimeout, statementTimeout: safe.statementTimeout } }
      : undefined,
  });
  const last = written.parts[written.parts.length - 1]!;
  return {
    status: "created",
    revision,
    file: last.file,
    operations,
    log: result.log,
    destructive: hazards.upgrade.filter((h) => h.level === "destructive").map((h) => h.reason),
    hazards,
    hooks: written.hooks,
    content: last.content,
    parts: written.parts,
  };
}
