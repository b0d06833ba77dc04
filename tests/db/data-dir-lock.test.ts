/**
 * The lock of an embedded data directory: exclusive, taken over when its holder is provably gone (a dead
 * process here; elsewhere, a heartbeat older than the bound), never while its holder lives. The holders
 * "elsewhere" are real processes in a host name and pid namespace of their own (unshare), as a container
 * sharing the volume is; the bounds are shortened for the test (LockTiming), not faked. A frozen holder
 * (`docker pause`) is one whose processes are all stopped (SIGSTOP), as the cgroup freezer stops them.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { lockDataDir, type LockTiming } from "../../src/db/data-dir-lock";
import { EmbeddedDatabaseBusyError } from "../../src/db/database-errors";
import { sharedCli } from "../support/build-cli";

const FAST: LockTiming = { heartbeatMs: 200, staleAfterMs: 1_500, legacyStaleAfterMs: 60_000 };

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-lock-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const PID_SPACE = `${fs.readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim()}/${fs.readlinkSync("/proc/self/ns/pid")}`;

/** Writes a lock as a holder would have, with its heartbeat last `ageMs` ago. */
function writeLock(dataDir: string, owner: Record<string, unknown>, ageMs = 0): void {
  fs.writeFileSync(`${dataDir}.lock`, JSON.stringify(owner));
  const then = new Date(Date.now() - ageMs);
  fs.utimesSync(`${dataDir}.lock`, then, then);
}

const ownerOf = (dataDir: string) => JSON.parse(fs.readFileSync(`${dataDir}.lock`, "utf8")) as { pid: number; host: string; token: string };

/**
 * A process holding the lock of `dataDir` in a host ("other-container") and pid namespace of its own, as
 * a container sharing the volume; resolves once it holds it.
 */
async function holderElsewhere(dataDir: string, timing: LockTiming = FAST): Promise<ChildProcess> {
  const script =
    `require("./dist/db/data-dir-lock").lockDataDir(${JSON.stringify(dataDir)}, ${JSON.stringify(timing)})` +
    `.then(() => { console.log("held"); setInterval(() => undefined, 1000); }, (e) => { console.error(e.message); process.exit(3); });`;
  const unshare = process.getuid?.() === 0 ? ["unshare", "--uts", "--pid", "--kill-child"] : ["unshare", "--user", "--map-root-user", "--uts", "--pid", "--kill-child"];
  const [bin, ...args] = [...unshare, "sh", "-c", 'hostname other-container && exec "$0" -e "$1"', process.execPath, script];
  const child = spawn(bin!, args, { cwd: sharedCli(), stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("held") && resolve());
    child.once("exit", (code) => reject(new Error(`the holder exited (${code}) before it held the lock`)));
  });
  return child;
}

/** Sends `signal` to every process below `pid` (the holder, its heartbeat and the heartbeat's sleep), as `docker pause` freezes a container. */
function signalAll(pid: number, signal: NodeJS.Signals): void {
  const signalled = new Set<number>();
  for (let found = true; found; ) {
    found = false;
    for (const child of descendantsOf(pid)) {
      if (signalled.has(child)) continue;
      signalled.add(child);
      found = true;
      try {
        process.kill(child, signal);
      } catch {
        // gone meanwhile (a sleep that ended)
      }
    }
  }
}

function descendantsOf(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // ended while listed
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const [child, parent] of parents) if (parent === p) (out.push(child), walk(child));
  };
  walk(pid);
  return out;
}

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Error)) throw new Error("expected an error");
  return outcome;
}

describe("lockDataDir", () => {
  it("is exclusive within a process and released by release()", async () => {
    const dataDir = path.join(dir, "pgdata");
    const lock = await lockDataDir(dataDir);
    expect(lock.lockFile).toBe(`${dataDir}.lock`);
    const twice = await errorOf(lockDataDir(dataDir));
    expect(twice).toBeInstanceOf(EmbeddedDatabaseBusyError);
    expect(twice.message).toMatch(/already open in this process \(it was opened twice\)/);
    lock.release();
    lock.release();
    expect(fs.existsSync(lock.lockFile)).toBe(false);
    (await lockDataDir(dataDir)).release();
  });

  it("names a live holder process and takes over the lock of a dead one", async () => {
    const dataDir = path.join(dir, "pgdata");
    const host = os.hostname();
    // The parent of this process is alive for the whole test.
    writeLock(dataDir, { pid: process.ppid, host, token: "other" });
    const live = await errorOf(lockDataDir(dataDir));
    expect(live.message).toContain(`already open in process ${process.ppid} on ${host}`);
    expect(live.message).toContain(`delete the stale lock file ${dataDir}.lock`);

    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    writeLock(dataDir, { pid: Number(dead.stdout), host, token: "dead" });
    const lock = await lockDataDir(dataDir);
    expect(ownerOf(dataDir).pid).toBe(process.pid);
    lock.release();
  });

  it("does not delete a lock that another holder took over", async () => {
    const dataDir = path.join(dir, "pgdata");
    const lock = await lockDataDir(dataDir);
    fs.writeFileSync(lock.lockFile, JSON.stringify({ pid: process.ppid, host: os.hostname(), token: "new" }));
    lock.release();
    expect(fs.existsSync(lock.lockFile)).toBe(true);
  });
});

