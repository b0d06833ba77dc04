/**
 * The speed benchmark (`npm run bench`): for each project size, generate the entities, bring a fresh
 * database in sync with them through the project's own pipeline, then measure, several runs each and
 * each in a fresh process,
 * - the phases of `diffSchema` (bench/phases.ts),
 * - `autogen check` end to end (`node bin/autogen.js check`), with its CPU time and peak RSS,
 * - TypeORM's own schema builder on the same in-sync database, for scale,
 * in five variants: with the loader's compiled-file cache emptied before every run (cold), filled by
 * an unmeasured run first (warm), warm but with one entity file changed before every run (a comment),
 * warm but with what one entity says changed before every run (its model, while the database stays in
 * sync), and with the entity files compiled to JavaScript beforehand.
 * It prints Markdown tables; the figures in bench/README.md come from them.
 *
 * Options: `--sizes 100,1000`, `--runs 5` (runs per variant and size), `--typeorm-runs 3`, `--no-build`
 * (use dist/ as it is), `--json FILE` (also write the raw measurements), `--pgoptions "-c jit=off"`
 * (server settings for the measured sessions), `--keep` (leave the projects and the running cluster
 * behind, for bench/breakdown.ts or profiling), `--node PATH` (the Node binary that runs every measured
 * process, default the one on PATH). Needs the PostgreSQL 15 server binaries (PG_BIN).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Client } from "pg";
import ts from "typescript";
import { startCluster, stopCluster } from "../tests/support/pg-cluster";
import { applyOperations } from "../tests/support/apply";
import { resolveConfig } from "../src/config/load-config";
import { diffSchema } from "../src/api/autogenerate";
import { connectPostgres } from "../src/db/postgres";
import { generateProject } from "./generate";
import type { PhaseReport } from "./phases";
import { precompileProject } from "./precompile";
import { renderReport, total, type SizeResult, type VariantResult } from "./results";

const ROOT = path.resolve(__dirname, "..");

interface Options {
  readonly sizes: readonly number[];
  readonly runs: number;
  readonly typeormRuns: number;
  readonly build: boolean;
  readonly json: string | null;
  readonly keep: boolean;
  /** Server settings for every measured connection, as libpq's PGOPTIONS (`-c jit=off`). */
  readonly pgOptions: string | null;
  /** The Node binary of the measured processes. */
  readonly node: string;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    sizes: (value("--sizes") ?? "100,1000").split(",").map(Number),
    runs: Number(value("--runs") ?? 5),
    typeormRuns: Number(value("--typeorm-runs") ?? 3),
    build: !argv.includes("--no-build"),
    json: value("--json") ?? null,
    keep: argv.includes("--keep"),
    pgOptions: value("--pgoptions") ?? null,
    node: value("--node") ?? "node",
  };
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Builds dist/ (`npm run build`); when other unfinished files fail the type check, keeps tsc's output. */
function buildDist(): void {
  log("Building dist/ ...");
  const build = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8" });
  if (build.status === 0) return;
  log(`npm run build failed (exit ${build.status}); using what tsc emitted:\n${build.stdout.slice(-2000)}`);
  spawnSync("node", [path.join(ROOT, "scripts", "copy-assets.js")], { cwd: ROOT, stdio: "inherit" });
  if (!fs.existsSync(path.join(ROOT, "dist", "api", "autogenerate.js"))) throw new Error("dist/ was not built");
}

/** bench/phases.ts as plain JavaScript in `dir`, so that the measured process runs no TypeScript hook. */
function compilePhases(dir: string): string {
  const source = fs.readFileSync(path.join(__dirname, "phases.ts"), "utf8");
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const file = path.join(dir, "phases.js");
  fs.writeFileSync(file, outputText);
  return file;
}

async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates the schema the entities describe with the project's own pipeline; proves it is then in sync. */
async function bringInSync(projectDir: string, url: string): Promise<number> {
  const configFile = path.join(projectDir, "autogen.config.json");
  const config = resolveConfig(JSON.parse(fs.readFileSync(configFile, "utf8")), configFile, projectDir);
  const db = await connectPostgres(url);
  try {
    const started = performance.now();
    const { operations } = await diffSchema(config, db);
    await applyOperations(url, operations);
    const elapsed = performance.now() - started;
    const again = await diffSchema(config, db);
    if (again.operations.length > 0) {
      throw new Error(`still out of sync after applying ${operations.length} operations:\n${again.log.slice(0, 10).join("\n")}`);
    }
    log(`  in sync: ${operations.length} operations applied in ${Math.round(elapsed)} ms`);
    return elapsed;
  } finally {
    await db.close();
  }
}

