/**
 * A running embedded PostgreSQL server (the `postgres` engine), tied to this process's lifetime.
 *
 * The server never outlives the command: it is started by a small POSIX shell watchdog whose standard
 * input is a pipe from this process. When the pipe closes, because `stop()` closed it or because this
 * process ended in any way (exit, crash, SIGKILL), the watchdog signals the postmaster (SIGINT: fast
 * shutdown, for a kept data directory; SIGQUIT: immediate, for a throwaway one), waits for it, and for a
 * throwaway cluster removes its directory. The server listens on a Unix socket only, in a directory of
 * its own (mode 0700), so no other account can connect, and no TCP port is opened.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PgBinaries } from "./pg-binaries";
import { giveTo, type ServerUser } from "./pg-server-user";

/** The port number in the socket's name (`.s.PGSQL.5432`); nothing listens on TCP. */
export const SOCKET_PORT = 5432;

/** Counts the server starts of this process (tests check that `autogen test` starts one). */
export const serverStats = { starts: 0 };

/**
 * The watchdog. Arguments: the signal that stops the server, the socket directory and a directory to
 * remove after it stopped ("" for none), then the server's command line. fd 3 keeps the pipe for the
 * background reader (an asynchronous list's own standard input is /dev/null).
 */
const WATCHDOG = [
  'sig="$1"; sockets="$2"; cleanup="$3"; shift 3',
  "exec 3<&0",
  '"$@" 3<&- </dev/null &',
  "pid=$!",
  '( read -r _ <&3; kill -s "$sig" "$pid" 2>/dev/null ) &',
  'wait "$pid"; status=$?',
  'rm -rf -- "$sockets"',
  'if [ -n "$cleanup" ]; then rm -rf -- "$cleanup"; fi',
  "exit $status",
].join("\n");

export interface StartServerOptions {
  readonly bins: PgBinaries;
  readonly user: ServerUser;
  /** A data directory the server's account owns. */
  readonly dataDir: string;
  /** A throwaway cluster: no fsync, immediate shutdown, and `removeOnExit` deleted once it stopped. */
  readonly ephemeral: boolean;
  /** Deleted by the watchdog after the server stopped (the throwaway cluster's directory). */
  readonly removeOnExit?: string | null;
  /** How long to wait for "ready to accept connections"; 60 s by default. */
  readonly readyTimeoutMs?: number;
}

export interface RunningServer {
  /** The directory of the server's Unix socket. */
  readonly socketDir: string;
  /** Stops the server and waits until it (and the clean-up) finished. Idempotent. */
  stop(): Promise<void>;
}

export class ServerStartError extends Error {
  constructor(
    reason: string,
    readonly log: string,
  ) {
    super(`${reason}${log.trim() ? `; the server said: ${lastLines(log)}` : ""}`);
  }
}

/**
 * Socket directories of running servers, removed if this process exits without stopping them: one set
 * and one exit listener per process, however many times this module is loaded (a test that loads the CLI
 * afresh for each call loads it again each time).
 */
const socketDirs: Set<string> = (() => {
  const key = Symbol.for("pg-autogen.server-socket-dirs");
  const shared = globalThis as { [key]?: Set<string> };
  let dirs = shared[key];
  if (dirs === undefined) {
    const created = new Set<string>();
    process.on("exit", () => {
      for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
    });
    shared[key] = dirs = created;
  }
  return dirs;
})();

/** Starts the server on `dataDir` and resolves once it accepts connections. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  if (process.platform === "win32") throw new ServerStartError("the embedded server is not supported on Windows", "");
  serverStats.starts++;
  const socketDir = fs.mkdtempSync(path.join(socketParent(), "pg-autogen-sock-"));
  giveTo(options.user, socketDir);
  const settings = [
    "listen_addresses=",
    `unix_socket_directories=${socketDir}`,
    "unix_socket_permissions=0700",
    `port=${SOCKET_PORT}`,
    "lc_messages=C",
    "max_connections=20",
    "synchronous_commit=off",
    "jit=off",
    ...(options.ephemeral ? ["fsync=off", "full_page_writes=off", "autovacuum=off"] : []),
  ];
  const command = [path.join(options.bins.binDir, "postgres"), "-D", options.dataDir, ...settings.flatMap((s) => ["-c", s])];
  const child = spawn("/bin/sh", ["-c", WATCHDOG, "pg-autogen-watchdog", options.ephemeral ? "QUIT" : "INT", socketDir, options.removeOnExit ?? "", ...command], {
    stdio: ["pipe", "ignore", "pipe"],
    detached: true, // its own process group: a Ctrl-C at the terminal reaches this process, which stops it
    env: { ...process.env, ...options.bins.env, LC_ALL: "C" },
    cwd: os.tmpdir(),
    ...(options.user.uid === undefined ? {} : { uid: options.user.uid, gid: options.user.gid }),
  });
  let log = "";
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new ServerStartError(`the server did not accept connections within ${(options.readyTimeoutMs ?? 60_000) / 1000} s`, log)),
      options.readyTimeoutMs ?? 60_000,
    );
    child.stderr!.on("data", (chunk: Buffer) => {
      log = (log + chunk.toString("utf8")).slice(-8192);
      if (log.includes("ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new ServerStartError(`the server could not be started (${error.message})`, log));
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new ServerStartError(`the server exited while starting (${signal ?? `exit code ${code}`})`, log));
    });
  });
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    if (stopping === null) {
      child.ref(); // keep this process alive until the server is gone and its directory removed
      child.stdin!.end();
      stopping = exited.finally(() => {
        fs.rmSync(socketDir, { recursive: true, force: true });
        socketDirs.delete(socketDir);
      });
    }
    return stopping;
  };
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  // The server must not keep the command alive: if this process ends without stop(), the pipe closes
  // and the watchdog stops the server.
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  (child.stderr as unknown as { unref?: () => void }).unref?.();
  socketDirs.add(socketDir);
  return { socketDir, stop };
}

/** The longest socket path every platform takes: macOS's `sun_path` holds 104 bytes with the NUL, Linux's 108. */
const MAX_SOCKET_PATH = 103;

/**
 * Where socket directories go: the temporary directory, unless a socket there would be too long a path
 * for the system (a deep `TMPDIR`, as some CI runners and sandboxes set), then `/tmp`.
 */
export function socketParent(tmp: string = os.tmpdir()): string {
  const socket = path.join(tmp, "pg-autogen-sock-XXXXXX", `.s.PGSQL.${SOCKET_PORT}`);
  return Buffer.byteLength(socket) <= MAX_SOCKET_PATH ? tmp : "/tmp";
}

function lastLines(log: string): string {
  return log.trim().split("\n").slice(-4).join(" ").replace(/\s+/g, " ");
}