describe("a process number that now belongs to another process (a container restarted with the same host name)", () => {
  it("this very process, which does not hold that lock (node is pid 1 again), takes it over", async () => {
    const dataDir = path.join(dir, "pgdata");
    writeLock(dataDir, { pid: process.pid, host: os.hostname(), token: "previous-life", pidSpace: PID_SPACE, started: "1", heartbeatMs: 5000 });
    const lock = await lockDataDir(dataDir);
    expect(ownerOf(dataDir).token).not.toBe("previous-life");
    lock.release();
  });

  it("a live process started after the lock was written takes it over; the same process with its start time keeps it", async () => {
    const dataDir = path.join(dir, "pgdata");
    const started = fs.readFileSync(`/proc/${process.ppid}/stat`, "utf8").split(") ")[1]!.split(" ")[19];
    writeLock(dataDir, { pid: process.ppid, host: os.hostname(), token: "parent", pidSpace: PID_SPACE, started, heartbeatMs: 5000 });
    expect((await errorOf(lockDataDir(dataDir))).message).toContain(`already open in process ${process.ppid}`);
    writeLock(dataDir, { pid: process.ppid, host: os.hostname(), token: "reused", pidSpace: PID_SPACE, started: `${started}0`, heartbeatMs: 5000 });
    const lock = await lockDataDir(dataDir);
    expect(ownerOf(dataDir).pid).toBe(process.pid);
    lock.release();
  });
});

