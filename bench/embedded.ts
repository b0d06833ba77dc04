/**
 * The embedded-database benchmark (`npm run bench:embedded`): the example project (fixtures/memstack,
 * migrations/, autogen.config.ts) copied to a temporary folder with no database configured, its history
 * applied once to the embedded database (unmeasured), then, each in a fresh process and alternating,
 * `autogen current`, `autogen check --shadow` and `autogen test`, several runs each. Prints the wall time
 * (median, min-max) and the peak resident memory of the command's process tree as the kernel reports it
 * for waited-for children, plus the 1-minute load average before and after, as a Markdown table.
 *
 * Options: `--runs 5`, `--engine postgres|pglite` (written into the copied config's `embedded.engine`;
 * default: the config's default), `--no-build` (use dist/ as it is), `--keep` (leave the project),
 * `--cold` (see below).
 *
 * Warm (the default): the snapshot caches and the project's database are filled by the unmeasured
 * `upgrade head` (both engines' caches are per user and per version, shared by every project), and the
 * entity loader's compiled-file cache by the first runs, which are included.
 * Cold (`--cold`): the first command on a machine that never ran pg-autogen, in a fresh clone: every run
 * of every command in a new copy of the project with no `.autogen/`, a new empty TMPDIR (so no engine
 * snapshot: `initdb` runs, in WASM for PGlite), and the compiled-file cache off (`AUTOGEN_NO_CACHE=1`).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { formatMs, markdownTable, summarise } from "./stats";

const ROOT = path.resolve(__dirname, "..");
const AUTOGEN = path.join(ROOT, "bin", "autogen.js");
const COMMANDS: ReadonlyArray<readonly string[]> = [["current"], ["check", "--shadow"], ["test"]];

interface Options {
  readonly runs: number;
  readonly engine: string | null;
  readonly build: boolean;
  readonly keep: boolean;
  readonly cold: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    runs: Number(value("--runs") ?? 5),
    engine: value("--engine") ?? null,
    build: !argv.includes("--no-build"),
    keep: argv.includes("--keep"),
    cold: argv.includes("--cold"),
  };
}

/** Copies the example project, as `npm run demo` does, with `embedded.engine` set when asked. */
function copyExample(engine: string | null): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-bench-embedded-"));
  fs.chmodSync(dir, 0o755);
  fs.cpSync(path.join(ROOT, "fixtures", "memstack"), path.join(dir, "fixtures", "memstack"), { recursive: true });
  fs.cpSync(path.join(ROOT, "migrations"), path.join(dir, "migrations"), { recursive: true });
  const engineLine = engine === null ? "" : `\n  embedded: { engine: ${JSON.stringify(engine)} },`;
  fs.writeFileSync(
    path.join(dir, "autogen.config.ts"),
    `export default {\n  entities: ["fixtures/memstack/*.entity.ts"],\n  migrations: "migrations",${engineLine}\n};\n`,
  );
  // The entity files import typeorm: resolve it from this checkout.
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

interface Run {
  readonly ms: number;
  /** User + system CPU of the command and the children it waited for (GNU time), or null. */
  readonly cpuMs: number | null;
  /** Peak RSS of the largest process among them, in MB (GNU time), or null. */
  readonly rssMb: number | null;
  readonly status: number | null;
  readonly output: string;
}

const GNU_TIME = "/usr/bin/time";
const TIME_MARK = "@@bench-time@@";

function autogen(cwd: string, args: readonly string[], extraEnv: Readonly<Record<string, string>> = {}): Run {
  const env = { ...process.env, ...extraEnv };
  delete env.DATABASE_URL;
  const timed = fs.existsSync(GNU_TIME);
  const [cmd, ...rest] = timed
    ? [GNU_TIME, "-f", `${TIME_MARK} %U %S %M`, process.execPath, AUTOGEN, ...args]
    : [process.execPath, AUTOGEN, ...args];
  const started = performance.now();
  const r = spawnSync(cmd!, rest, { cwd, env, encoding: "utf8" });
  const ms = performance.now() - started;
  const mark = /@@bench-time@@ ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr);
  const stderr = mark ? r.stderr.slice(0, mark.index) : r.stderr;
  return {
    ms,
    cpuMs: mark ? (Number(mark[1]) + Number(mark[2])) * 1000 : null,
    rssMb: mark ? Number(mark[3]) / 1024 : null,
    status: r.status,
    output: `${r.stdout}${stderr}`,
  };
}

function loadAverage(): string {
  return os.loadavg()[0]!.toFixed(1);
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  if (options.build) spawnSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  const dir = copyExample(options.engine);
  const loadBefore = loadAverage();
  const throwaway: string[] = [];
  /** A new project copy and an empty TMPDIR (reachable by the postgres account when run as root). */
  const coldRun = (command: readonly string[]): Run => {
    const project = copyExample(options.engine);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-bench-cold-tmp-"));
    fs.chmodSync(tmp, 0o755);
    throwaway.push(project, tmp);
    try {
      return autogen(project, command, { TMPDIR: tmp, AUTOGEN_NO_CACHE: "1" });
    } finally {
      fs.rmSync(project, { recursive: true, force: true });
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  };
  try {
    if (!options.cold) {
      const setup = autogen(dir, ["upgrade", "head"]);
      if (setup.status !== 0) throw new Error(`upgrade head failed (${setup.status}):\n${setup.output}`);
      process.stderr.write(`setup (upgrade head, first run): ${Math.round(setup.ms)} ms\n${setup.output}`);
    }
    const times = new Map<string, Run[]>(COMMANDS.map((c) => [c.join(" "), []]));
    for (let run = 0; run < options.runs; run++) {
      for (const command of COMMANDS) {
        const r = options.cold ? coldRun(command) : autogen(dir, command);
        if (r.status !== 0) throw new Error(`autogen ${command.join(" ")} exited ${r.status}:\n${r.output}`);
        times.get(command.join(" "))!.push(r);
        process.stderr.write(
          `run ${run + 1}: autogen ${command.join(" ")} ${Math.round(r.ms)} ms, cpu ${Math.round(r.cpuMs ?? 0)} ms, ` +
            `rss ${Math.round(r.rssMb ?? 0)} MB (load ${loadAverage()})\n`,
        );
      }
    }
    const rows = [...times].map(([command, runs]) => {
      const cpu = runs.flatMap((r) => (r.cpuMs === null ? [] : [r.cpuMs]));
      const rss = runs.flatMap((r) => (r.rssMb === null ? [] : [r.rssMb]));
      return [
        `\`autogen ${command}\``,
        formatMs(summarise(runs.map((r) => r.ms)), "s"),
        cpu.length ? formatMs(summarise(cpu), "s") : "-",
        rss.length ? `${Math.round(summarise(rss).median)} MB` : "-",
      ];
    });
    process.stdout.write(
      `engine: ${options.engine ?? "(config default)"}, ${options.cold ? "cold" : "warm"}, ${options.runs} runs each, 1-minute load average ` +
        `${loadBefore} before, ${loadAverage()} after\n\n${markdownTable(["command", "wall, median (min-max)", "CPU user+sys", "peak RSS (largest process)"], rows)}\n`,
    );
  } finally {
    if (options.keep) process.stderr.write(`project kept in ${dir}\n`);
    else fs.rmSync(dir, { recursive: true, force: true });
    for (const d of throwaway) fs.rmSync(d, { recursive: true, force: true });
  }
}

main();
