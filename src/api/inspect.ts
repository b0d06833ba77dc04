/**
 * The read commands: `current`, `history`, `heads`, `branches`, `show`. They return data; the CLI prints
 * it (or `--json`).
 */
import fs from "node:fs";
import type { Project } from "./project";
import { embeddedDataDir } from "../db/open";
import { loadRevisionGraph, loadScripts } from "./scripts";
import { DEFAULT_VERSION_TABLE_CONFIG, readHeads } from "../runner/version-table";
import { history as graphHistory, rangeReadsDatabase } from "../revision/history";
import type { Revision } from "../revision/revision";
import type { RevisionGraph } from "../revision/graph";
import type { MigrationModule } from "../revision/migration-module";
import { verifyChecksums, type ChecksumMismatch } from "../runner/checksums";
import { readAppliedState } from "../revision/applied-state";
import { InvalidTargetError, MultipleHeadsError } from "../revision/errors";
import { parseTarget } from "../revision/target-spec";
import { resolveTarget } from "../revision/targets";

/** A revision as the read commands report it: its declared fields and where it stands in the graph. */
export interface RevisionInfo extends Omit<Revision, "createDate"> {
  readonly createDate: string | null;
  readonly isHead: boolean;
  readonly isBranchPoint: boolean;
  readonly isMergePoint: boolean;
  /**
   * Whether the database's version table holds this revision; null when the database was not read
   * (`heads`, `branches`, `show`, and `history` without a database it can reach).
   */
  readonly isCurrent: boolean | null;
}

function info(graph: RevisionGraph, revision: Revision, current: ReadonlySet<string> | null): RevisionInfo {
  return {
    id: revision.id,
    downRevisions: revision.downRevisions,
    branchLabels: revision.branchLabels,
    dependsOn: revision.dependsOn,
    message: revision.message,
    path: revision.path,
    createDate: revision.createDate ?? null,
    isHead: graph.childrenOf(revision.id).length === 0,
    isBranchPoint: graph.childrenOf(revision.id).length > 1,
    isMergePoint: revision.downRevisions.length > 1,
    isCurrent: current === null ? null : current.has(revision.id),
  };
}

export interface CurrentResult {
  readonly heads: readonly RevisionInfo[];
  /** Revision ids in the version table that no migration file declares. */
  readonly unknown: readonly string[];
  readonly checksumMismatches: readonly ChecksumMismatch[];
}

/** The revisions the database is at. */
export async function current(project: Project): Promise<CurrentResult> {
  const scripts = await loadScripts(project.config, { onProgress: project.onProgress });
  const db = await project.connect();
  try {
    const rows = await readHeads(db, DEFAULT_VERSION_TABLE_CONFIG);
    const set = new Set(rows);
    const known = rows.filter((r) => scripts.graph.has(r));
    return {
      heads: known.map((id) => info(scripts.graph, scripts.graph.get(id), set)),
      unknown: rows.filter((r) => !scripts.graph.has(r)),
      checksumMismatches: await verifyChecksums(db, scripts.modules as Map<string, MigrationModule>, DEFAULT_VERSION_TABLE_CONFIG),
    };
  } finally {
    await db.close();
  }
}

/**
 * The revisions, newest first; `range` as Alembic's `-r` (`base:head`, `ae10:`, `current:`).
 *
 * `isCurrent` comes from the database: with `indicateCurrent` (or a range naming `current`, or a step from
 * it such as `-1:`) it must be read, and errors are thrown; with `readCurrent` it is read when it can be:
 * from the configured URL, or from the embedded database if it exists already (it is never created for
 * this). When it cannot, `isCurrent` is null and the project's logger says why.
 */
export async function history(
  project: Project,
  options: { range?: string; indicateCurrent?: boolean; readCurrent?: boolean } = {},
): Promise<RevisionInfo[]> {
  const graph = await loadRevisionGraph(project.config, { onProgress: project.onProgress });
  const needsDb = options.indicateCurrent || rangeReadsDatabase(graph, options.range);
  let rows: string[] | null = null;
  if (needsDb) rows = await readVersionRows(project);
  else if (options.readCurrent) rows = await readVersionRowsIfPossible(project);
  const current = rows === null ? null : new Set(rows);
  return graphHistory(graph, options.range, rows ?? []).map((r) => info(graph, r, current));
}

async function readVersionRows(project: Project): Promise<string[]> {
  const db = await project.connect();
  try {
    return await readHeads(db, DEFAULT_VERSION_TABLE_CONFIG);
  } finally {
    await db.close();
  }
}

/** The version table's rows, or null (and a note through the logger) when no database can be read. */
async function readVersionRowsIfPossible(project: Project): Promise<string[] | null> {
  const unknown = (why: string): null => {
    project.logger.warn(`isCurrent is null: ${why}.`);
    return null;
  };
  try {
    const { kind } = await project.databaseChoice();
    if (kind === "none") return unknown("no database URL is configured");
    if (kind === "embedded" && !fs.existsSync(embeddedDataDir(project.config.projectDir))) {
      return unknown("no database is configured and the embedded one does not exist yet");
    }
    return await readVersionRows(project);
  } catch (error) {
    return unknown(`the database could not be read (${error instanceof Error ? error.message : String(error)})`);
  }
}

export async function heads(project: Project): Promise<RevisionInfo[]> {
  const graph = await loadRevisionGraph(project.config, { onProgress: project.onProgress });
  return graph.heads.map((r) => info(graph, r, null));
}

/** A branch point, with the revisions that branch off it (its children, in id order). */
export interface BranchPointInfo extends RevisionInfo {
  readonly branchesInto: readonly RevisionInfo[];
}

/** Branch points: revisions with more than one child, newest first (as `history` and Alembic's `branches`). */
export async function branches(project: Project): Promise<BranchPointInfo[]> {
  const graph = await loadRevisionGraph(project.config, { onProgress: project.onProgress });
  return [...graph.topologicalOrder()]
    .reverse()
    .filter((r) => graph.childrenOf(r.id).length > 1)
    .map((r) => ({
      ...info(graph, r, null),
      branchesInto: graph.childrenOf(r.id).map((child) => info(graph, graph.get(child), null)),
    }));
}

/**
 * One revision, named as `upgrade` names a target without the database: a full id, an unambiguous prefix,
 * a branch label, `head`, `label@head`, `label@<prefix>`, a step from one (`head-1`). A name that designates
 * several revisions (`head` or `heads` with several heads) throws `MultipleHeadsError`.
 */
export async function show(project: Project, ref: string): Promise<RevisionInfo & { readonly children: readonly string[] }> {
  const graph = await loadRevisionGraph(project.config, { onProgress: project.onProgress });
  const spec = ref.trim() === "current" ? null : parseTarget(ref, graph);
  if (spec === null || (spec.kind === "relative" && spec.anchor.kind === "current")) {
    throw new InvalidTargetError(
      ref,
      'show does not read the database: "autogen current --verbose" shows the revisions it is at, and steps are counted from a revision or the head ("head-1")',
    );
  }
  const revisions = resolveTarget(graph, readAppliedState(graph, []), spec, ref, "history");
  if (revisions.length > 1) throw new MultipleHeadsError(revisions.map((r) => r.id), ref);
  const revision = revisions[0];
  if (revision === undefined) throw new InvalidTargetError(ref, "it designates base, which is no revision");
  return { ...info(graph, revision, null), children: graph.childrenOf(revision.id) };
}