describe("a lock held elsewhere (another host, or a container restarted with a new host name on the same volume)", () => {
  it("is taken over when its heartbeat is older than the bound and a second read, two of its beats later, sees none", async () => {
    const dataDir = path.join(dir, "pgdata");
    writeLock(dataDir, { pid: 1, host: "old-container", token: "gone", pidSpace: "other", heartbeatMs: 300 }, 120_000);
    const started = Date.now();
    const lock = await lockDataDir(dataDir);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 300 - 50);
    expect(ownerOf(dataDir)).toMatchObject({ pid: process.pid, host: os.hostname() });
    lock.release();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("with a recent heartbeat that does not move, is waited for and taken over when it reaches the bound", async () => {
    const dataDir = path.join(dir, "pgdata");
    writeLock(dataDir, { pid: 1, host: "old-container", token: "just-killed", pidSpace: "other", heartbeatMs: FAST.heartbeatMs });
    const started = Date.now();
    const lock = await lockDataDir(dataDir, FAST);
    expect(Date.now() - started).toBeGreaterThanOrEqual(FAST.staleAfterMs + 2 * FAST.heartbeatMs - 100);
    expect(ownerOf(dataDir).pid).toBe(process.pid);
    lock.release();
  });

  it("of an earlier pg-autogen (no heartbeat) is taken over once it is older than its own bound, and until then the message says when", async () => {
    const dataDir = path.join(dir, "pgdata");
    writeLock(dataDir, { pid: 1, host: "old-container", token: "old-version" }, 30_000);
    const error = await errorOf(lockDataDir(dataDir, FAST));
    expect(error).toBeInstanceOf(EmbeddedDatabaseBusyError);
    expect(error.message).toContain(
      `already open in process 1 on old-container. One pg-autogen command at a time owns it (two engines writing the same data ` +
        `directory would corrupt it): wait for the other command to finish. The lock file ${dataDir}.lock was written by an ` +
        `earlier pg-autogen, which does not refresh it: it is taken over once it is 1 minute old (it is 0.5 minutes old now); if no ` +
        `pg-autogen process is running there, delete it.`,
    );
    writeLock(dataDir, { pid: 1, host: "old-container", token: "old-version" }, 61_000);
    const lock = await lockDataDir(dataDir, FAST);
    expect(ownerOf(dataDir)).toMatchObject({ pid: process.pid, host: os.hostname() });
    lock.release();
  });

  it("held by a live process is never taken over, however long; once that container is killed, it is", async () => {
    const dataDir = path.join(dir, "pgdata");
    const holder = await holderElsewhere(dataDir);
    try {
      expect(ownerOf(dataDir).host).toBe("other-container");
      const first = await errorOf(lockDataDir(dataDir, FAST));
      expect(first).toBeInstanceOf(EmbeddedDatabaseBusyError);
      expect(first.message).toContain(
        `already open in process 1 on other-container. One pg-autogen command at a time owns it (two engines writing the same ` +
          `data directory would corrupt it): wait for the other command to finish (the lock file ${dataDir}.lock is refreshed ` +
          `every 0.2 s while its command runs, and taken over once it is 1.5 s old and then not refreshed for two more beats).`,
      );
      // Long after the bound, the heartbeat still moves.
      await new Promise((r) => setTimeout(r, 2 * FAST.staleAfterMs));
      expect(Date.now() - fs.statSync(`${dataDir}.lock`).mtimeMs).toBeLessThan(FAST.staleAfterMs);
      await expect(lockDataDir(dataDir, FAST)).rejects.toThrow(EmbeddedDatabaseBusyError);
    } finally {
      holder.kill("SIGKILL"); // unshare: its child, the namespace's first process, is killed, and the kernel kills the rest (the heartbeat)
      await new Promise((r) => holder.once("exit", r));
    }
    const lock = await lockDataDir(dataDir, FAST);
    expect(ownerOf(dataDir).pid).toBe(process.pid);
    lock.release();
  }, 30_000);

  it("held by a frozen process (docker pause) past the bound is kept if it resumes within the grace of the second read, and lost if it does not", async () => {
    const dataDir = path.join(dir, "pgdata");
    const timing: LockTiming = { heartbeatMs: 500, staleAfterMs: 1_500, legacyStaleAfterMs: 60_000 };
    const holder = await holderElsewhere(dataDir, timing);
    const frozenPast = async (ms: number) => {
      signalAll(holder.pid!, "SIGSTOP");
      await new Promise((r) => setTimeout(r, ms));
    };
    try {
      await frozenPast(timing.staleAfterMs + 300);
      const asking = errorOf(lockDataDir(dataDir, timing));
      await new Promise((r) => setTimeout(r, 300)); // within the grace: two of the holder's beats, 1 s
      signalAll(holder.pid!, "SIGCONT");
      expect(await asking).toBeInstanceOf(EmbeddedDatabaseBusyError);
      expect(ownerOf(dataDir).host).toBe("other-container");

      // Frozen for longer than the bound and the grace: no heartbeat tells it from a dead one.
      await frozenPast(timing.staleAfterMs + 300);
      const lock = await lockDataDir(dataDir, timing);
      expect(ownerOf(dataDir).pid).toBe(process.pid);
      lock.release();
    } finally {
      signalAll(holder.pid!, "SIGCONT");
      holder.kill("SIGKILL");
      await new Promise((r) => holder.once("exit", r));
    }
  }, 30_000);

  it("is taken over by one of several processes racing for it, and the others are told it is busy", () => {
    const dataDir = path.join(dir, "pgdata");
    writeLock(dataDir, { pid: 1, host: "old-container", token: "gone", pidSpace: "other", heartbeatMs: 200 }, 3_600_000);
    const script = `
      const { lockDataDir } = require("./dist/db/data-dir-lock");
      const { spawn } = require("node:child_process");
      const racer = (i) => spawn(process.execPath, ["-e", \`
        require("./dist/db/data-dir-lock").lockDataDir(\${JSON.stringify(process.argv[1])}).then(
          (lock) => setTimeout(() => { lock.release(); console.log("held"); }, 4000),
          (e) => console.log(e.constructor.name));\`], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] });
      const racers = Array.from({ length: 6 }, (_, i) => racer(i));
      Promise.all(racers.map((c) => new Promise((resolve) => { let out = ""; c.stdout.on("data", (d) => (out += d)); c.on("exit", () => resolve(out.trim())); })))
        .then((outcomes) => console.log(JSON.stringify(outcomes.sort())));
    `;
    const r = spawnSync(process.execPath, ["-e", script, dataDir], { cwd: sharedCli(), encoding: "utf8", timeout: 60_000 });
    expect(JSON.parse(r.stdout)).toEqual(["EmbeddedDatabaseBusyError", "EmbeddedDatabaseBusyError", "EmbeddedDatabaseBusyError", "EmbeddedDatabaseBusyError", "EmbeddedDatabaseBusyError", "held"]);
    expect(fs.readdirSync(dir)).toEqual([]);
  }, 60_000);
});

describe("the heartbeat", () => {
  it("moves the lock file's mtime while the lock is held, and its process ends with the lock", async () => {
    const dataDir = path.join(dir, "pgdata");
    const lock = await lockDataDir(dataDir, FAST);
    const heartbeats = () =>
      spawnSync("ps", ["-eo", "args"], { encoding: "utf8" }).stdout.split("\n").filter((l) => l.includes("pg-autogen-heartbeat") && l.includes(lock.lockFile));
    expect(heartbeats().length).toBeGreaterThan(0);
    const before = fs.statSync(lock.lockFile).mtimeMs;
    await new Promise((r) => setTimeout(r, 4 * FAST.heartbeatMs));
    expect(fs.statSync(lock.lockFile).mtimeMs).toBeGreaterThan(before);
    lock.release();
    await new Promise((r) => setTimeout(r, 300));
    expect(heartbeats()).toEqual([]);
  });
});
