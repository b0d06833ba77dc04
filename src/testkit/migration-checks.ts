/**
 * The migration test kit (what pytest-alembic gives Alembic users): checks that a project's history has a
 * single head, upgrades from base, matches the entities at head, and that every revision's downgrade
 * undoes its upgrade exactly. The checks run on throwaway embedded databases by default (one engine
 * start for the whole run when a `ShadowServer` is passed: `runMigrationChecks` and `describeMigrations`
 * do; the upgrade of "upgrades from base to head" is what "entities match the schema at head" compares),
 * or on the empty database at `url`.
 */
import type { Project } from "../api/project";
import { loadScripts } from "../api/scripts";
import { comparedSchemas, diffSchema, readEntities } from "../api/autogenerate";
import { connectPostgres } from "../db/postgres";
import type { Database } from "../db/database";
import type { ShadowServer } from "../db/embedded";
import { startShadow } from "../api/shadow";
import { withClose } from "../db/with-close";
import { introspect } from "../introspect";
import { userSchemas } from "../introspect/user-schemas";
import { compare } from "../compare/compare";
import { renderOperation } from "../render/render-operation";
import type { Operation } from "../ops/operation";
import { migrate, runPlan } from "../runner/runner";
import { DEFAULT_VERSION_TABLE_CONFIG, readHeads } from "../runner/version-table";
import { headsAfterDowngrade, headsAfterUpgrade } from "../revision/applied-state";
import { historySchemas } from "../revision/compared-schemas";
import type { Revision } from "../revision/revision";
import type { ScriptDirectory } from "../revision/script-directory";
import type { Direction } from "../revision/plan";
import { AutogenError } from "../errors";
import { TOOL_OWNED_TABLES } from "../model/schema-model";
import { startPhase } from "../progress/progress";
import { createAssumedSchemas } from "../api/assumed-schemas";

/** A failed check: names the revision (when one is at fault) and shows the difference. */
export class MigrationCheckError extends AutogenError {
  constructor(
    readonly check: string,
    readonly revision: string | null,
    detail: string,
  ) {
    super(`${check} failed${revision ? ` at revision ${revision}` : ""}: ${detail}`);
  }
}

/** The checks, in the order they run. */
export const CHECK_NAMES = [
  "has exactly one head",
  "upgrades from base to head",
  "entities match the schema at head",
  "every downgrade undoes its upgrade (up/down consistency, no trace left)",
] as const;

export interface MigrationCheck {
  readonly name: string;
  run(): Promise<void>;
}

export interface MigrationChecksOptions {
  /** An EMPTY database to run on; default throwaway embedded databases. */
  readonly url?: string | null;
  /**
   * The started throwaway engine to take fresh databases from (`startShadow(project)`); the caller stops
   * it. Without one, each check that needs a database starts and stops its own.
   */
  readonly shadow?: ShadowServer;
}

function describeOps(ops: readonly Operation[]): string {
  return ops.map((op) => `\n    ${renderOperation(op)}`).join("");
}

function label(r: Revision): string {
  return `${r.id}${r.message ? ` ("${r.message}")` : ""}${r.path ? ` in ${r.path}` : ""}`;
}

async function freshDatabase(project: Project, options: MigrationChecksOptions): Promise<Database> {
  if (!options.url) {
    if (options.shadow) return options.shadow.freshDatabase();
    const shadow = await startShadow(project);
    try {
      return withClose(await shadow.freshDatabase(), () => shadow.stop());
    } catch (error) {
      await shadow.stop();
      throw error;
    }
  }
  const db = await connectPostgres(options.url);
  const heads = await readHeads(db, DEFAULT_VERSION_TABLE_CONFIG);
  const { rows } = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r','p') AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%' AND NOT c.relname = ANY($1::text[])",
    [[...TOOL_OWNED_TABLES]],
  );
  if (heads.length || (rows[0]?.n ?? 0) > 0) {
    await db.close();
    throw new MigrationCheckError(
      "setup",
      null,
      `the database at ${db.description} is not empty; the test kit upgrades and downgrades the whole history and needs an empty database (or none: then it uses a throwaway embedded one).`,
    );
  }
  return db;
}

/**
 * The compared schemas and every user schema the database has now: a revision that creates a schema no
 * entity or revision compares, and whose downgrade leaves it, leaves a trace there too.
 */
async function schemasNow(db: Database, compared: readonly string[]): Promise<string[]> {
  return [...new Set([...compared, ...(await userSchemas(db))])];
}

async function step(db: Database, scripts: ScriptDirectory, heads: readonly string[], r: Revision, direction: Direction): Promise<string[]> {
  const graph = scripts.graph;
  const after =
    direction === "up"
      ? headsAfterUpgrade(graph, heads, r.id)
      : headsAfterDowngrade(graph, heads, r.id, graph.ancestorIds(heads.filter((h) => h !== r.id), { inclusive: true }));
  const plan = { direction, target: r.id, startHeads: heads, steps: [{ revision: r, direction, heads: after }], endHeads: after };
  const result = await runPlan(db, plan, scripts.modules);
  if (result.error) throw new MigrationCheckError(direction === "up" ? "upgrade" : "downgrade", r.id, result.error.message);
  return after;
}

