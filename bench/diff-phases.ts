/**
 * One in-process run of `autogen diff URL_A URL_B`, phase by phase, in a fresh Node process against
 * `dist/` (bench/diff.ts transpiles this file to plain JavaScript and runs it with `node`).
 *
 * Usage: `node diff-phases.js <root> <urlA> <urlB>`; prints one line of JSON (`DiffPhaseReport`).
 */
import path from "node:path";
import { performance } from "node:perf_hooks";

type Postgres = typeof import("../src/db/postgres");
type Introspect = typeof import("../src/introspect/introspect");
type Dependencies = typeof import("../src/introspect/read-dependencies");
type UserSchemas = typeof import("../src/introspect/user-schemas");
type Compare = typeof import("../src/compare/compare");
type Order = typeof import("../src/compare/dependency-order");
type Diff = typeof import("../src/api/diff");

export interface DiffPhaseReport {
  readonly phases: Readonly<Record<string, number>>;
  readonly operations: number;
  readonly edges: readonly [number, number];
  readonly maxRssMb: number;
}

async function main(): Promise<void> {
  const [root, urlA, urlB] = process.argv.slice(2);
  if (!root || !urlA || !urlB) throw new Error("usage: node diff-phases.js <root> <urlA> <urlB>");
  const dist = (module: string): unknown => require(path.join(root, "dist", module));
  const phases: Record<string, number> = { "node start": performance.now() };
  let mark = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    phases[name] = now - mark;
    mark = now;
  };
  const { connectPostgres } = dist("db/postgres") as Postgres;
  const { introspect } = dist("introspect/introspect") as Introspect;
  const { readDependenciesFor } = dist("introspect/read-dependencies") as Dependencies;
  const { userSchemas } = dist("introspect/user-schemas") as UserSchemas;
  const { compare } = dist("compare/compare") as Compare;
  const { orderMigration } = dist("compare/dependency-order") as Order;
  const { diffSteps, diffScript, touchedObjects } = dist("api/diff") as Diff;
  lap("require modules");
  const [a, b] = await Promise.all([connectPostgres(urlA), connectPostgres(urlB)]);
  lap("connect");
  const schemas = [...new Set([...(await userSchemas(a)), ...(await userSchemas(b))])].sort();
  const modelA = await introspect(a, { schemas });
  lap("introspect A");
  const modelB = await introspect(b, { schemas });
  lap("introspect B");
  const compared = compare(modelA, modelB, { dropSchemas: true, dropExtensions: true });
  lap("compare");
  // As `autogen diff` reads them: around the objects the operations touch (src/api/diff.ts).
  const touched = touchedObjects(compared.operations);
  const depsA = await readDependenciesFor(a, touched, modelA);
  lap("dependencies A");
  const depsB = await readDependenciesFor(b, touched, modelB);
  lap("dependencies B");
  const operations = orderMigration(compared.operations, modelA, modelB, { from: depsA, to: depsB });
  lap("dependency order");
  diffScript({ steps: diffSteps(operations) });
  lap("compile");
  await Promise.all([a.close(), b.close()]);
  const report: DiffPhaseReport = {
    phases,
    operations: operations.length,
    edges: [depsA.edges.length, depsB.edges.length],
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
