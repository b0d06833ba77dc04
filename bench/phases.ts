/**
 * One measured run in a fresh Node process, so that every phase pays what a real `autogen check` pays
 * (module loading, TypeScript compilation of the entity files, cold caches). `bench/run.ts` transpiles
 * this file to plain JavaScript and runs it with `node`, with the compiled package (`dist/`) as the code
 * under test: no TypeScript hook is active in the process except the one the entity loader registers.
 *
 * Usage: `node phases.js <root> <projectDir> <databaseUrl> <mode>` where `mode` is
 * - `pipeline`: the phases of `diffSchema` (src/api/autogenerate.ts), timed one by one;
 * - `typeorm`: TypeORM's own schema builder (`createSchemaBuilder().log()`) on the same entities.
 * Prints one line of JSON (`PhaseReport`) on stdout.
 */
import path from "node:path";
import { performance } from "node:perf_hooks";

type LoadEntities = typeof import("../src/entities/load-entities");
type BuildMetadata = typeof import("../src/entities/build-metadata");
type EntitiesToModel = typeof import("../src/entities/entities-to-model");
type Postgres = typeof import("../src/db/postgres");
type Introspect = typeof import("../src/introspect/introspect");
type Normalise = typeof import("../src/normalise/normalise-model");
type Compare = typeof import("../src/compare/compare");
type Filters = typeof import("../src/config/filters");
type LoadConfig = typeof import("../src/config/load-config");
type Typeorm = typeof import("typeorm");

/** What one run reports: milliseconds per phase (in order), the outcome, and the peak resident memory. */
export interface PhaseReport {
  readonly mode: "pipeline" | "typeorm";
  readonly phases: Readonly<Record<string, number>>;
  /** Operations autogenerate found (pipeline) or statements TypeORM would run (typeorm). */
  readonly differences: number;
  /** The first few differences, for the log when a database is unexpectedly out of sync. */
  readonly sample: readonly string[];
  readonly maxRssMb: number;
}

async function main(): Promise<void> {
  const [root, projectDir, url, mode] = process.argv.slice(2);
  if (!root || !projectDir || !url || (mode !== "pipeline" && mode !== "typeorm")) {
    throw new Error("usage: node phases.js <root> <projectDir> <databaseUrl> pipeline|typeorm");
  }
  const dist = (module: string): unknown => require(path.join(root, "dist", module));
  const phases: Record<string, number> = {};
  phases["node start"] = performance.now();
  let mark = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    phases[name] = now - mark;
    mark = now;
  };

  const { loadConfig } = dist("config/load-config") as LoadConfig;
  const { loadEntitySet } = dist("entities/load-entities") as LoadEntities;
  const { buildEntityMetadata } = dist("entities/build-metadata") as BuildMetadata;
  const { entitiesToModel } = dist("entities/entities-to-model") as EntitiesToModel;
  const { connectPostgres } = dist("db/postgres") as Postgres;
  const { introspect } = dist("introspect/introspect") as Introspect;
  const { normaliseModel } = dist("normalise/normalise-model") as Normalise;
  const { compare } = dist("compare/compare") as Compare;
  const { objectFilter } = dist("config/filters") as Filters;
  lap("require modules");

  const config = await loadConfig({ cwd: projectDir });
  const set = await loadEntitySet({ entities: config.entities }, config.projectDir);
  lap("entity load");

  if (mode === "typeorm") {
    const { DataSource } = require(path.join(root, "node_modules", "typeorm")) as Typeorm;
    const dataSource = new DataSource({ type: "postgres", url, entities: [...set.entities] });
    await dataSource.initialize();
    lap("initialize (TypeORM)");
    const queries = await dataSource.driver.createSchemaBuilder().log();
    lap("schema builder log()");
    await dataSource.destroy();
    const report: PhaseReport = {
      mode,
      phases,
      differences: queries.upQueries.length,
      sample: queries.upQueries.slice(0, 5).map((q) => q.query),
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }

  const metadatas = await buildEntityMetadata(set);
  lap("metadata build");
  const raw = entitiesToModel(metadatas, { defaultSchema: set.options.schema ?? "public" });
  lap("entity -> model");
  const db = await connectPostgres(url);
  lap("connect");
  try {
    const schemas = config.schemas?.length ? [...config.schemas] : raw.schemas.length ? [...raw.schemas] : ["public"];
    const current = await introspect(db, { schemas });
    lap("introspect");
    const target = await normaliseModel(db, { ...raw, schemas });
    lap("normalise");
    // What `autogen check` manages (diffSchema): the config's `manage`, else none of the catalog-only kinds.
    const manage = new Set(config.manage);
    const { operations, log } = compare(current, target, { include: objectFilter(config.include, config.exclude), manage });
    lap("compare");
    const report: PhaseReport = {
      mode,
      phases,
      differences: operations.length,
      sample: log.slice(0, 5),
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
