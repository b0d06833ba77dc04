/**
 * A tablespace on the suite's PostgreSQL cluster, for the tests of objects kept outside the database's
 * default one. CREATE TABLESPACE needs a superuser (the suite connects as the cluster's bootstrap
 * superuser) and an empty directory that the server's OS user owns: one under the cluster's own temporary
 * folder (`AUTOGEN_TEST_CLUSTER_DIR`), given to the "postgres" user when the suite runs as root (as
 * pg-cluster.ts runs the server). On a server the suite did not start (`TEST_DATABASE_URL`), whose file
 * system it cannot reach, the tablespace is an in-place one (PostgreSQL 15's developer setting
 * `allow_in_place_tablespaces`: a directory inside the server's own `pg_tblspc`). Tablespaces belong to
 * the whole cluster, so each has a name of its own; `drop()` removes it, and its directory, once no
 * database keeps anything in it.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { serverUrl } from "./test-db";

export interface TestTablespace {
  readonly name: string;
  /** Drops the tablespace (every database using it must be dropped first) and removes its directory. */
  drop(): Promise<void>;
}

async function asSuperuser<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A directory for a tablespace under the suite's cluster folder, owned by the server's OS user; null without one. */
function tablespaceDirectory(name: string): string | null {
  const clusterDir = process.env.AUTOGEN_TEST_CLUSTER_DIR;
  if (clusterDir === undefined || clusterDir === "") return null;
  const dir = path.join(clusterDir, "tablespaces", name);
  fs.mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres", dir]);
  return dir;
}

/** A name no other test file's tablespace has, for a test that must write it before creating it. */
export function tablespaceName(prefix = "ts"): string {
  return `${prefix}_${randomBytes(5).toString("hex")}`;
}

/** Creates the tablespace `name` (by default a new one, see `tablespaceName`). */
export async function createTablespace(name = tablespaceName()): Promise<TestTablespace> {
  const dir = tablespaceDirectory(name);
  await asSuperuser(async (client) => {
    if (dir !== null) {
      await client.query(`CREATE TABLESPACE "${name}" LOCATION '${dir.replace(/'/g, "''")}'`);
    } else {
      await client.query("SET allow_in_place_tablespaces = on");
      await client.query(`CREATE TABLESPACE "${name}" LOCATION ''`);
    }
  });
  return {
    name,
    async drop() {
      await asSuperuser((client) => client.query(`DROP TABLESPACE IF EXISTS "${name}"`));
      if (dir !== null) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The tablespace of each table, index and materialized view of `schemas` in the database at `url`, by
 * `schema.name` ("-" for the database's default), for what a test expects where.
 */
export async function tablespacesIn(url: string, schemas: readonly string[]): Promise<Record<string, string>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ relation: string; tablespace: string }>(
      `SELECT n.nspname || '.' || c.relname AS relation, COALESCE(t.spcname, '-') AS tablespace
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_tablespace t ON t.oid = c.reltablespace
       WHERE n.nspname = ANY ($1) AND c.relkind IN ('r', 'p', 'i', 'I', 'm')
       ORDER BY 1`,
      [schemas],
    );
    return Object.fromEntries(rows.map((row) => [row.relation, row.tablespace]));
  } finally {
    await client.end();
  }
}
