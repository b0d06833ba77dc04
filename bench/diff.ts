/**
 * `autogen diff` between two large databases (`npm run bench:diff`): N tables in one (bench/diff-schemas.ts),
 * the same with a tenth of the tables changed in the other. Measures, several runs each in a fresh process,
 * - `node bin/autogen.js diff URL_A URL_B` end to end: wall time, CPU time and peak RSS (`/usr/bin/time -v`);
 *   every run must exit 1 and print the same script;
 * - the phases of the same diff in process (bench/diff-phases.ts): module loading, connect, introspect
 *   and read the dependencies of each side, compare, dependency order, compile.
 * Beside it (bench/diff-peers.ts): the catalog floor of both databases, and Alembic's comparison when
 * `python3 -m alembic` is installed (skipped with a note otherwise).
 * Then, once and untimed, checks the result: the script applied to a copy of A makes a second diff find
 * nothing. Prints Markdown tables; bench/README.md has the figures.
 *
 * Options: `--tables 5000`, `--changed 0.1`, `--runs 3`, `--no-build` (use dist/ as it is), `--keep`,
 * `--node PATH` (the Node binary of the measured processes, default the one on PATH).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Client } from "pg";
import ts from "typescript";
import { PG_BIN, startCluster, stopCluster } from "../tests/support/pg-cluster";
import { changeScripts, fromScripts } from "./diff-schemas";
import { alembicCompare, catalogFloorMs } from "./diff-peers";
import type { DiffPhaseReport } from "./diff-phases";
import { formatMb, formatMs, markdownTable, summarise } from "./stats";

const ROOT = path.resolve(__dirname, "..");

function option(argv: readonly string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function sql(url: string, scripts: readonly string[]): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const script of scripts) await client.query(script);
  } finally {
    await client.end();
  }
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * CPU time the server has spent so far, in ms: the postmaster's own and its reaped children's (each
 * session's backend is one), from /proc. Load-independent, unlike wall time on a shared machine.
 */
function serverCpuMs(dataDir: string): number {
  const pid = fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]!.trim();
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\) /, "").split(" ");
  // After the command name: state is field 3, utime..cstime are fields 14-17 (1-based).
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  return (ticks * 1000) / CLOCK_TICKS;
}

const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

interface CliRun {
  readonly wallMs: number;
  readonly cpuMs: number | null;
  /** The server's CPU time during the run (its backends end with the run's connections). */
  readonly serverCpuMs: number;
  readonly rssMb: number | null;
  readonly code: number | null;
  readonly stdout: string;
}

