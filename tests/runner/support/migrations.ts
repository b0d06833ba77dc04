/**
 * Small migration directories written by the tests: CommonJS `.js` files as a user could write them,
 * loaded through the real script directory loader.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { connectPostgres } from "../../../src/db/postgres";
import type { Database } from "../../../src/db/database";
import { loadModule } from "../../../src/loader/load-module";
import { loadScriptDirectory, type ScriptDirectory } from "../../../src/revision/script-directory";

export interface MigrationSpec {
  readonly id: string;
  readonly down: string | readonly string[] | null;
  readonly message?: string;
  /** The body of `exports.upgrade = async (op) => { ... }`. */
  readonly upgrade: string;
  readonly downgrade?: string;
}

/** The text of one migration file. */
export function migrationSource(spec: MigrationSpec): string {
  return [
    `/** ${spec.message ?? `migration ${spec.id}`} */`,
    `exports.revision = ${JSON.stringify(spec.id)};`,
    `exports.downRevision = ${JSON.stringify(spec.down)};`,
    `exports.upgrade = async (op) => {\n${spec.upgrade}\n};`,
    `exports.downgrade = async (op) => {\n${spec.downgrade ?? ""}\n};`,
    "",
  ].join("\n");
}

const written: string[] = [];

/** Writes the migrations to a new temporary directory, one file `<nn>_<id>.js` each, and returns it. */
export function writeMigrations(specs: readonly MigrationSpec[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-migrations-"));
  written.push(dir);
  specs.forEach((spec, i) => {
    fs.writeFileSync(
      path.join(dir, `${String(i + 1).padStart(2, "0")}_${spec.id}.js`),
      migrationSource(spec),
    );
  });
  return dir;
}

/** Removes every directory `writeMigrations` created in this test file (call it in `afterAll`). */
export function removeMigrationDirs(): void {
  for (const dir of written.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** The file of a migration written by `writeMigrations`. */
export function migrationFile(dir: string, id: string): string {
  const name = fs.readdirSync(dir).find((file) => file.endsWith(`_${id}.js`));
  if (name === undefined) throw new Error(`no migration ${id} in ${dir}`);
  return path.join(dir, name);
}

/** Loads a directory with the loader the CLI uses. */
export function loadMigrations(dir: string): Promise<ScriptDirectory> {
  return loadScriptDirectory(dir, loadModule);
}

export function connect(url: string): Promise<Database> {
  return connectPostgres(url, { applicationName: "runner-test" });
}

/** The rows of the version table, sorted. */
export async function versionRows(
  db: Database,
  table = '"public"."autogen_version"',
): Promise<string[]> {
  const { rows } = await db.query<{ v: string }>(
    `SELECT version_num::text AS v FROM ${table} ORDER BY 1`,
  );
  return rows.map((row) => row.v);
}

/** The names of the tables in schema public, sorted. */
export async function tableNames(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    "SELECT tablename::text AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
  );
  return rows.map((row) => row.name);
}

/** A logger that keeps its lines. */
export function memoryLogger(): {
  info(m: string): void;
  warn(m: string): void;
  lines: string[];
  warnings: string[];
} {
  const lines: string[] = [];
  const warnings: string[] = [];
  return { info: (m) => lines.push(m), warn: (m) => warnings.push(m), lines, warnings };
}
