/**
 * Databases with a large catalog (bench/catalog-schema.ts) on a server, for the introspection and
 * database-to-database benchmarks, and a way to read a backend's CPU time.
 */
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { Client } from "pg";
import { catalogSchemaBatches, type CatalogSchemaOptions } from "./catalog-schema";

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * The URL of database `name` holding `options.tables` tables: created (then `VACUUM ANALYZE`d, as a
 * production catalog would be by autovacuum) unless a database of that name already holds them.
 */
export async function ensureCatalogDatabase(
  serverUrl: string,
  name: string,
  options: CatalogSchemaOptions,
  log: (line: string) => void = () => undefined,
): Promise<string> {
  const url = withDatabase(serverUrl, name);
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const exists = (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;
    if (exists) {
      const client = new Client({ connectionString: url });
      await client.connect();
      const schema = options.schema ?? "public";
      const { rows } = await client.query<{ n: number }>(
        "SELECT count(*)::int4 AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
          "WHERE c.relkind = 'r' AND n.nspname = $1 AND c.relname LIKE 'bench\\_%'",
        [schema],
      );
      await client.end();
      if (rows[0]!.n === options.tables) return url;
      await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  const started = performance.now();
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (const batch of catalogSchemaBatches(options)) await client.query(`BEGIN;\n${batch}\nCOMMIT;`);
    await client.query("VACUUM ANALYZE");
  } finally {
    await client.end();
  }
  log(`created ${name} (${options.tables} tables) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return url;
}

/**
 * CPU time (ns) a local process has run so far, from `/proc/<pid>/schedstat`: unlike wall time it does
 * not count the time the process waited for a core on a loaded machine. Null when the server runs
 * elsewhere (the file cannot be read).
 */
export function processCpuNs(pid: number): number | null {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]);
  } catch {
    return null;
  }
}
