/**
 * Helpers for the migra corpus test: where the corpus is, what the server offers, loading fixture files
 * through `connectPostgres`, copying databases, applying scripts with psql, running the CLI, and the
 * catalog facts the checks compare (extensions, dumps).
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { connectPostgres } from "../../src/db";
import type { Database } from "../../src/db";
import { clientBin } from "../support/pg-cluster";
import { pgDumpAsync } from "../support/pg-dump";
import type { Requirement } from "./migra-fixtures";
import os from "node:os";
import { COMMITS_PART_WAY } from "../../src/api/diff";
import { run } from "../../src/cli/main";
import { serverUrl, urlFor } from "../support/test-db";

/** The corpus is read in place, next to the project: `<project>/../shared/corpus/migra`. */
export const MIGRA_CORPUS_DIR = path.resolve(__dirname, "../../../shared/corpus/migra");

/** The fixture folders present in the corpus, sorted; empty when the corpus is absent. */
export function corpusFixtureNames(): string[] {
  if (!fs.existsSync(MIGRA_CORPUS_DIR)) return [];
  return fs
    .readdirSync(MIGRA_CORPUS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** A fixture file's text; `""` when the file is absent. */
export function readFixtureFile(fixture: string, file: "a.sql" | "b.sql" | "additions.sql"): string {
  const full = path.join(MIGRA_CORPUS_DIR, fixture, file);
  return fs.existsSync(full) ? fs.readFileSync(full, "utf8") : "";
}

/**
 * What the server cannot provide among `requires`, as one line per missing piece; empty when all is
 * there. Runs synchronously through psql so that jest can decide `it` or `it.skip` while collecting.
 */
export function missingRequirements(url: string, requires: readonly Requirement[]): string[] {
  if (requires.length === 0) return [];
  const rows = psqlLines(
    url,
    "SELECT 'ext ' || name || ' ' || version FROM pg_available_extension_versions " +
      "UNION SELECT 'icu' FROM pg_collation WHERE collprovider = 'i'",
  );
  const available = new Set(rows);
  const names = new Set(rows.filter((r) => r.startsWith("ext ")).map((r) => r.split(" ")[1]));
  return requires.flatMap((req) => {
    if (req.kind === "icu") return available.has("icu") ? [] : ["ICU collations (server built without ICU)"];
    if (req.version === undefined) return names.has(req.name) ? [] : [`extension ${req.name}`];
    return available.has(`ext ${req.name} ${req.version}`) ? [] : [`extension ${req.name} version ${req.version}`];
  });
}

function psqlLines(url: string, sql: string): string[] {
  const out = execFileSync(clientBin("psql"), ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql, url], {
    encoding: "utf8",
  });
  return out.split("\n").filter((line) => line !== "");
}

/**
 * Creates the roles the fixtures name (`postgres` gets GRANTs, `schemainspect_test_role` owns RLS
 * policies), if missing, and lets `postgres` log in. Roles are cluster-wide and other test files may run at the same time, so a
 * concurrent creation is tolerated.
 */
export async function ensureFixtureRoles(url: string): Promise<void> {
  await withDatabase(url, (db) =>
    db.exec(`
      DO $$
      DECLARE r text;
      BEGIN
        FOREACH r IN ARRAY ARRAY['postgres', 'schemainspect_test_role'] LOOP
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
              EXECUTE format('CREATE ROLE %I', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END;
          END IF;
        END LOOP;
        -- The cases owned by postgres connect as it.
        IF NOT (SELECT rolcanlogin FROM pg_roles WHERE rolname = 'postgres') THEN
          ALTER ROLE postgres LOGIN;
        END IF;
      END $$;`),
  );
}

/** Opens a `Database` on `url`, runs `fn` and closes it. */
export async function withDatabase<T>(url: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await connectPostgres(url);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** Runs a fixture script (several statements, simple protocol); the error names the fixture and file. */
export async function runScript(url: string, sql: string, what: string): Promise<void> {
  if (sql.trim() === "") return;
  await withDatabase(url, async (db) => {
    try {
      await db.exec(sql);
    } catch (error) {
      throw new Error(`Running ${what} failed: ${(error as Error).message}`, { cause: error });
    }
  });
}

/** Installed extensions as `name version`, sorted. */
export async function installedExtensions(url: string): Promise<string[]> {
  return withDatabase(url, async (db) => {
    const { rows } = await db.query<{ ext: string }>(
      "SELECT extname || ' ' || extversion AS ext FROM pg_extension ORDER BY 1",
    );
    return rows.map((row) => row.ext);
  });
}

/** What the dump comparisons look at: the normalised schema dump and, when compared, the extensions. */
export interface DatabaseState {
  readonly dump: string;
  readonly extensions: readonly string[] | null;
}

/**
 * `pg_dump --schema-only` as shared/corpus/oracle/oracle.sh takes it (owners and, unless `dumpArgs` says
 * `--no-privileges`, GRANTs kept; column order inside CREATE TABLE ignored), and the extensions.
 */
export async function databaseState(
  url: string,
  dumpArgs: readonly string[],
  withExtensions: boolean,
): Promise<DatabaseState> {
  const privileges = !dumpArgs.includes("--no-privileges");
  const args = dumpArgs.filter((arg) => arg !== "--no-privileges");
  const [dump, extensions] = await Promise.all([
    // A dump restricted to a schema that this side lacks (excludeschema's B): nothing to compare.
    pgDumpAsync(url, { ignoreColumnOrder: true, privileges, owners: true, args }).catch((error: Error) => {
      if (/no matching schemas were found/.test(error.message)) return "(no such schema)";
      throw error;
    }),
    withExtensions ? installedExtensions(url) : Promise.resolve(null),
  ]);
  return { dump, extensions };
}

/**
 * A new database `name`, a copy of `template` (nobody may be connected to it). Copied file by file: for
 * databases this small, half the server's work of the default (WAL_LOG) strategy.
 */
/**
 * A new database from `template`; with `owner`, owned by that role, and `url` connects as it (`adminUrl`
 * always as the test cluster's superuser).
 */
export async function cloneDatabase(
  template: string,
  name: string,
  owner?: string,
): Promise<{ name: string; url: string; adminUrl: string }> {
  const ownedBy = owner === undefined ? "" : ` OWNER "${owner}"`;
  await withDatabase(serverUrl(), (db) => db.exec(`CREATE DATABASE "${name}" TEMPLATE "${template}" STRATEGY FILE_COPY${ownedBy}`));
  const adminUrl = urlFor(name);
  if (owner === undefined) return { name, url: adminUrl, adminUrl };
  const url = new URL(adminUrl);
  url.username = owner;
  url.password = "";
  return { name, url: url.toString(), adminUrl };
}

export async function dropDatabases(names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await withDatabase(serverUrl(), async (db) => {
    for (const name of names) await db.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

/**
 * Applies a script as a DBA would: psql, stopping at the first error, in one transaction unless the
 * script says that it commits part-way. Rejects with psql's error output.
 */
export function psqlApply(url: string, sql: string): Promise<void> {
  const single = sql.startsWith(COMMITS_PART_WAY) ? [] : ["-1"];
  return new Promise((resolve, reject) => {
    const child = spawn(clientBin("psql"), ["-X", "-q", ...single, "-v", "ON_ERROR_STOP=1", "-d", url], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.resume();
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`psql exited with ${code}: ${stderr.trim()}`))));
    child.stdin.end(sql);
  });
}

/** `autogen <args>` run in-process, as the CLI runs it. */
export async function autogen(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await run(args, {
    cwd: os.tmpdir(),
    env: { PATH: process.env.PATH },
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}
