import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { lockDataDir } from "../../src/db/data-dir-lock";
import { EmbeddedDatabaseBusyError } from "../../src/db/database-errors";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-lock-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("lockDataDir", () => {
  it("is exclusive within a process and released by release()", () => {
    const dataDir = path.join(dir, "pgdata");
    const lock = lockDataDir(dataDir);
    expect(lock.lockFile).toBe(`${dataDir}.lock`);
    expect(() => lockDataDir(dataDir)).toThrow(EmbeddedDatabaseBusyError);
    expect(() => lockDataDir(dataDir)).toThrow(/already open in this process \(it was opened twice\)/);
    lock.release();
    lock.release();
    expect(fs.existsSync(lock.lockFile)).toBe(false);
    lockDataDir(dataDir).release();
  });

  it("names a live holder process and takes over the lock of a dead one", () => {
    const dataDir = path.join(dir, "pgdata");
    const host = os.hostname();
    // The parent of this process is alive for the whole test.
    fs.writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: process.ppid, host, token: "other" }));
    expect(() => lockDataDir(dataDir)).toThrow(`already open in process ${process.ppid} on ${host}`);
    expect(() => lockDataDir(dataDir)).toThrow(`delete the stale lock file ${dataDir}.lock`);

    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    fs.writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: Number(dead.stdout), host, token: "dead" }));
    const lock = lockDataDir(dataDir);
    expect(JSON.parse(fs.readFileSync(lock.lockFile, "utf8")).pid).toBe(process.pid);
    lock.release();
  });

  it("does not delete a lock that another holder took over", () => {
    const dataDir = path.join(dir, "pgdata");
    const lock = lockDataDir(dataDir);
    fs.writeFileSync(lock.lockFile, JSON.stringify({ pid: process.ppid, host: os.hostname(), token: "new" }));
    lock.release();
    expect(fs.existsSync(lock.lockFile)).toBe(true);
  });
});
