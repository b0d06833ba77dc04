/**
 * Progress on long work, as the command line shows it, on PostgreSQL 15. `autogen check` runs on a project
 * whose first entity file takes a while to load (it waits SLOW_ENTITY_MS at load time, standing for a big
 * project), so that there is a phase to show whatever the machine's speed:
 * - at a terminal: a live line on stderr naming the phases, redrawn in place and cleared at the end; no
 *   escape sequence with NO_COLOR; nothing with --quiet;
 * - without one: a plain line per phase that took over a second, nothing with --quiet;
 * - stdout, what scripts read, is the same byte for byte in every case.
 * In process (the CLI's `run` with an io that says what stderr is), then as a real process that finds out
 * for itself: `upgrade` under a pseudo-terminal (`script`, util-linux) and `downgrade` with pipes, each
 * with a migration that waits.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type * as Main from "../../src/cli/main";
import type { ProgressMode } from "../../src/cli/progress-display";
import { sharedCli } from "../support/build-cli";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { NOTE_ENTITY, tempProject } from "./cli-support";

const ESC = "\u001b";

const SLOW_ENTITY = `
import { Entity, PrimaryGeneratedColumn } from "typeorm";

// Busy for SLOW_ENTITY_MS when loaded: a phase that lasts at least that long.
const until = Date.now() + Number(process.env.SLOW_ENTITY_MS ?? 0);
while (Date.now() < until) {
  // waiting
}

@Entity({ name: "slow" })
export class Slow {
  @PrimaryGeneratedColumn()
  id: number;
}
`;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The CLI in process, its stderr a terminal (`live`) or not (`lines`). */
async function inProcess(args: readonly string[], cwd: string, progress: ProgressMode, env: Record<string, string> = {}, slowMs = 400): Promise<Run> {
  jest.resetModules();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { run } = require("../../src/cli/main") as typeof Main;
  let stdout = "";
  let stderr = "";
  process.env.SLOW_ENTITY_MS = String(slowMs);
  try {
    const code = await run(args, {
      cwd,
      env: { PATH: process.env.PATH, ...env },
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      progress,
      columns: 100,
    });
    return { code, stdout, stderr };
  } finally {
    delete process.env.SLOW_ENTITY_MS;
  }
}

/** A process of its own (the built CLI, see `sharedCli`), with `env`. */
function processRun(command: string, args: readonly string[], cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env: { PATH: process.env.PATH ?? "", ...env } }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") return reject(error);
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

/** A carriage return that does not end a line (a terminal turns "\n" into "\r\n"). */
const REDRAW = /\r(?!\n)/;

describe("autogen check shows its progress on stderr, never on stdout", () => {
  let db: TestDatabase;
  let dir: string;
  let expectedStdout: string;
  beforeAll(async () => {
    db = await createTestDatabase("progress");
    dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations" }),
      "entities/a-slow.ts": SLOW_ENTITY,
      "entities/note.ts": NOTE_ENTITY,
      "migrations/.keep": "",
    });
    // What scripts read: the same in every run below.
    const plain = await inProcess(["check", "--url", db.url], dir, "none", {}, 0);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain("New upgrade operations detected");
    expect(plain.stderr).toBe("");
    expectedStdout = plain.stdout;
  }, 120_000);
  afterAll(async () => {
    await db.drop();
  });

  it("at a terminal: a live line naming the phases with the time so far, redrawn in place, cleared at the end", async () => {
    const live = await inProcess(["check", "--url", db.url], dir, "live");
    expect(live.code).toBe(1);
    expect(live.stdout).toBe(expectedStdout);
    expect(live.stderr).toMatch(/\r\u001b\[2Kloading entities [12]\/2, |\r\u001b\[2K(reading the catalog, )?loading entities [12]\/2/);
    expect(live.stderr).toMatch(/\u001b\[2m \(\d+\.\d s\)\u001b\[22m/);
    expect(live.stderr).not.toContain("\n");
    expect(live.stderr.endsWith(`\r${ESC}[2K`)).toBe(true);
  }, 60_000);

  it("at a terminal with NO_COLOR: the same line without a single escape sequence", async () => {
    const live = await inProcess(["check", "--url", db.url], dir, "live", { NO_COLOR: "1" });
    expect(live.code).toBe(1);
    expect(live.stdout).toBe(expectedStdout);
    expect(live.stderr).toMatch(/\r(reading the catalog, )?loading entities [12]\/2/);
    expect(live.stderr).not.toContain(ESC);
    expect(live.stderr).toMatch(/\r *\r$/); // cleared with spaces
  }, 60_000);

  it("at a terminal with --quiet: nothing", async () => {
    const quiet = await inProcess(["check", "--url", db.url, "--quiet"], dir, "live");
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).toBe(expectedStdout);
    expect(quiet.stderr).toBe("");
  }, 60_000);

  it("without a terminal: a plain line per phase that took over a second; with --quiet nothing", async () => {
    const lines = await inProcess(["check", "--url", db.url], dir, "lines", {}, 1100);
    expect(lines.code).toBe(1);
    expect(lines.stdout).toBe(expectedStdout);
    expect(lines.stderr).toMatch(/^Loading 2 entity files took \d+\.\d s$/m);
    expect(lines.stderr).not.toMatch(REDRAW);
    expect(lines.stderr).not.toContain(ESC);
    for (const line of lines.stderr.split("\n").filter(Boolean)) expect(line).toMatch(/^[A-Z][a-z ]+.* took \d+\.\d s$/);

    const quiet = await inProcess(["check", "--url", db.url, "-q"], dir, "lines", {}, 1100);
    expect(quiet.stdout).toBe(expectedStdout);
    expect(quiet.stderr).toBe("");
  }, 60_000);
});

describe("--quiet", () => {
  it("leaves out informational lines too: autogen -m writes its migration and says nothing", async () => {
    const db = await createTestDatabase("progress_quiet");
    try {
      const files = { "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"] }), "entities/note.ts": NOTE_ENTITY };
      const loud = tempProject(files);
      const said = await inProcess(["-m", "notes", "--url", db.url], loud, "lines", {}, 0);
      expect(said.code).toBe(0);
      expect(said.stdout).toMatch(/^Generating migrations\/.*_notes\.ts \.\.\. done$/m);
      const quiet = tempProject(files);
      const silent = await inProcess(["-m", "notes", "--url", db.url, "--quiet"], quiet, "lines", {}, 0);
      expect(silent.code).toBe(0);
      expect(silent.stdout).toBe("");
      expect(silent.stderr).toBe("");
      expect(fs.readdirSync(path.join(quiet, "migrations")).filter((f) => f.endsWith("_notes.ts"))).toHaveLength(1);
    } finally {
      await db.drop();
    }
  }, 60_000);
});