/** A way of running the same comparison: which project copy, and which server settings. */
interface Variant {
  readonly label: string;
  readonly projectDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** The Node binary that runs it (`--node`). */
  readonly node: string;
  /**
   * The compiled-file cache (src/loader/compile-cache.ts): `cold` empties it before every run, `warm`
   * fills it with one unmeasured run first, `one edited` too, then changes one entity file (a comment,
   * not its schema) before every run, as a developer's edit does; `model edited` changes what the entity
   * says (a column default given as SQL in a new number of parentheses every run), so that the entity
   * model is new and is normalised and compared again, while Postgres prints the default as before and
   * the database stays in sync.
   */
  readonly cache?: "cold" | "warm" | "one edited" | "model edited";
}

/** Where the loader caches compiled entity files for the benchmark projects (their node_modules is ours). */
const COMPILE_CACHE = path.join(ROOT, "node_modules", ".cache", "pg-autogen");

let edits = 0;

/** Entity files as generated, before `model edited` rewrote them: put back after that variant. */
const originals = new Map<string, string>();

function prepareCache(variant: Variant): void {
  if (variant.cache === "cold") fs.rmSync(COMPILE_CACHE, { recursive: true, force: true });
  if (variant.cache === "one edited") {
    const entities = path.join(variant.projectDir, "entities");
    const file = path.join(entities, fs.readdirSync(entities).sort()[0]!);
    fs.appendFileSync(file, `// edit ${++edits}\n`);
  }
  if (variant.cache === "model edited") {
    const entities = path.join(variant.projectDir, "entities");
    const file = path.join(entities, fs.readdirSync(entities).sort()[1]!);
    if (!originals.has(file)) originals.set(file, fs.readFileSync(file, "utf8"));
    const depth = ++edits;
    const text = fs
      .readFileSync(file, "utf8")
      .replace(/(@Column\(\{ type: "int", default: )([^}]*?)( \}\))/, (_all, head: string, value: string, tail: string) => {
        const number = /\d+/.exec(value)![0];
        return `${head}() => "${"(".repeat(depth)}${number}${")".repeat(depth)}"${tail}`;
      });
    fs.writeFileSync(file, text);
  }
}

