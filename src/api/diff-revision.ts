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
import { UsageError } from "../errors";
import type { DiffResult } from "./diff";
import type { Project } from "./project";
import type { RevisionResult } from "./revision";
import { loadScripts } from "./scripts";
import { writeRevisionFile } from "./write-revision";

export interface DiffRevisionOptions {
  /** The file's message (and the slug of its name); default "diff". */
  readonly message?: string;
  /** `--rev-id`: the new revision's id instead of a random one. */
  readonly revId?: string;
  readonly dryRun?: boolean;
}

/** Writes `result` as a new revision of the project (nothing when there is no difference). */
export async function writeDiffRevision(
  project: Project,
  result: DiffResult,
  options: DiffRevisionOptions = {},
): Promise<RevisionResult> {
  if (result.upToDate) {
    return { status: "unchanged", revision: null, file: null, operations: [], log: result.log, destructive: [], hooks: [], content: null };
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
  return writeRevisionFile(project, {
    message: options.message ?? "diff",
    revision,
    parents,
    branchLabels: [],
    dependsOn: [],
    operations: result.operations,
    log: result.log,
    dryRun: options.dryRun ?? false,
  });
}
