/**
 * One database-to-database comparison through the programmatic API, in its own process (bench/db-diff.ts
 * compiles this file to plain JavaScript and runs it with `node`, against dist/): connect to both
 * databases, introspect both at once (two connections), compare, compile the operations to SQL. Prints
 * one line of JSON: the phases' wall times, the statement count, this process's CPU time and peak RSS,
 * and each server backend's CPU time.
 *
 * Usage: `node db-diff-child.js <distDir> <fromUrl> <toUrl>`.
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";

function backendCpuMs(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const [distDir, fromUrl, toUrl] = process.argv.slice(2);
  if (!distDir || !fromUrl || !toUrl) throw new Error("usage: db-diff-child.js <distDir> <fromUrl> <toUrl>");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const api = require(path.resolve(distDir, "index.js")) as typeof import("../src/index");
  const loaded = performance.now();
  const cpuAt = (): number => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const loadCpu = cpuAt();
  const [from, to] = await Promise.all([api.connectPostgres(fromUrl), api.connectPostgres(toUrl)]);
  const pids = await Promise.all(
    [from, to].map(async (db) => (await db.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid),
  );
  const connected = performance.now();
  const server0 = pids.map(backendCpuMs);
  const cpu0 = cpuAt();
  const [fromModel, toModel] = await Promise.all([
    api.introspect(from, { schemas: ["public"] }),
    api.introspect(to, { schemas: ["public"] }),
  ]);
  const introspected = performance.now();
  const introspectCpu = cpuAt() - cpu0;
  const serverMs = pids.map((pid, i) => backendCpuMs(pid) - server0[i]!);
  await Promise.all([from.close(), to.close()]);
  const closed = performance.now();
  const cpu1 = cpuAt();
  const { operations } = api.compare(fromModel, toModel);
  const compared = performance.now();
  const compareCpu = cpuAt() - cpu1;
  const statements = api.compileOperations(operations);
  const compiled = performance.now();
  const cpu = process.cpuUsage();
  process.stdout.write(
    `${JSON.stringify({
      loadMs: loaded - started,
      connectMs: connected - loaded,
      introspectMs: introspected - connected,
      compareMs: compared - closed,
      compileMs: compiled - compared,
      totalMs: compiled - started,
      operations: operations.length,
      statements: statements.length,
      serverCpuMs: serverMs,
      clientCpuMs: (cpu.user + cpu.system) / 1000,
      loadCpuMs: loadCpu,
      introspectCpuMs: introspectCpu,
      compareCpuMs: compareCpu,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      tables: [Object.keys(fromModel.tables).length, Object.keys(toModel.tables).length],
    })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});