describe("a real process finds out what its stderr is", () => {
  // A migration that waits (asynchronously, as a slow statement would) for SLOW_MIGRATION_MS.
  const migration = `
const wait = () => new Promise((resolve) => setTimeout(resolve, Number(process.env.SLOW_MIGRATION_MS ?? 0)));
exports.revision = "a1";
exports.downRevision = null;
exports.upgrade = async (op) => { await wait(); op.execute("CREATE TABLE t (id int)"); };
exports.downgrade = async (op) => { await wait(); op.execute("DROP TABLE t"); };
`;
  let bin: string;
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase("progress_proc");
    // The CLI as `npm run build` lays it out, run by Node as users run it (shared with other test files).
    bin = path.join(sharedCli(), "bin", "autogen.js");
    dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations" }),
      "migrations/a1_first.js": `/** first */\n${migration}`,
    });
  }, 120_000);
  afterAll(async () => {
    await db.drop();
  });

  it("under a pseudo-terminal: the live line on stderr (applying revision 1 of 1), cleared; stdout, redirected, as ever", async () => {
    const out = path.join(dir, "stdout.txt");
    const command = [process.execPath, bin, "upgrade", "head", "--url", db.url].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(" ");
    // `script` runs the command on a new pseudo-terminal and copies what the terminal shows to its stdout.
    const run = await processRun("script", ["-qfec", `${command} > '${out}'`, "/dev/null"], dir, { SLOW_MIGRATION_MS: "800" });
    expect(run.code).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toMatch(/^Running upgrade base -> a1, first \.\.\. done in \d+ ms\n$/);
    expect(run.stdout).toMatch(/\r\u001b\[2Kapplying revision 1 of 1: a1 \(first\)\u001b\[2m \(\d+\.\d s\)\u001b\[22m/);
    expect(run.stdout.endsWith(`\r${ESC}[2K`)).toBe(true);
    expect(await db.query("SELECT 1 FROM t")).toEqual([]);
  }, 120_000);

  it("with pipes: a plain line on stderr for the phase that took over a second; stdout as ever", async () => {
    const run = await processRun(process.execPath, [bin, "downgrade", "base", "--url", db.url], dir, { SLOW_MIGRATION_MS: "1100" });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Running downgrade a1 -> base, first \.\.\. done in \d+ ms\n$/);
    expect(run.stderr).toMatch(/^Applying 1 revision took \d+\.\d s$/m);
    // Other phases get their line too when they take over a second (on a busy machine): nothing else.
    for (const line of run.stderr.split("\n").filter(Boolean)) expect(line).toMatch(/^[A-Z][a-z ]+.* took \d+\.\d s$/);
    expect(run.stderr).not.toMatch(REDRAW);
    expect(run.stderr).not.toContain(ESC);
    expect(await db.query("SELECT to_regclass('t') AS t")).toEqual([{ t: null }]);
  }, 120_000);
});
