/**
 * Offline (`--sql`) mode: the SQL script a plan would run, printed for a DBA to review or apply, with no
 * database connection at all. It begins with the `SET`s every online session makes (see
 * src/db/session-settings.ts: `standard_conforming_strings`, `client_encoding`, the configured timeouts),
 * so that whoever runs it reads its literals as they were written. Then, as Alembic prints it: the version table created first when upgrading from
 * base, `-- Running upgrade a -> b` before each migration, its statements, the version table change after
 * it, `BEGIN;`/`COMMIT;` around each migration (or once around the run), and the bookkeeping tables
 * dropped at the end of a downgrade to base. Statements that depend on what the database holds when they
 * run (the partitions `createPartitionedIndex` builds an index on) are a query whose rows psql runs
 * (`\gexec`): such a script is for psql. With no database to ask what depends on the tables it drops, the
 * script is not checked for a foreign key or view that would stop a `DROP TABLE` (the online runner refuses
 * such a run before it starts, dropped-dependents.ts): PostgreSQL refuses it where the script runs.
 */
import { sqlLineComment } from "../sql/line-comment";
import { sessionSettings, sessionSetupSql, type SessionSettings } from "../db/session-settings";
import type { RevisionGraph } from "../revision/graph";
import type { MigrationModule } from "../revision/migration-module";
import { planDowngrade, planUpgrade, type Direction, type MigrationPlan, type PlanStep } from "../revision/plan";
import { readAppliedState } from "../revision/applied-state";
import { parseTarget } from "../revision/target-spec";
import { resolveTarget } from "../revision/targets";
import {
  createChecksumTableSql,
  deleteChecksumSql,
  dropChecksumTableSql,
  recordChecksumSql,
} from "./checksums";
import { AutogenError } from "../errors";
import { createOfflineOps, type OfflineOps } from "./offline-ops";
import { describeStep } from "./run-events";
import { MissingMigrationModuleError, OfflineMigrationError, OfflineRangeError } from "./runner-errors";
import { migrationSettings, resetSettingsSql, setSettingsSql } from "./migration-settings";
import {
  createVersionSchemaSql,
  createVersionTableSql,
  dropVersionTableSql,
  headChangeStatements,
  versionTableConfig,
  type VersionTableOptions,
} from "./version-table";

export interface OfflineOptions {
  readonly versionTable?: VersionTableOptions;
  /** One `BEGIN;`/`COMMIT;` around the whole script instead of one per migration. */
  readonly transactionPerRun?: boolean;
  /** The timeouts to set at the start of the script (the pinned settings are always set). */
  readonly settings?: SessionSettings;
}

/**
 * Plans an offline run from Alembic's range form: `FROM:TO`, or `TO` alone for an upgrade from base. The
 * database is not read: `FROM` (a revision, `head`, or `base`) is taken as its current revision. A
 * downgrade needs `FROM`.
 *
 * @example planOffline(graph, "up", "a1:head") // the plan from a1 to the head
 * @throws OfflineRangeError for a downgrade without `FROM`, and the target errors of src/revision.
 */
export function planOffline(
  graph: RevisionGraph,
  direction: Direction,
  range: string,
): MigrationPlan {
  const colon = range.indexOf(":");
  const from = colon < 0 ? null : range.slice(0, colon).trim();
  const to = colon < 0 ? range : range.slice(colon + 1);
  if (from === null && direction === "down") {
    throw new OfflineRangeError(
      range,
      "a downgrade in --sql mode needs the revision to start from, since no database is read: write " +
        '"<from>:<to>", e.g. "ae1027a6acf:base"',
    );
  }
  if (from === "")
    throw new OfflineRangeError(range, 'the part before ":" is empty; write "<from>:<to>"');
  const startHeads = from === null || from === "base" ? [] : startingRevisions(graph, from);
  return direction === "up"
    ? planUpgrade(graph, startHeads, to)
    : planDowngrade(graph, startHeads, to);
}

function startingRevisions(graph: RevisionGraph, from: string): string[] {
  const none = readAppliedState(graph, []);
  return resolveTarget(graph, none, parseTarget(from, graph), from, "history").map((r) => r.id);
}

/**
 * The SQL script of `plan`, each statement ending in `;`, blocks separated by blank lines.
 * @throws OfflineInspectError when a migration calls `op.inspect()`, OfflineMigrationError when one throws;
 *   MissingMigrationModuleError.
 */
