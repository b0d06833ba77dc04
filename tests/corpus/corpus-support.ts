/**
 * Helpers for the migra corpus test: where the corpus is, what the server offers, loading fixture files
 * through `connectPostgres`, and the catalog facts the checks compare (schemas, extensions, dumps).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { connectPostgres } from "../../src/db";
import type { Database } from "../../src/db";
import { clientBin } from "../support/pg-cluster";
import { pgDump } from "../support/pg-dump";
import type { Requirement } from "./migra-fixtures";

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
 * policies), if missing. Roles are cluster-wide and other test files may run at the same time, so a
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

/** Every schema that is not a system schema (catalog, information_schema, TOAST, temporary). */
export async function userSchemas(url: string): Promise<string[]> {
  return withDatabase(url, async (db) => {
    const { rows } = await db.query<{ name: string }>(
      "SELECT nspname::text AS name FROM pg_namespace " +
        "WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%' ORDER BY 1",
    );
    return rows.map((row) => row.name);
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

/** `pg_dump --schema-only` (column order ignored, restricted by `dumpArgs`) and the extensions. */
export async function databaseState(
  url: string,
  dumpArgs: readonly string[],
  withExtensions: boolean,
): Promise<DatabaseState> {
  return {
    dump: pgDump(url, { ignoreColumnOrder: true, args: [...dumpArgs] }),
    extensions: withExtensions ? await installedExtensions(url) : null,
  };
}
