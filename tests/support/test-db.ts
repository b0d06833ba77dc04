/**
 * Test helpers: a fresh, empty database per test file on the suite's PostgreSQL 15 cluster.
 */
import { Client } from "pg";
import { randomBytes } from "node:crypto";

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
  /** Runs SQL on this database with a short-lived connection. */
  query<T = any>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = "t"): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    // FILE_COPY copies template0's files (a checkpoint, cheap with the test cluster's fsync=off) instead of
    // writing all of them to the WAL (15's default): about 50 ms instead of 150 ms, for hundreds of databases.
    // A server before 15 (TEST_DATABASE_URL) has no STRATEGY, and copies files anyway.
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0 STRATEGY FILE_COPY`).catch(async (error: { code?: string }) => {
      if (error.code !== "42601") throw error;
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0`);
    });
  } finally {
    await admin.end();
  }
  const url = urlFor(name);
  return {
    name,
    url,
    async query(sql, params) {
      const c = new Client({ connectionString: url });
      await c.connect();
      try {
        return (await c.query(sql, params as any[])).rows;
      } finally {
        await c.end();
      }
    },
    async drop() {
      const c = new Client({ connectionString: serverUrl() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
