/**
 * The project's embedded database in folders the command's account cannot write or read (a read-only
 * checkout, a `.autogen/pgdata` a root container made): one paragraph naming the folder and what to do,
 * exit 1, and nothing left behind, instead of an unexpected error with a stack trace.
 *
 * Run for real: the command line (tests/support/build-cli.ts) in a Node process of its own, as an
 * account the folders refuse: `postgres` when root runs the tests (root may write anywhere), else this
 * user.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { autogenBin } from "../support/build-cli";

const asRoot = process.getuid?.() === 0;
let workDir: string;
let runner: { uid: number; gid: number };

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-embedded-folders-"));
  fs.chmodSync(workDir, 0o755);
  const postgres = fs
    .readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .map((line) => line.split(":"))
    .find((f) => f[0] === "postgres");
  runner = asRoot ? { uid: Number(postgres![2]), gid: Number(postgres![3]) } : { uid: process.getuid!(), gid: process.getgid!() };
});

afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

/** A project with an empty history, owned by the runner. */
function project(name: string): string {
  const dir = path.join(workDir, name);
  fs.mkdirSync(path.join(dir, "migrations"), { recursive: true });
  fs.writeFileSync(path.join(dir, "autogen.config.json"), JSON.stringify({ migrations: "migrations" }));
  for (const p of [dir, path.join(dir, "migrations"), path.join(dir, "autogen.config.json")]) fs.chownSync(p, runner.uid, runner.gid);
  return dir;
}

function autogen(cwd: string, ...args: string[]): { code: number | null; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  const command = [process.execPath, autogenBin(), ...args];
  const [bin, ...rest] = asRoot ? ["runuser", "-u", "postgres", "--", ...command] : command;
  const r = spawnSync(bin!, rest, { cwd, env, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stderr: r.stderr };
}

const HINT =
  "make the project folder writable for this user, or set a database URL to work on a server " +
  "(autogen check --shadow and autogen test need no folder of their own).";

describe("a project folder the command cannot write", () => {
  it("a read-only project: exit 1 naming .autogen, and nothing created", () => {
    const dir = project("read-only");
    fs.chmodSync(dir, 0o555);
    const r = autogen(dir, "current");
    expect(r).toEqual({
      code: 1,
      stderr: `ERROR: Could not open the embedded database at ${dir}/.autogen/pgdata: ${dir}/.autogen cannot be created (EACCES: permission denied); ${HINT}\n`,
    });
    expect(fs.readdirSync(dir).sort()).toEqual(["autogen.config.json", "migrations"]);
  });

  it("a read-only .autogen of an earlier run: exit 1 naming the lock file", () => {
    const dir = project("read-only-autogen");
    const autogenDir = path.join(dir, ".autogen");
    fs.mkdirSync(path.join(autogenDir, "pgdata"), { recursive: true });
    fs.writeFileSync(path.join(autogenDir, ".gitignore"), "*\n");
    fs.chownSync(autogenDir, runner.uid, runner.gid);
    fs.chmodSync(autogenDir, 0o555);
    const r = autogen(dir, "upgrade", "head");
    expect(r).toEqual({
      code: 1,
      stderr: `ERROR: Could not open the embedded database at ${autogenDir}/pgdata: ${autogenDir}/pgdata.lock cannot be created (EACCES: permission denied); ${HINT}\n`,
    });
    expect(fs.readdirSync(autogenDir).sort()).toEqual([".gitignore", "pgdata"]);
  });
});

describe("a data directory the command cannot read", () => {
  it("says whose it is and what to do, and releases its lock", () => {
    const dir = project("other-account");
    const autogenDir = path.join(dir, ".autogen");
    const pgdata = path.join(autogenDir, "pgdata");
    fs.mkdirSync(pgdata, { recursive: true });
    fs.writeFileSync(path.join(pgdata, "PG_VERSION"), "15\n");
    fs.chownSync(autogenDir, runner.uid, runner.gid);
    // As root: the data directory is root's (another account's); else this user's, without permissions.
    fs.chmodSync(pgdata, asRoot ? 0o700 : 0o000);
    const r = autogen(dir, "current");
    const what = asRoot ? "it belongs to another account (uid 0); run the command as that account or as root, or" : "fix its permissions, or";
    expect(r).toEqual({
      code: 1,
      stderr:
        `ERROR: Could not open the embedded PostgreSQL server database at ${pgdata}: it cannot be read (EACCES): ${what} ` +
        "move the directory away to start afresh (it is a local development database).\n",
    });
    expect(fs.readdirSync(autogenDir)).toEqual(["pgdata"]);
    fs.chmodSync(pgdata, 0o700);
  });
});
