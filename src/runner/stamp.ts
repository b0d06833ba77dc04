/**
 * `stamp`: makes the version table say the database is at a target without running any migration (for a
 * database created another way, or to repair the table). Branches unrelated to the target keep their
 * rows; `purge` empties the table first, also when it holds revisions no file declares.
 */
import type { Database } from "../db/database";
import { UsageError } from "../errors";
import { readAppliedState } from "../revision/applied-state";
import { UnknownRevisionError } from "../revision/errors";
import type { RevisionGraph } from "../revision/graph";
import { parseTarget } from "../revision/target-spec";
import { resolveTarget } from "../revision/targets";
import { withMigrationLock } from "./advisory-lock";
import { checksumTableName, ensureChecksumTable } from "./checksums";
import {
  applyHeadChange,
  ensureVersionTable,
  readHeads,
  versionTableConfig,
  versionTableName,
  type VersionTableOptions,
} from "./version-table";

export interface StampOptions {
  /** Empty the version table before writing the target's rows. */
  readonly purge?: boolean;
  readonly versionTable?: VersionTableOptions;
  readonly lockTimeoutMs?: number | null;
}

export interface StampResult {
  /** The version table's rows before. */
  readonly before: readonly string[];
  /** The version table's rows after. */
  readonly heads: readonly string[];
}

/** The version table holds a revision no file declares, and `purge` was not given. */
export class StampUnknownRevisionError extends UsageError {
  constructor(
    readonly revision: string,
    readonly table: string,
  ) {
    super(
      `The version table ${table} holds revision "${revision}", which no migration file declares, so ` +
        `stamp cannot tell which rows the new target replaces. Restore the missing file, or run stamp ` +
        `with --purge to empty the table before writing the target.`,
    );
  }
}

/**
 * Sets the version table to `target` (`head`, `heads`, a revision, `base`, `label@head`, a relative step),
 * or to several (`["c3", "f2"]`, one per branch, as `alembic stamp c3 f2`), under the migration lock, in
 * one transaction. Without `purge`, rows on a target's lineage (its ancestors and descendants) are
 * replaced and rows of unrelated branches kept; `base` empties the table, `label@base` removes that
 * branch's rows. Checksums of revisions that are no longer applied are dropped.
 *
 * @example await stamp(db, "head", graph) // a database created by `schema:sync` is now at the head
 */
export async function stamp(
  db: Database,
  target: string | readonly string[],
  graph: RevisionGraph,
  options: StampOptions = {},
): Promise<StampResult> {
  const config = versionTableConfig(options.versionTable);
  return withMigrationLock(
    db,
    config,
    async () => {
      const rows = await readHeads(db, config);
      const current =
        options.purge === true ? [] : knownHeads(graph, rows, versionTableName(config));
      const heads = stampedHeads(graph, current, typeof target === "string" ? [target] : target);
      const applied = [...graph.ancestorIds(heads, { inclusive: true })];
      await db.transaction(async (tx) => {
        await ensureVersionTable(tx, config);
        await ensureChecksumTable(tx, config);
        if (options.purge === true) await tx.query(`DELETE FROM ${versionTableName(config)}`);
        await applyHeadChange(tx, options.purge === true ? [] : rows, heads, config);
        await tx.query(
          `DELETE FROM ${checksumTableName(config)} WHERE version_num::text <> ALL($1::text[])`,
          [applied],
        );
      });
      return { before: rows, heads };
    },
    { timeoutMs: options.lockTimeoutMs },
  );
}

function knownHeads(
  graph: RevisionGraph,
  rows: readonly string[],
  table: string,
): readonly string[] {
  try {
    return readAppliedState(graph, rows).heads;
  } catch (error) {
    if (error instanceof UnknownRevisionError)
      throw new StampUnknownRevisionError(error.target, table);
    throw error;
  }
}

/** The rows after stamping `targets` over `current` (normalised heads). */
function stampedHeads(
  graph: RevisionGraph,
  current: readonly string[],
  targets: readonly string[],
): readonly string[] {
  const state = readAppliedState(graph, current);
  let kept: readonly string[] = current;
  const stamped: string[] = [];
  for (const target of targets) {
    const spec = parseTarget(target, graph);
    const ids = resolveTarget(graph, state, spec, target, "history").map((r) => r.id);
    if (ids.length === 0) {
      const lineage = spec.branch === null ? null : graph.branchLineage(spec.branch);
      kept = lineage === null ? [] : kept.filter((id) => !lineage.has(id));
      continue;
    }
    const related = new Set([
      ...graph.ancestorIds(ids, { inclusive: true }),
      ...graph.descendantIds(ids),
    ]);
    kept = kept.filter((id) => !related.has(id));
    stamped.push(...ids);
  }
  return readAppliedState(graph, [...kept, ...stamped]).heads;
}