function runPhases(phasesJs: string, variant: Variant, url: string, mode: "pipeline" | "typeorm"): PhaseReport {
  const r = spawnSync(variant.node, [phasesJs, ROOT, variant.projectDir, url, mode], {
    cwd: variant.projectDir,
    env: variant.env,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`phases (${mode}) failed (exit ${r.status}):\n${r.stderr}`);
  const report = JSON.parse(r.stdout.trim().split("\n").pop()!) as PhaseReport;
  if (mode === "pipeline" && report.differences > 0) {
    throw new Error(`the pipeline found ${report.differences} differences on an in-sync database:\n${report.sample.join("\n")}`);
  }
  return report;
}

interface CheckRun {
  readonly wallMs: number;
  readonly cpuMs: number | null;
  readonly rssMb: number | null;
  readonly failure: string | null;
}

/** One `autogen check` process, timed from spawn to exit, under `/usr/bin/time -v` when it exists. */
function runCheck(variant: Variant, url: string): CheckRun {
  const cli = [path.join(ROOT, "bin", "autogen.js"), "check", "--url", url];
  const timeBin = "/usr/bin/time";
  const useTime = fs.existsSync(timeBin);
  const [cmd, args] = useTime ? [timeBin, ["-v", variant.node, ...cli]] : [variant.node, cli];
  const started = performance.now();
  const r = spawnSync(cmd as string, args as string[], { cwd: variant.projectDir, env: variant.env, encoding: "utf8" });
  const wallMs = performance.now() - started;
  const stat = (label: string): number | null => {
    const m = new RegExp(`${label}: ([\\d.]+)`).exec(r.stderr);
    return m ? Number(m[1]) : null;
  };
  const rss = stat("Maximum resident set size \\(kbytes\\)");
  const user = stat("User time \\(seconds\\)");
  const sys = stat("System time \\(seconds\\)");
  const ok = r.status === 0 && /No changes in schema detected/.test(r.stdout);
  const output = (r.stdout + r.stderr.replace(/\s+Command being timed[\s\S]*$/, "")).trim();
  return {
    wallMs,
    cpuMs: user !== null && sys !== null ? (user + sys) * 1000 : null,
    rssMb: rss !== null ? rss / 1024 : null,
    failure: ok ? null : `exit ${r.status}: ${output.slice(0, 600)}`,
  };
}

function measureVariant(options: Options, phasesJs: string, variant: Variant, url: string): VariantResult {
  const pipeline: PhaseReport[] = [];
  if (variant.cache === "warm" || variant.cache === "one edited" || variant.cache === "model edited") {
    runPhases(phasesJs, variant, url, "pipeline");
  }
  for (let i = 0; i < options.runs; i++) {
    prepareCache(variant);
    pipeline.push(runPhases(phasesJs, variant, url, "pipeline"));
  }
  log(`  ${variant.label}: pipeline ${pipeline.map((p) => Math.round(total(p))).join(", ")} ms`);
  const check: VariantResult["check"] = { wallMs: [], cpuMs: [], rssMb: [], failure: null };
  for (let i = 0; i < options.runs; i++) {
    prepareCache(variant);
    const r = runCheck(variant, url);
    if (r.failure) {
      check.failure = r.failure;
      log(`  ${variant.label}: autogen check could not be measured: ${r.failure}`);
      break;
    }
    check.wallMs.push(r.wallMs);
    if (r.cpuMs !== null) check.cpuMs.push(r.cpuMs);
    if (r.rssMb !== null) check.rssMb.push(r.rssMb);
  }
  if (check.wallMs.length) log(`  ${variant.label}: autogen check ${check.wallMs.map(Math.round).join(", ")} ms`);
  // TypeORM, measured after the variants, compares defaults as text: it must see the entities as generated.
  for (const [file, text] of originals) fs.writeFileSync(file, text);
  originals.clear();
  return { label: variant.label, pipeline, check };
}

async function measureSize(options: Options, serverUrl: string, phasesJs: string, workDir: string, count: number): Promise<SizeResult> {
  log(`\n== ${count} entities (load average ${os.loadavg()[0]!.toFixed(2)})`);
  const loadBefore = os.loadavg()[0]!;
  const projectDir = path.join(workDir, `project-${count}`);
  fs.mkdirSync(projectDir, { recursive: true });
  // The entity files import "typeorm": let them resolve this checkout's copy, as the CLI's own.
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(projectDir, "node_modules"), "dir");
  const url = await createDatabase(serverUrl, `bench_${count}`);
  const project = generateProject(count, projectDir, url);
  const syncMs = await bringInSync(projectDir, url);
  const jsDir = path.join(workDir, `project-${count}-js`);
  precompileProject(project, jsDir, url);

  const env = options.pgOptions
    ? { ...process.env, PGOPTIONS: `${process.env.PGOPTIONS ?? ""} ${options.pgOptions}`.trim() }
    : process.env;
  const variants: Variant[] = [
    { label: "cold cache", projectDir, env, node: options.node, cache: "cold" },
    { label: "warm cache", projectDir, env, node: options.node, cache: "warm" },
    { label: "one entity edited", projectDir, env, node: options.node, cache: "one edited" },
    { label: "one entity's model edited", projectDir, env, node: options.node, cache: "model edited" },
    { label: "entities precompiled", projectDir: jsDir, env, node: options.node },
  ];
  const results = variants.map((variant) => measureVariant(options, phasesJs, variant, url));
  const typeorm: PhaseReport[] = [];
  for (let i = 0; i < options.typeormRuns; i++) typeorm.push(runPhases(phasesJs, variants[0]!, url, "typeorm"));
  if (typeorm.length) log(`  TypeORM: ${typeorm.map((p) => Math.round(total(p))).join(", ")} ms`);
  return { entities: count, loadAverage: [loadBefore, os.loadavg()[0]!], syncMs, variants: results, typeorm };
}

function machine(node: string): string {
  const version = spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim();
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  const load = os.loadavg().map((l) => l.toFixed(2)).join(" ");
  return (
    `${os.cpus().length} x ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.type()} ${os.release()}, ` +
    `Node ${version}, load average at the end ${load}`
  );
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.build) buildDist();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-bench-"));
  const phasesJs = compilePhases(workDir);
  log("Starting a PostgreSQL 15 cluster ...");
  const cluster = await startCluster();
  try {
    const results: SizeResult[] = [];
    for (const count of options.sizes) results.push(await measureSize(options, cluster.url, phasesJs, workDir, count));
    const server = new Client({ connectionString: cluster.url });
    await server.connect();
    const version = (await server.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
    await server.end();
    process.stdout.write(`\nMachine: ${machine(options.node)}, PostgreSQL ${version} (local, fsync off)\n\n${renderReport(results)}\n`);
    if (options.json) fs.writeFileSync(options.json, `${JSON.stringify({ machine: machine(options.node), results }, null, 2)}\n`);
  } finally {
    if (options.keep) {
      log(`Kept ${workDir}; the cluster is still running (${cluster.url}); stop it with pg_ctl -D ${cluster.dir}/data stop`);
    } else {
      stopCluster(cluster.dir);
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
