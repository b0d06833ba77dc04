/**
 * Database-to-database comparison end to end (`npm run bench:db-diff`): two databases of N tables
 * (bench/catalog-schema.ts), the second with 10% of its tables changed, compared through the programmatic
 * API (`introspect` both, `compare`, `compileOperations`) in a fresh Node process per run, against dist/.
 * The whole process is measured from outside too: wall time from spawn to exit, and `/usr/bin/time -v`'s
 * CPU time and peak RSS.
 *
 * Options: `--sizes 5000`, `--runs 5`, `--url postgresql://...` (a server to use instead of a throwaway
 * cluster; its databases `autogen_catalog_<N>` and `autogen_catalog_<N>_changed` are reused when they hold
 * N tables), `--no-build` (use dist/ as it is), `--keep`.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import ts from "typescript";
import { startCluster, stopCluster } from "../tests/support/pg-cluster";
import { ensureCatalogDatabase } from "./catalog-db";
import { markdownTable, summarise, type Summary } from "./stats";

const ROOT = path.resolve(__dirname, "..");

interface Options {
  readonly sizes: readonly number[];
  readonly runs: number;
  readonly url: string | null;
  readonly build: boolean;
  readonly keep: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    sizes: (value("--sizes") ?? "5000").split(",").map(Number),
    runs: Number(value("--runs") ?? 5),
    url: value("--url") ?? null,
    build: !argv.includes("--no-build"),
    keep: argv.includes("--keep"),
  };
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

interface ChildReport {
  readonly loadMs: number;
  readonly connectMs: number;
  readonly introspectMs: number;
  readonly compareMs: number;
  readonly compileMs: number;
  readonly totalMs: number;
  readonly operations: number;
  readonly statements: number;
  readonly serverCpuMs: readonly number[];
  readonly clientCpuMs: number;
  /** This process's CPU time: up to dist/ loaded, during the two introspections, during compare. */
  readonly loadCpuMs: number;
  readonly introspectCpuMs: number;
  readonly compareCpuMs: number;
  readonly peakRssMb: number;
}

interface Run extends ChildReport {
  readonly processWallMs: number;
  readonly processCpuMs: number;
  readonly processPeakRssMb: number;
}

function compileChild(dir: string): string {
  const source = fs.readFileSync(path.join(__dirname, "db-diff-child.ts"), "utf8");
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const file = path.join(dir, "db-diff-child.js");
  fs.writeFileSync(file, outputText);
  return file;
}

function runOnce(childJs: string, fromUrl: string, toUrl: string): Run {
  const started = performance.now();
  const result = spawnSync("/usr/bin/time", ["-v", "node", childJs, path.join(ROOT, "dist"), fromUrl, toUrl], {
    encoding: "utf8",
  });
  const processWallMs = performance.now() - started;
  if (result.status !== 0) throw new Error(`the comparison failed (exit ${result.status}):\n${result.stderr}`);
  const report = JSON.parse(result.stdout.trim().split("\n").at(-1)!) as ChildReport;
  const field = (name: string): number => Number(new RegExp(`${name}: ([0-9.]+)`).exec(result.stderr)?.[1] ?? NaN);
  return {
    ...report,
    processWallMs,
    processCpuMs: (field("User time \\(seconds\\)") + field("System time \\(seconds\\)")) * 1000,
    processPeakRssMb: field("Maximum resident set size \\(kbytes\\)") / 1024,
  };
}

const ms = (s: Summary): string => `${Math.round(s.median)} (${Math.round(s.min)}-${Math.round(s.max)})`;

function render(size: number, runs: readonly Run[]): string {
  const pick = (f: (r: Run) => number): Summary => summarise(runs.map(f));
  const rows: string[][] = [
    ["process wall, spawn to exit", ms(pick((r) => r.processWallMs))],
    ["  node start + loading dist/", ms(pick((r) => r.processWallMs - r.totalMs + r.loadMs))],
    ["  connect (two connections)", ms(pick((r) => r.connectMs))],
    ["  introspect both (at once)", ms(pick((r) => r.introspectMs))],
    ["  compare", ms(pick((r) => r.compareMs))],
    ["  compile to SQL", ms(pick((r) => r.compileMs))],
    ["process CPU (user+sys)", ms(pick((r) => r.processCpuMs))],
    ["  while loading dist/", ms(pick((r) => r.loadCpuMs))],
    ["  during the two introspections", ms(pick((r) => r.introspectCpuMs))],
    ["  during compare", ms(pick((r) => r.compareCpuMs))],
    ["server CPU, both backends", ms(pick((r) => r.serverCpuMs[0]! + r.serverCpuMs[1]!))],
    ["peak RSS (MB)", ms(pick((r) => r.processPeakRssMb))],
  ];
  return (
    `#### ${size} vs ${size} tables, 10% changed: ${runs[0]!.operations} operations, ` +
    `${runs[0]!.statements} statements (median (min-max) of ${runs.length} runs, ms)\n\n` +
    markdownTable(["", "time"], rows)
  );
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (options.build) {
    log("Building dist/ ...");
    const build = spawnSync("npm", ["run", "build"], { cwd: ROOT, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-db-diff-"));
  const childJs = compileChild(workDir);
  const cluster = options.url === null ? await startCluster() : null;
  const serverUrl = options.url ?? cluster!.url;
  const load: number[][] = [os.loadavg()];
  try {
    const reports: string[] = [];
    for (const size of options.sizes) {
      const fromUrl = await ensureCatalogDatabase(serverUrl, `autogen_catalog_${size}`, { tables: size }, log);
      const toUrl = await ensureCatalogDatabase(
        serverUrl,
        `autogen_catalog_${size}_changed`,
        { tables: size, changed: true },
        log,
      );
      runOnce(childJs, fromUrl, toUrl); // unmeasured: the server's shared buffers and the OS's file cache
      const runs: Run[] = [];
      for (let i = 1; i <= options.runs; i++) {
        runs.push(runOnce(childJs, fromUrl, toUrl));
        log(`  ${size} tables, run ${i}/${options.runs}: ${Math.round(runs.at(-1)!.processWallMs)} ms`);
      }
      reports.push(render(size, runs));
    }
    load.push(os.loadavg());
    const loadText = load.map((l) => l.map((v) => v.toFixed(1)).join(" ")).join(" -> ");
    process.stdout.write(`\nLoad average (1, 5, 15 min) at start and end: ${loadText}\n\n${reports.join("\n\n")}\n`);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
    if (cluster && options.keep) log(`the cluster is still running: ${cluster.url} (pg_ctl -D ${cluster.dir}/data stop)`);
    else if (cluster) stopCluster(cluster.dir);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