function runDiff(node: string, dataDir: string, from: string, to: string): CliRun {
  const args = ["-v", node, path.join(ROOT, "bin", "autogen.js"), "diff", from, to];
  const serverBefore = serverCpuMs(dataDir);
  const started = performance.now();
  const r = spawnSync("/usr/bin/time", args, { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const wallMs = performance.now() - started;
  // A backend is reaped (and counted) just after its client disconnects.
  spawnSync("sleep", ["0.2"]);
  const server = serverCpuMs(dataDir) - serverBefore;
  const stat = (label: string): number | null => {
    const m = new RegExp(`${label}: ([\\d.]+)`).exec(r.stderr);
    return m ? Number(m[1]) : null;
  };
  const user = stat("User time \\(seconds\\)");
  const sys = stat("System time \\(seconds\\)");
  const rss = stat("Maximum resident set size \\(kbytes\\)");
  return {
    wallMs,
    serverCpuMs: server,
    cpuMs: user !== null && sys !== null ? (user + sys) * 1000 : null,
    rssMb: rss === null ? null : rss / 1024,
    code: r.status,
    stdout: r.stdout,
  };
}

function compilePhases(dir: string): string {
  const source = fs.readFileSync(path.join(__dirname, "diff-phases.ts"), "utf8");
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const file = path.join(dir, "diff-phases.js");
  fs.writeFileSync(file, outputText);
  return file;
}

function runPhases(node: string, phasesJs: string, from: string, to: string): DiffPhaseReport {
  const r = spawnSync(node, [phasesJs, ROOT, from, to], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`diff-phases failed (exit ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as DiffPhaseReport;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const tables = Number(option(argv, "--tables", "5000"));
  const changed = Number(option(argv, "--changed", "0.1"));
  const runs = Number(option(argv, "--runs", "3"));
  const node = option(argv, "--node", "node");
  if (!argv.includes("--no-build")) {
    log("Building dist/ ...");
    spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "ignore" });
  }
  if (!fs.existsSync("/usr/bin/time")) throw new Error("/usr/bin/time (GNU time) is needed for CPU time and peak RSS");
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-bench-diff-"));
  const phasesJs = compilePhases(workDir);
  log("Starting a PostgreSQL 15 cluster ...");
  const cluster = await startCluster();
  const dataDir = path.join(cluster.dir, "data");
  try {
    const admin = (statement: string) => sql(cluster.url, [statement]);
    await admin("CREATE DATABASE bench_a TEMPLATE template0");
    const a = databaseUrl(cluster.url, "bench_a");
    let started = performance.now();
    await sql(a, fromScripts(tables));
    log(`  A: ${tables} tables in ${Math.round(performance.now() - started)} ms`);
    await admin("CREATE DATABASE bench_b TEMPLATE bench_a");
    const b = databaseUrl(cluster.url, "bench_b");
    started = performance.now();
    await sql(b, changeScripts(tables, changed));
    log(`  B: changed in ${Math.round(performance.now() - started)} ms (load average ${os.loadavg()[0]!.toFixed(2)})`);

    const cli: CliRun[] = [];
    for (let i = 0; i < runs; i++) {
      const run = runDiff(node, dataDir, a, b);
      if (run.code !== 1) throw new Error(`autogen diff exited with ${run.code}`);
      if (cli.length > 0 && run.stdout !== cli[0]!.stdout) throw new Error("autogen diff printed another script on a rerun");
      cli.push(run);
      log(`  autogen diff: ${Math.round(run.wallMs)} ms`);
    }
    const phases: DiffPhaseReport[] = [];
    for (let i = 0; i < runs; i++) phases.push(runPhases(node, phasesJs, a, b));
    // The same two databases: the catalog floor, and the peer (Alembic) when it is installed.
    const floors: number[] = [];
    for (let i = 0; i < runs; i++) floors.push(await catalogFloorMs([a, b], ["bench"]));
    log(`  catalog floor, both sides at once: ${floors.map(Math.round).join(", ")} ms`);
    const alembic = alembicCompare(a, b, "bench");
    log(alembic.kind === "ran" ? `  Alembic: ${Math.round(alembic.wallMs)} ms` : `  Alembic skipped: ${alembic.reason}`);

    // Untimed: the script applies to a copy of A, after which nothing differs.
    await admin("CREATE DATABASE bench_a2 TEMPLATE bench_a");
    const a2 = databaseUrl(cluster.url, "bench_a2");
    const script = cli[0]!.stdout;
    const psql = spawnSync(path.join(PG_BIN, "psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", a2], {
      input: script,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    if (psql.status !== 0) throw new Error(`the script did not apply: ${psql.stderr.slice(0, 2000)}`);
    const again = runDiff(node, dataDir, a2, b);
    if (again.code !== 0) throw new Error(`after applying, autogen diff still finds differences:\n${again.stdout.slice(0, 2000)}`);

    const statements = script.split("\n").filter((line) => line.endsWith(";") && !line.startsWith("--")).length;
    const wall = summarise(cli.map((r) => r.wallMs));
    const cpu = cli.every((r) => r.cpuMs !== null) ? formatMs(summarise(cli.map((r) => r.cpuMs!)), "s") : "n/a";
    const rss = cli.every((r) => r.rssMb !== null) ? formatMb(summarise(cli.map((r) => r.rssMb!))) : "n/a";
    const server = formatMs(summarise(cli.map((r) => r.serverCpuMs)), "s");
    const inSync = `${(again.wallMs / 1000).toFixed(2)} s wall, ${((again.cpuMs ?? 0) / 1000).toFixed(2)} s CPU, server ${(again.serverCpuMs / 1000).toFixed(2)} s CPU, ${Math.round(again.rssMb ?? 0)} MB`;
    const out = [
      `Machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? "CPU"}, Node ${spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim()}, load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
      "",
      markdownTable(
        ["tables", "changed", "statements printed", "`autogen diff` wall", "CPU (user+sys)", "server CPU", "peak RSS"],
        [[String(tables), `${Math.round(changed * 100)}%`, String(statements), formatMs(wall, "s"), cpu, server, rss]],
      ),
      "",
      markdownTable(
        ["phase (in process)", "median (min-max)"],
        Object.keys(phases[0]!.phases).map((name) => [name, formatMs(summarise(phases.map((p) => p.phases[name]!)))]),
      ),
      "",
      `Beside it, same databases: the catalog floor of both sides read at once ${formatMs(summarise(floors))} ` +
        `(\`autogen diff\` is ${(wall.median / summarise(floors).median).toFixed(1)}x it); ` +
        (alembic.kind === "ran"
          ? `Alembic's compare_metadata ${(alembic.wallMs / 1000).toFixed(2)} s, ${alembic.differences} differences ` +
            `(${(alembic.wallMs / wall.median).toFixed(1)}x \`autogen diff\`).`
          : `Alembic skipped: ${alembic.reason}.`),
      "",
      `Applied to a copy of A, then diffed again (in sync, exit 0): ${inSync}.`,
      "",
      `Operations: ${phases[0]!.operations}; dependency edges: A ${phases[0]!.edges[0]}, B ${phases[0]!.edges[1]}; in-process peak RSS ${formatMb(summarise(phases.map((p) => p.maxRssMb)))}`,
    ];
    process.stdout.write(`${out.join("\n")}\n`);
  } finally {
    if (argv.includes("--keep")) log(`Kept ${workDir} and the cluster (${cluster.url}); stop it with pg_ctl -D ${cluster.dir}/data stop`);
    else {
      stopCluster(cluster.dir);
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
