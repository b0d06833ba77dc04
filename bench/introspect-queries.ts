/**
 * Introspection against its floor (`npm run bench:introspect`): for each size, a database of N tables
 * (bench/catalog-schema.ts), then, runs times, in one read-only transaction with introspect's settings
 * pinned, every catalog query of `introspect` and its floor (bench/catalog-floor.ts) one after the other,
 * then a whole `introspect()` call and a whole floor read (every floor query in one transaction).
 *
 * Every run is on a new connection (a backend with empty catalog caches, as for every CLI command).
 * Two measures per query: the server backend's CPU time (`/proc/<pid>/schedstat`: what the server worked,
 * not counting time spent waiting for a core, which is what a loaded machine adds) and the client's wall
 * time (send to last row decoded). Each is the minimum over the runs (the run least disturbed by the
 * other work on the machine); the median is printed beside the totals.
 *
 * Options: `--sizes 1000,5000`, `--runs 7`, `--url postgresql://...` (a server to use instead of a
 * throwaway cluster; its databases `autogen_catalog_<N>` are reused when they hold N tables),
 * `--keep` (leave the throwaway cluster running), `--json FILE`.
 */
import fs from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { connectPostgres } from "../src/db/postgres";
import type { Database } from "../src/db/database";
import { introspect } from "../src/introspect";
import { CATALOG_QUERIES, type CatalogQueryName, loadSql } from "../src/introspect/load-sql";
import { PIN_SESSION_SETTINGS } from "../src/introspect/session-settings";
import { startCluster, stopCluster } from "../tests/support/pg-cluster";
import { CATALOG_FLOOR } from "./catalog-floor";
import { ensureCatalogDatabase, processCpuNs } from "./catalog-db";
import { markdownTable, summarise } from "./stats";

interface Options {
  readonly sizes: readonly number[];
  readonly runs: number;
  readonly url: string | null;
  readonly keep: boolean;
  readonly json: string | null;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    sizes: (value("--sizes") ?? "1000,5000").split(",").map(Number),
    runs: Number(value("--runs") ?? 7),
    url: value("--url") ?? null,
    keep: argv.includes("--keep"),
    json: value("--json") ?? null,
  };
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Wall and server CPU of one measured piece of work, in ms. */
interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly rows: number;
}

async function measure(db: Database, pid: number, work: () => Promise<number>): Promise<Sample> {
  const cpu0 = processCpuNs(pid) ?? 0;
  const t0 = performance.now();
  const rows = await work();
  const wallMs = performance.now() - t0;
  const cpuMs = ((processCpuNs(pid) ?? 0) - cpu0) / 1e6;
  return { wallMs, cpuMs, rows };
}

function paramsFor(sql: string, schemas: readonly string[]): unknown[] {
  return sql.includes("$1") ? [schemas] : [];
}

export interface SizeFigures {
  readonly tables: number;
  readonly perQuery: Record<string, { real: Sample[]; floor: Sample[] }>;
  readonly whole: Sample[];
  readonly wholeClientCpuMs: number[];
  readonly floorWhole: Sample[];
  readonly floorClientCpuMs: number[];
}

