/**
 * Test helpers: a fresh, empty database per test file on the suite's PostgreSQL 15 cluster.
 *
 * The helpers' own statements (creating and dropping databases, `TestDatabase.query`) run on pooled
 * sessions, each handed back clean (`DISCARD ALL`: settings, role, temporary tables, advisory locks, as a
 * new session would be) or closed when it cannot be (a transaction left open). A new session costs the
 * server 25-28 ms of CPU, and the suite's CPU is mostly the server's (bench/README.md).
 */
import { Client, Pool, type PoolClient } from "pg";
import { randomBytes } from "node:crypto";

const pools = new Map<string, Pool>();

function poolFor(url: string): Pool {
  let pool = pools.get(url);
  if (pool === undefined) {
    // Idle sessions close after a while (the server's own database's later: it creates and drops the
    // databases of every round trip, seconds apart) and hold no test file open; an idle one ended by the
    // server (a database dropped WITH (FORCE), a backend terminated) is only dropped from the pool.
    const idleTimeoutMillis = url === serverUrl() ? 10_000 : 1000;
    pool = new Pool({ connectionString: url, max: 20, idleTimeoutMillis, allowExitOnIdle: true });
    pool.on("error", () => undefined);
    pools.set(url, pool);
  }
  return pool;
}

/** Runs `work` on a pooled session of `url`, handed back as a new session would be, else closed. */
async function onPooledSession<T>(url: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await poolFor(url).connect();
  try {
    return await work(client);
  } finally {
    // DISCARD ALL cannot run in a transaction block: a session left in one is closed, which rolls it back.
    const clean = await client.query("DISCARD ALL").then(
      () => true,
      () => false,
    );
    client.release(!clean);
  }
}

const SETTINGS_CHANGE = /\bALTER\s+(DATABASE|ROLE|USER|SYSTEM)\b|\bpg_reload_conf\b/i;

/** Closes the pooled sessions of `url` (before its database is dropped). */
async function closePool(url: string): Promise<void> {
  const pool = pools.get(url);
  if (pool === undefined) return;
  pools.delete(url);
  await pool.end();
}

export function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DATABASE_URL is not set: the jest globalSetup starts the test cluster");
  return url;
}

export function urlFor(database: string): string {
  const u = new URL(serverUrl());
  u.pathname = "/" + database;
  return u.toString();
}

/**
 * The test server's major version: 15 for the suite's own cluster, another with `npm run test:pg` (see
 * README, "Other PostgreSQL majors"), for the few expectations PostgreSQL itself changed.
 */
export async function serverMajor(): Promise<number> {
  const c = new Client({ connectionString: serverUrl() });
  await c.connect();
  try {
    const { rows } = await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    return Math.floor(Number(rows[0]!.v) / 10000);
  } finally {
    await c.end();
  }
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Runs SQL on this database, on a session as new (see the file comment). */
  query<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `work` on one session of this database (pooled as `query`'s; leave it as a new session would be, or in a transaction to close it). */
  session<T>(work: (client: PoolClient) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = "t"): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  await onPooledSession(serverUrl(), async (admin) => {
    // FILE_COPY copies template0's files (a checkpoint, cheap with the test cluster's fsync=off) instead of
    // writing all of them to the WAL (15's default): about 50 ms instead of 150 ms, for hundreds of databases.
    // A server before 15 (TEST_DATABASE_URL) has no STRATEGY, and copies files anyway.
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0 STRATEGY FILE_COPY`).catch(async (error: { code?: string }) => {
      if (error.code !== "42601") throw error;
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0`);
    });
  });
  const url = urlFor(name);
  return {
    name,
    url,
    async query(sql, params) {
      const rows = await onPooledSession(url, async (c) => (await c.query(sql, params as any[])).rows);
      // Settings of a database, role or server apply to sessions started afterwards: none is kept from before.
      if (SETTINGS_CHANGE.test(sql)) await Promise.all([...pools.keys()].map(closePool));
      return rows;
    },
    session(work) {
      return onPooledSession(url, work);
    },
    async drop() {
      await closePool(url);
      await onPooledSession(serverUrl(), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
