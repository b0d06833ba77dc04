/**
 * `autogen lint [REV | A:B | --all]`: lints migration files for lock and safety hazards (src/lint). With a
 * database URL configured, lint also reads table sizes (rules quiet under `lint.rowThreshold`), the views
 * that read a column, and existing validated checks.
 */
import { connectsToServer, type Project } from "./project";
import { loadScripts } from "./scripts";
import { factsWithoutViews, leaveViews, lintMigration, type LintFinding } from "../lint/lint-migration";
import { readDatabaseFacts } from "../lint/database-facts";
import type { DatabaseFacts } from "../lint/rule";
import { planOffline } from "../runner/offline-sql";
import type { MigrationModule } from "../revision/migration-module";
import type { RevisionGraph } from "../revision/graph";
import { loadMigration } from "../revision/script-directory";
import { loadModule } from "../loader/load-module";

export interface LintCommandOptions {
  /** A revision, or `A:B` (the migrations after A up to B); default: the head revision(s). */
  readonly target?: string;
  /** Every migration. */
  readonly all?: boolean;
  /** Also lint each downgrade. */
  readonly downgrade?: boolean;
  /** Never connect, even with a database URL configured. */
  readonly offline?: boolean;
  /** Lint only these files (absolute paths), e.g. the file `-m` just wrote. */
  readonly files?: readonly string[];
  /**
   * The database's facts, already read on the caller's session (`-m` reads them on the one it compared
   * with): lint then opens no session of its own.
   */
  readonly database?: DatabaseFacts;
}

export interface LintResult {
  readonly findings: readonly LintFinding[];
  readonly notes: readonly { readonly revision: string; readonly file: string; readonly note: string }[];
  /** How many migrations were linted. */
  readonly linted: number;
  readonly errors: number;
  readonly warnings: number;
  /** Whether table sizes and views came from a database. */
  readonly withDatabase: boolean;
}

function selectRevisions(graph: RevisionGraph, options: LintCommandOptions): string[] {
  if (options.all) return graph.topologicalOrder().map((r) => r.id);
  const target = options.target?.trim();
  if (target === undefined || target === "" || target === "head" || target === "heads") return graph.heads.map((h) => h.id);
  if (target.includes(":")) return planOffline(graph, "up", target).steps.map((s) => s.revision.id);
  return [graph.get(target).id];
}

/** Lints the selected migrations. */
export async function lint(project: Project, options: LintCommandOptions = {}): Promise<LintResult> {
  let modules: MigrationModule[];
  if (options.files) {
    // Only these files are loaded (after `-m`, the one it wrote): no graph is needed to lint them.
    modules = await Promise.all(options.files.map((file) => loadMigration(file, (f) => loadModule(f, { projectDir: project.config.projectDir }))));
  } else {
    const scripts = await loadScripts(project.config);
    modules = selectRevisions(scripts.graph, options).map((id) => scripts.modules.get(id)!).filter((m) => m !== undefined);
  }
  let database: DatabaseFacts | null = options.database ?? null;
  if (database === null && !options.offline && (await connectsToServer(project))) {
    const db = await project.connect();
    try {
      database = await readDatabaseFacts(db);
    } finally {
      await db.close();
    }
  }
  const findings: LintFinding[] = [];
  const notes: { revision: string; file: string; note: string }[] = [];
  // The views the migrations linted so far left dropped (the database is where the first one starts).
  const dropped = new Set<string>();
  for (const module of modules) {
    const result = await lintMigration(module, {
      rules: project.config.lint.rules,
      rowThreshold: project.config.lint.rowThreshold,
      database: factsWithoutViews(database, dropped),
      downgrade: options.downgrade,
      sessionTimeouts: { lockTimeout: project.config.lockTimeout !== null, statementTimeout: project.config.statementTimeout !== null },
    });
    leaveViews(dropped, result.views);
    findings.push(...result.findings);
    for (const note of result.notes) notes.push({ revision: module.revision.id, file: module.path, note });
  }
  return {
    findings,
    notes,
    linted: modules.length,
    errors: findings.filter((f) => f.level === "error").length,
    warnings: findings.filter((f) => f.level === "warn").length,
    withDatabase: database !== null,
  };
}

