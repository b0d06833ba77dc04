/**
 * The read commands: `current`, `history`, `heads`, `branches`, `show`. They return data; the CLI prints
 * it (or `--json`).
 */
import type { Project } from "./project";
import { loadScripts } from "./scripts";
import { DEFAULT_VERSION_TABLE_CONFIG, readHeads } from "../runner/version-table";
import { history as graphHistory } from "../revision/history";
import type { Revision } from "../revision/revision";
import type { RevisionGraph } from "../revision/graph";
import type { MigrationModule } from "../revision/migration-module";
import { verifyChecksums, type ChecksumMismatch } from "../runner/checksums";

/** A revision as the read commands report it: its declared fields and where it stands in the graph. */
export interface RevisionInfo extends Omit<Revision, "createDate"> {
  readonly createDate: string | null;
  readonly isHead: boolean;
  readonly isBranchPoint: boolean;
  readonly isMergePoint: boolean;
  readonly isCurrent: boolean;
}

function info(graph: RevisionGraph, revision: Revision, current: ReadonlySet<string>): RevisionInfo {
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
    isCurrent: current.has(revision.id),
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
  const scripts = await loadScripts(project.config);
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

/** The revisions, newest first; `range` as Alembic's `-r` (`base:head`, `ae10:`, `current:`). */
export async function history(project: Project, options: { range?: string; indicateCurrent?: boolean } = {}): Promise<RevisionInfo[]> {
  const scripts = await loadScripts(project.config);
  let rows: string[] = [];
  const needsDb = options.indicateCurrent || (options.range ?? "").includes("current");
  if (needsDb) {
    const db = await project.connect();
    try {
      rows = await readHeads(db, DEFAULT_VERSION_TABLE_CONFIG);
    } finally {
      await db.close();
    }
  }
  const set = new Set(rows);
  return graphHistory(scripts.graph, options.range, rows).map((r) => info(scripts.graph, r, set));
}

export async function heads(project: Project): Promise<RevisionInfo[]> {
  const { graph } = await loadScripts(project.config);
  return graph.heads.map((r) => info(graph, r, new Set()));
}

/** Branch points: revisions with more than one child. */
export async function branches(project: Project): Promise<RevisionInfo[]> {
  const { graph } = await loadScripts(project.config);
  return graph.topologicalOrder().filter((r) => graph.childrenOf(r.id).length > 1).map((r) => info(graph, r, new Set()));
}

/** One revision (full id, unambiguous prefix, branch label, `head`). */
export async function show(project: Project, ref: string): Promise<RevisionInfo & { readonly children: readonly string[] }> {
  const { graph } = await loadScripts(project.config);
  const id = ref === "head" || ref === "heads" ? graph.heads.map((h) => h.id)[0] ?? ref : ref;
  const revision = graph.get(id);
  return { ...info(graph, revision, new Set()), children: graph.childrenOf(revision.id) };
}