async function backendPid(db: Database): Promise<number> {
  const pid = (await db.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
  if (processCpuNs(pid) === null) log("the server's backend is not a local process: CPU times read 0");
  return pid;
}

/**
 * Runs `fn` on a new connection: every measured run starts with a backend whose catalog caches are
 * empty, as every command of the CLI does.
 */
async function onNewConnection<T>(url: string, fn: (db: Database, pid: number) => Promise<T>): Promise<T> {
  const db = await connectPostgres(url);
  try {
    // Parallel workers are separate processes whose CPU time the backend's does not include: off for
    // every measured session, floors included (introspect() pins the same for its own transaction).
    await db.query("SET max_parallel_workers_per_gather = 0");
    return await fn(db, await backendPid(db));
  } finally {
    await db.close();
  }
}

/** Every query of `side` in introspect's order, in one read-only transaction, each one measured. */
async function eachQuery(db: Database, pid: number, side: "real" | "floor", schemas: readonly string[]): Promise<Sample[]> {
  const samples: Sample[] = [];
  await db.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  await db.query(PIN_SESSION_SETTINGS);
  for (const name of CATALOG_QUERIES) {
    const sql = side === "real" ? loadSql(name) : CATALOG_FLOOR[name];
    samples.push(await measure(db, pid, async () => (await db.query(sql, paramsFor(sql, schemas))).rows.length));
  }
  await db.query("ROLLBACK");
  return samples;
}

async function measureSize(serverUrl: string, tables: number, runs: number): Promise<SizeFigures> {
  const url = await ensureCatalogDatabase(serverUrl, `autogen_catalog_${tables}`, { tables }, log);
  const schemas = ["public"];
  const figures: SizeFigures = {
    tables,
    perQuery: {},
    whole: [],
    wholeClientCpuMs: [],
    floorWhole: [],
    floorClientCpuMs: [],
  };
  for (const name of CATALOG_QUERIES) figures.perQuery[name] = { real: [], floor: [] };
  for (let run = 1; run <= runs; run++) {
    for (const side of run % 2 === 0 ? (["floor", "real"] as const) : (["real", "floor"] as const)) {
      const samples = await onNewConnection(url, (db, pid) => eachQuery(db, pid, side, schemas));
      CATALOG_QUERIES.forEach((name, i) => figures.perQuery[name]![side].push(samples[i]!));
    }
    await onNewConnection(url, async (db, pid) => {
      const client0 = process.cpuUsage();
      figures.whole.push(await measure(db, pid, async () => Object.keys((await introspect(db, { schemas })).tables).length));
      const client = process.cpuUsage(client0);
      figures.wholeClientCpuMs.push((client.user + client.system) / 1000);
    });
    await onNewConnection(url, async (db, pid) => {
      const client0 = process.cpuUsage();
      figures.floorWhole.push(
        await measure(db, pid, async () => (await eachQuery(db, pid, "floor", schemas)).reduce((n, s) => n + s.rows, 0)),
      );
      const client = process.cpuUsage(client0);
      figures.floorClientCpuMs.push((client.user + client.system) / 1000);
    });
    log(`  ${tables} tables, run ${run}/${runs}: introspect ${figures.whole.at(-1)!.wallMs.toFixed(0)} ms, ` +
      `floor ${figures.floorWhole.at(-1)!.wallMs.toFixed(0)} ms`);
  }
  return figures;
}

const min = (values: readonly number[]): number => Math.min(...values);
const ms = (v: number): string => (v < 10 ? v.toFixed(1) : v.toFixed(0));
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(1)}x` : "-");

export function renderSize(f: SizeFigures): string {
  const rows = CATALOG_QUERIES.map((name) => {
    const { real, floor } = f.perQuery[name]!;
    const cpu = min(real.map((s) => s.cpuMs));
    const floorCpu = min(floor.map((s) => s.cpuMs));
    const wall = min(real.map((s) => s.wallMs));
    const floorWall = min(floor.map((s) => s.wallMs));
    return [name, String(real[0]!.rows), ms(cpu), ms(floorCpu), ratio(cpu, floorCpu), ms(wall), ms(floorWall), ratio(wall, floorWall)];
  });
  const sum = (pick: (name: CatalogQueryName) => number): number =>
    CATALOG_QUERIES.reduce((total, name) => total + pick(name), 0);
  const sumCpu = sum((n) => min(f.perQuery[n]!.real.map((s) => s.cpuMs)));
  const sumFloorCpu = sum((n) => min(f.perQuery[n]!.floor.map((s) => s.cpuMs)));
  const sumWall = sum((n) => min(f.perQuery[n]!.real.map((s) => s.wallMs)));
  const sumFloorWall = sum((n) => min(f.perQuery[n]!.floor.map((s) => s.wallMs)));
  rows.push(["**sum of queries**", "", ms(sumCpu), ms(sumFloorCpu), ratio(sumCpu, sumFloorCpu), ms(sumWall), ms(sumFloorWall), ratio(sumWall, sumFloorWall)]);
  const whole = summarise(f.whole.map((s) => s.wallMs));
  const wholeCpu = summarise(f.whole.map((s) => s.cpuMs));
  const floorWhole = summarise(f.floorWhole.map((s) => s.wallMs));
  const floorCpu = summarise(f.floorWhole.map((s) => s.cpuMs));
  const clientCpu = summarise(f.wholeClientCpuMs);
  const floorClientCpu = summarise(f.floorClientCpuMs);
  rows.push([
    "**`introspect()` whole** vs all floors in one transaction", "",
    ms(wholeCpu.min), ms(floorCpu.min), ratio(wholeCpu.min, floorCpu.min),
    ms(whole.min), ms(floorWhole.min), ratio(whole.min, floorWhole.min),
  ]);
  const table = markdownTable(
    ["query", "rows", "server CPU ms", "floor CPU ms", "ratio", "wall ms", "floor wall ms", "ratio"],
    rows,
  );
  return (
    `#### ${f.tables} tables (minimum of ${f.whole.length} runs)\n\n${table}\n\n` +
    `\`introspect()\` medians: wall ${ms(whole.median)} ms (floor ${ms(floorWhole.median)}), server CPU ` +
    `${ms(wholeCpu.median)} ms (floor ${ms(floorCpu.median)}), client CPU ${ms(clientCpu.median)} ms ` +
    `(floor ${ms(floorClientCpu.median)}).\n`
  );
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const cluster = options.url === null ? await startCluster() : null;
  const serverUrl = options.url ?? cluster!.url;
  const load: number[][] = [os.loadavg()];
  try {
    const results: SizeFigures[] = [];
    for (const size of options.sizes) results.push(await measureSize(serverUrl, size, options.runs));
    load.push(os.loadavg());
    const loadText = load.map((l) => l.map((v) => v.toFixed(1)).join(" ")).join(" -> ");
    process.stdout.write(`\nLoad average (1, 5, 15 min) at start and end: ${loadText}\n\n`);
    for (const f of results) process.stdout.write(`${renderSize(f)}\n`);
    if (options.json) fs.writeFileSync(options.json, `${JSON.stringify({ load, results }, null, 2)}\n`);
  } finally {
    if (cluster && options.keep) log(`the cluster is still running: ${cluster.url} (pg_ctl -D ${cluster.dir}/data stop)`);
    else if (cluster) stopCluster(cluster.dir);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
