/**
 * Progress of migrations that run in steps (`op.step()`, the lock-safe form): one row per completed step,
 * in a table next to the version table (which stays exactly Alembic's). A transactional step's row is
 * written in the step's own transaction, so a step is recorded exactly when its work is committed; a step
 * outside a transaction is recorded right after its last statement (its statements are idempotent: see
 * `concurrent-index.ts` and `backfillColumn`). The rows of a migration are deleted in the transaction that
 * records it in the version table, so they only exist while a stepped migration is partly applied.
 *
 * Created on the first stepped migration only: projects that never use steps never see the table.
 */
import type { Queryable } from "../db/database";
import type { Direction } from "../revision/plan";
import { quoteIdent, quoteQualified } from "../sql/quote";
import { VERSION_NUM_LENGTH, type VersionTableConfig } from "./version-table";

/** `"public"."autogen_version_steps"`: the version table's name with `_steps`. */
export function stepTableName(config: VersionTableConfig): string {
  return quoteQualified({ schema: config.schema, name: `${config.table}_steps` });
}

export function createStepTableSql(config: VersionTableConfig): string {
  const c = (name: string) => quoteIdent(name);
  return (
    `CREATE TABLE IF NOT EXISTS ${stepTableName(config)} (${c("version_num")} varchar(${VERSION_NUM_LENGTH}) NOT NULL, ` +
    `${c("direction")} text NOT NULL, ${c("step")} integer NOT NULL, ${c("name")} text NOT NULL, ` +
    `${c("completed_at")} timestamptz NOT NULL DEFAULT now(), ` +
    `CONSTRAINT ${quoteIdent(`${config.table}_steps_pkey`)} PRIMARY KEY (${c("version_num")}, ${c("direction")}, ${c("step")}))`
  );
}

/** A step recorded as completed. */
export interface CompletedStep {
  readonly step: number;
  readonly name: string;
  readonly completedAt: Date;
}

async function exists(db: Queryable, config: VersionTableConfig): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>("SELECT to_regclass($1) IS NOT NULL AS present", [
    stepTableName(config),
  ]);
  return rows[0]?.present === true;
}

/** The completed steps of one revision in one direction, by step number (0-based). */
export async function readCompletedSteps(
  db: Queryable,
  config: VersionTableConfig,
  revision: string,
  direction: Direction,
): Promise<Map<number, CompletedStep>> {
  const steps = new Map<number, CompletedStep>();
  if (!(await exists(db, config))) return steps;
  const { rows } = await db.query<{ step: number; name: string; completed_at: string }>(
    `SELECT step::int4 AS step, name, to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS completed_at ` +
      `FROM ${stepTableName(config)} WHERE version_num = $1 AND direction = $2`,
    [revision, direction],
  );
  for (const row of rows) steps.set(row.step, { step: row.step, name: row.name, completedAt: new Date(row.completed_at) });
  return steps;
}

/** Records a completed step (in the step's transaction, or on its own after a step outside one). */
export async function recordCompletedStep(
  db: Queryable,
  config: VersionTableConfig,
  revision: string,
  direction: Direction,
  step: number,
  name: string,
): Promise<void> {
  await db.query(createStepTableSql(config));
  await db.query(
    `INSERT INTO ${stepTableName(config)} (version_num, direction, step, name) VALUES ($1, $2, $3, $4) ` +
      "ON CONFLICT (version_num, direction, step) DO UPDATE SET name = EXCLUDED.name, completed_at = now()",
    [revision, direction, step, name],
  );
}

/** Forgets the steps of a revision: run in the transaction that records it in the version table. */
export async function clearCompletedSteps(db: Queryable, config: VersionTableConfig, revision: string): Promise<void> {
  if (!(await exists(db, config))) return;
  await db.query(`DELETE FROM ${stepTableName(config)} WHERE version_num = $1`, [revision]);
}