/** The checks for `project`, each runnable on its own (jest: `for (const c of checks) it(c.name, c.run)`). */
export async function migrationChecks(project: Project, options: MigrationChecksOptions = {}): Promise<MigrationCheck[]> {
  const scripts = await loadScripts(project.config);
  // The schemas the history recorded, besides the entities' (see src/revision/compared-schemas.ts).
  const comparison = { historySchemas: historySchemas(scripts.graph) };
  // Its databases have `public` only: entities without a schema go where the config says, else there.
  const defaultSchema = project.config.defaultSchema ?? "public";
  const entities = await readEntities(project.config, undefined, defaultSchema);
  const schemas = comparedSchemas(project.config, entities, comparison.historySchemas, defaultSchema);
  const withDb = async <T>(fn: (db: Database) => Promise<T>): Promise<T> => {
    const db = await freshDatabase(project, options);
    try {
      await createAssumedSchemas(db, scripts, ["heads"]);
      return await fn(db);
    } finally {
      // A given database is shared by the checks: take it back to base for the next one. When that
      // fails (a broken downgrade), the next check finds it not empty and says so.
      if (options.url) {
        await migrate(db, { graph: scripts.graph, modules: scripts.modules, direction: "down", target: "base", schemas }).catch(() => undefined);
      }
      await db.close();
    }
  };
  const upgradeAll = async (db: Database) => {
    const result = await migrate(db, { graph: scripts.graph, modules: scripts.modules, direction: "up", target: "heads", schemas });
    if (result.error) throw new MigrationCheckError("upgrade base -> head", result.error.revision?.id ?? null, result.error.message);
  };
  // With a shared throwaway engine, the database "upgrades from base to head" brought to head is the one
  // "entities match the schema at head" compares (the same upgrade, run once).
  let atHead: Database | null = null;

  return [
    {
      name: CHECK_NAMES[0],
      run: async () => {
        const heads = scripts.graph.heads.map((h) => h.id);
        if (heads.length !== 1) {
          throw new MigrationCheckError("single head", null, `there are ${heads.length} heads (${heads.join(", ") || "none"}); merge them with "autogen merge heads -m ...".`);
        }
      },
    },
    {
      name: CHECK_NAMES[1],
      run: async () => {
        if (options.url || !options.shadow) return withDb(upgradeAll);
        const db = await options.shadow.freshDatabase();
        try {
          await createAssumedSchemas(db, scripts, ["heads"]);
          await upgradeAll(db);
        } catch (error) {
          await db.close();
          throw error;
        }
        atHead = db;
      },
    },
    {
      name: CHECK_NAMES[2],
      run: async () => {
        const kept = atHead;
        atHead = null;
        const compareAtHead = async (db: Database): Promise<void> => {
          const { operations } = await diffSchema(project.config, db, undefined, undefined, comparison);
          if (operations.length) {
            throw new MigrationCheckError("model match", null, `autogenerate would still write ${operations.length} operation(s); run autogen -m "..." to add a migration:${describeOps(operations)}`);
          }
        };
        if (kept === null) return withDb(async (db) => compareAtHead(await upgradeAll(db).then(() => db)));
        try {
          await compareAtHead(kept);
        } finally {
          await kept.close();
        }
      },
    },
    {
      name: CHECK_NAMES[3],
      run: () =>
        withDb(async (db) => {
          let heads: string[] = [];
          for (const r of scripts.graph.topologicalOrder()) {
            const before = await introspect(db, { schemas: await schemasNow(db, schemas) });
            heads = await step(db, scripts, heads, r, "up");
            heads = await step(db, scripts, heads, r, "down");
            const after = await introspect(db, { schemas: await schemasNow(db, schemas) });
            const { operations } = compare(before, after);
            if (operations.length) {
              throw new MigrationCheckError(
                "downgrade leaves no trace",
                r.id,
                `upgrading then downgrading ${label(r)} leaves the schema changed; compared with before, it has:${describeOps(operations)}`,
              );
            }
            heads = await step(db, scripts, heads, r, "up");
          }
        }),
    },
  ];
}

export interface MigrationCheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly message: string | null;
  readonly ms: number;
}

/** Runs every check and reports each (the CLI's `autogen test`). */
export async function runMigrationChecks(project: Project, options: MigrationChecksOptions = {}): Promise<MigrationCheckResult[]> {
  if (!options.url && !options.shadow) {
    const shadow = await startShadow(project);
    try {
      return await runMigrationChecks(project, { ...options, shadow });
    } finally {
      await shadow.stop();
    }
  }
  const results: MigrationCheckResult[] = [];
  const checks = await migrationChecks(project, options);
  const testing = startPhase(project.onProgress, "testing", { total: checks.length });
  for (const [i, check] of checks.entries()) {
    const started = Date.now();
    testing.advance(i + 1, check.name);
    try {
      await check.run();
      results.push({ name: check.name, ok: true, message: null, ms: Date.now() - started });
    } catch (error) {
      if (!(error instanceof AutogenError)) {
        testing.end();
        throw error;
      }
      results.push({ name: check.name, ok: false, message: error.message, ms: Date.now() - started });
    }
  }
  testing.end();
  return results;
}