export async function renderOfflineSql(
  plan: MigrationPlan,
  modules: ReadonlyMap<string, MigrationModule>,
  options: OfflineOptions = {},
): Promise<string> {
  if (plan.steps.length === 0) return "";
  const config = versionTableConfig(options.versionTable);
  const perRun = options.transactionPerRun === true;
  const script = new SqlScript();
  script.statement(sessionSetupSql(options.settings));
  if (perRun) script.begin();
  if (plan.direction === "up" && plan.startHeads.length === 0) {
    script.statement(createVersionSchemaSql(config));
    script.statement(createVersionTableSql(config));
    script.statement(createChecksumTableSql(config));
  }
  let heads = plan.startHeads;
  for (const step of plan.steps) {
    const module = modules.get(step.revision.id);
    if (module === undefined) throw new MissingMigrationModuleError(step.revision);
    const offline = createOfflineOps({ id: step.revision.id, path: module.path });
    await collectStatements(step, module, offline);

    const settings = migrationSettings(module);
    const stepped = offline.steps.length > 0;
    if (offline.autocommit || stepped) script.commit();
    script.comment(describeStep(step.revision, step.direction));
    for (const sql of setSettingsSql(settings)) script.statement(sql);
    if (stepped) {
      script.comment(
        offline.steps.length === 1
          ? "Runs in 1 step, committed on its own; if it fails, fix the cause and run its statements again " +
              "(a step outside a transaction is safe to repeat)."
          : `Runs in ${offline.steps.length} steps, each committed on its own; if one fails, fix the cause and run ` +
              "the statements from the failed step on (the steps outside a transaction are safe to repeat).",
      );
      for (const [n, s] of offline.steps.entries()) {
        script.comment(`Step ${n + 1} of ${offline.steps.length}: ${s.name}${s.transactional ? "" : " (outside a transaction)"}`);
        if (s.transactional) script.begin();
        for (const statement of offline.statements.slice(s.first, s.end)) script.statement(statement.sql);
        script.commit();
      }
    } else {
      if (!offline.autocommit) script.begin();
      for (const statement of offline.statements) {
        if (statement.transactional || !script.inTransaction) {
          script.statement(statement.sql);
          continue;
        }
        script.commit();
        script.statement(statement.sql);
        script.begin();
      }
    }
    script.begin();
    for (const sql of headChangeStatements(heads, step.heads, config)) script.statement(sql);
    script.statement(
      step.direction === "up"
        ? recordChecksumSql(step.revision.id, module.checksum, config)
        : deleteChecksumSql(step.revision.id, config),
    );
    if (!perRun || offline.autocommit || stepped) script.commit();
    for (const sql of resetSettingsSql(settings, sessionSettings(options.settings))) script.statement(sql);
    heads = step.heads;
  }
  if (heads.length === 0) {
    script.statement(dropChecksumTableSql(config));
    script.statement(dropVersionTableSql(config));
  }
  script.commit();
  return script.text();
}

/** Runs the migration's function on the offline `op`; its own errors name the revision and file. */
async function collectStatements(step: PlanStep, module: MigrationModule, offline: OfflineOps): Promise<void> {
  try {
    await (step.direction === "up" ? module.upgrade : module.downgrade)(offline.ops);
  } catch (error) {
    if (error instanceof AutogenError) throw error;
    throw new OfflineMigrationError({ id: step.revision.id, path: module.path }, step.direction, error);
  }
}

/** The script being written, with the transaction state of a reader running it. */
class SqlScript {
  readonly #blocks: string[] = [];
  #open = false;

  get inTransaction(): boolean {
    return this.#open;
  }

  begin(): void {
    if (this.#open) return;
    this.#blocks.push("BEGIN;");
    this.#open = true;
  }

  commit(): void {
    if (!this.#open) return;
    this.#blocks.push("COMMIT;");
    this.#open = false;
  }

  /** A statement, ended by `;`, or by the psql command that ends it (`\gexec`, which runs each row it returns). */
  statement(sql: string): void {
    const text = sql.trim();
    this.#blocks.push(text.endsWith(";") || text.endsWith("\\gexec") ? text : `${text};`);
  }

  comment(text: string): void {
    this.#blocks.push(sqlLineComment(text));
  }

  text(): string {
    return this.#blocks.length === 0 ? "" : `${this.#blocks.join("\n\n")}\n`;
  }
}
