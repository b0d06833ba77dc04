/**
 * A throwaway PostgreSQL 15 cluster for the test suite: initdb into a temporary directory, start it on a
 * Unix socket and a free port, and hand back a superuser URL. Nothing survives the run.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";

export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

export interface RunningCluster {
  readonly dir: string;
  readonly port: number;
  readonly socketDir: string;
  readonly url: string;
}

function asPostgresUser(cmd: string, args: string[]): string[] {
  // initdb refuses to run as root: run the server binaries as the "postgres" system user.
  if (process.getuid && process.getuid() === 0) return ["runuser", "-u", "postgres", "--", cmd, ...args];
  return [cmd, ...args];
}

function run(cmd: string, args: string[]): void {
  const [bin, ...rest] = asPostgresUser(cmd, args);
  const r = spawnSync(bin!, rest, { encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export async function startCluster(): Promise<RunningCluster> {
  if (!fs.existsSync(path.join(PG_BIN, "initdb"))) {
    throw new Error(
      `PostgreSQL 15 server binaries not found in ${PG_BIN}. Install the postgresql-15 package ` +
        `(apt-get install postgresql-15) or set PG_BIN, or point TEST_DATABASE_URL at a server.`,
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-pg-"));
  const data = path.join(dir, "data");
  const socketDir = path.join(dir, "sock");
  fs.mkdirSync(socketDir);
  if (process.getuid && process.getuid() === 0) {
    execFileSync("chown", ["-R", "postgres", dir]);
  }
  run(path.join(PG_BIN, "initdb"), ["-D", data, "--no-sync", "-A", "trust", "-U", "autogen", "-E", "UTF8", "--locale=C"]);
  const port = await freePort();
  run(path.join(PG_BIN, "pg_ctl"), [
    "-D", data, "-l", path.join(dir, "server.log"), "-w", "start",
    "-o", `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c max_locks_per_transaction=256`,
  ]);
  const url = `postgresql://autogen@127.0.0.1:${port}/postgres`;
  return { dir, port, socketDir, url };
}

export function stopCluster(dir: string): void {
  const data = path.join(dir, "data");
  if (fs.existsSync(data)) {
    try {
      run(path.join(PG_BIN, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      /* already stopped */
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
