/**
 * How long the command line takes to answer when it has nothing to do: `autogen --help`, `--version` and
 * an unknown command (a usage error), against `node -e 0` (Node's own start). Each run is a fresh
 * process of the built CLI (`node bin/autogen.js ...`, dist/ as it is: run `npm run build` first); the
 * variants alternate, run after run, so that a change in the machine's load falls on all of them alike.
 * Wall time is taken around the child; CPU time (user + sys) comes from `/usr/bin/time`. It also counts
 * the modules each case loads (tests/support/module-recorder.js), and those `history` and `upgrade head --sql`
 * load in the example project (this repository's autogen.config.ts and migrations/; run once each before,
 * so that the loader's compiled-file cache is warm).
 *
 * Usage: `npx ts-node --transpile-only bench/cli-startup.ts [--runs 21] [--bin OTHER/bin/autogen.js ...]`
 * (`--bin` adds another build to compare, for example a checkout of main).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { formatMs, markdownTable, summarise } from "./stats";

const ROOT = path.resolve(__dirname, "..");
const RECORDER = path.join(ROOT, "tests", "support", "module-recorder.js");

interface Case {
  readonly name: string;
  /** The script run by node, or null for `node -e 0`. */
  readonly bin: string | null;
  readonly args: readonly string[];
}

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
}

function parseOptions(argv: readonly string[]): { runs: number; bins: string[] } {
  const bins = [path.join(ROOT, "bin", "autogen.js")];
  let runs = 21;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--runs") runs = Number(argv[++i]);
    else if (argv[i] === "--bin") bins.push(path.resolve(argv[++i]!));
    else throw new Error(`unknown option ${argv[i]}`);
  }
  return { runs, bins };
}

/** One run of `c` in a fresh process, in an empty directory (no config to read). */
function measure(c: Case, cwd: string): Sample {
  const nodeArgs = c.bin === null ? ["-e", "0"] : [c.bin, ...c.args];
  const timing = path.join(cwd, "time.txt");
  const started = performance.now();
  const result = spawnSync("/usr/bin/time", ["-o", timing, "-f", "%U %S", process.execPath, ...nodeArgs], {
    cwd,
    stdio: ["ignore", "ignore", "ignore"],
    env: { PATH: process.env.PATH ?? "" },
  });
  const wallMs = performance.now() - started;
  if (result.error) throw result.error;
  const [user, sys] = fs.readFileSync(timing, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  return { wallMs, cpuMs: (user! + sys!) * 1000 };
}

/** The number of modules the case's code loads (node: built-ins included), and which heavy ones. */
function modulesLoaded(c: Case, cwd: string, scratch: string = cwd): string {
  if (c.bin === null) return "";
  const out = path.join(scratch, "modules.txt");
  spawnSync(process.execPath, ["-r", RECORDER, c.bin, ...c.args], {
    cwd,
    stdio: "ignore",
    env: { PATH: process.env.PATH ?? "", MODULE_RECORDER_ROOT: path.dirname(path.dirname(c.bin)) + path.sep, MODULE_RECORDER_OUT: out },
  });
  const modules = fs.readFileSync(out, "utf8").split("\n").filter(Boolean);
  const heavy = ["typeorm", "pg", "prettier", "handlebars", "typescript", "fast-glob", "tinyglobby", "@electric-sql/pglite", "libpg-query"].filter((name) =>
    modules.some((file) => file.includes(`/node_modules/${name}/`)),
  );
  return `${modules.length}${heavy.length ? ` (${heavy.join(", ")})` : ""}`;
}

function main(): void {
  const { runs, bins } = parseOptions(process.argv.slice(2));
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-cli-startup-"));
  const label = (bin: string): string => (bins.length === 1 ? "" : ` [${path.relative(process.cwd(), path.dirname(path.dirname(bin))) || "."}]`);
  const cases: Case[] = [{ name: "node -e 0", bin: null, args: [] }];
  for (const bin of bins) {
    for (const args of [["--help"], ["--version"], ["frobnicate"]]) cases.push({ name: `autogen ${args.join(" ")}${label(bin)}`, bin, args });
  }
  const samples = new Map<Case, Sample[]>(cases.map((c) => [c, []]));
  for (const c of cases) measure(c, cwd); // warm the file cache
  for (let run = 0; run < runs; run++) for (const c of cases) samples.get(c)!.push(measure(c, cwd));
  const rows = cases.map((c) => {
    const s = samples.get(c)!;
    return [c.name, formatMs(summarise(s.map((x) => x.wallMs))), formatMs(summarise(s.map((x) => x.cpuMs))), modulesLoaded(c, cwd)];
  });
  const load = os.loadavg().map((l) => l.toFixed(1)).join(", ");
  console.log(`Node ${process.version}, ${os.cpus().length} cores, load average ${load}; median (min-max) of ${runs} runs\n`);
  console.log(markdownTable(["command", "wall", "CPU (user+sys)", "modules loaded"], rows));
  const commandRows: string[][] = [];
  for (const args of [["history"], ["upgrade", "head", "--sql"]]) {
    for (const bin of bins) {
      const c: Case = { name: `autogen ${args.join(" ")}${label(bin)}`, bin, args };
      spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, stdio: "ignore" });
      commandRows.push([c.name, modulesLoaded(c, ROOT, cwd)]);
    }
  }
  console.log(`\nIn the example project (${ROOT}):\n`);
  console.log(markdownTable(["command", "modules loaded"], commandRows));
  fs.rmSync(cwd, { recursive: true, force: true });
}

main();
