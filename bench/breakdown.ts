/**
 * A closer look at the database-side phases on a project `bench/run.ts --keep` left behind: every query
 * of `introspect` and `normaliseModel` timed on its own (server time plus round trip), and the time spent
 * in JavaScript between them. Uses the sources directly (run it with ts-node); the entities are loaded
 * once and not timed.
 *
 * Usage: `npx ts-node --transpile-only bench/breakdown.ts <projectDir> [databaseUrl]`.
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Database, QueryResult } from "../src/db/database";
import { connectPostgres } from "../src/db/postgres";
import { introspect } from "../src/introspect";
import { normaliseModel } from "../src/normalise";
import { planScratch } from "../src/normalise/scratch-plan";
import { readEntities } from "../src/api/autogenerate";
import { resolveConfig } from "../src/config/load-config";

interface QueryTiming {
  readonly sql: string;
  readonly ms: number;
  readonly rows: number;
}

/** Wraps `db` so that every query and script is timed; `transaction` and `close` pass through. */
function timed(db: Database, into: QueryTiming[]): Database {
  return {
    kind: db.kind,
    description: db.description,
    async exec(sql: string): Promise<void> {
      const started = performance.now();
      await db.exec(sql);
      const statements = sql.split(";\n").length;
      into.push({ sql: `(script of ${statements} statements) ${sql.replace(/\s+/g, " ").slice(0, 60)}`, ms: performance.now() - started, rows: 0 });
    },
    transaction: (fn) => db.transaction(fn),
    close: () => db.close(),
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      const started = performance.now();
      const result = await db.query<R>(sql, params);
      into.push({ sql: sql.replace(/\s+/g, " ").slice(0, 90), ms: performance.now() - started, rows: result.rows.length });
      return result;
    },
  };
}

function summary(label: string, wall: number, queries: readonly QueryTiming[]): void {
  const inQueries = queries.reduce((a, q) => a + q.ms, 0);
  process.stdout.write(
    `\n${label}: ${wall.toFixed(0)} ms wall, ${queries.length} queries taking ${inQueries.toFixed(0)} ms, ` +
      `${(wall - inQueries).toFixed(0)} ms in JavaScript\n`,
  );
  for (const q of [...queries].sort((a, b) => b.ms - a.ms).slice(0, 12)) {
    process.stdout.write(`  ${q.ms.toFixed(1).padStart(8)} ms  ${String(q.rows).padStart(6)} rows  ${q.sql}\n`);
  }
}

async function main(): Promise<void> {
  const [dirArg, urlArg] = process.argv.slice(2);
  if (!dirArg) throw new Error("usage: bench/breakdown.ts <projectDir> [databaseUrl]");
  const projectDir = path.resolve(dirArg);
  const configFile = path.join(projectDir, "autogen.config.json");
  const config = resolveConfig(JSON.parse(fs.readFileSync(configFile, "utf8")), configFile, projectDir);
  const url = urlArg ?? config.databaseUrl;
  if (!url) throw new Error("no database URL");
  const raw = await readEntities(config);
  const schemas = raw.schemas.length ? [...raw.schemas] : ["public"];
  const db = await connectPostgres(url);
  try {
    for (let round = 1; round <= 2; round++) {
      process.stdout.write(`\n--- round ${round}\n`);
      const introspectQueries: QueryTiming[] = [];
      let started = performance.now();
      await introspect(timed(db, introspectQueries), { schemas });
      summary("introspect", performance.now() - started, introspectQueries);

      for (const packColumns of ["referenced", "all"] as const) {
        started = performance.now();
        const plan = planScratch({ ...raw, schemas }, { packColumns });
        process.stdout.write(
          `\nplanScratch (packColumns: ${packColumns}): ${(performance.now() - started).toFixed(0)} ms ` +
            `(${plan.typeSlots.size} type slots, ${plan.packedTables.length} packed tables, ` +
            `${plan.enumStatements.length} enums)\n`,
        );
      }
      const normaliseQueries: QueryTiming[] = [];
      started = performance.now();
      await normaliseModel(timed(db, normaliseQueries), { ...raw, schemas });
      summary("normaliseModel", performance.now() - started, normaliseQueries);
    }
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
