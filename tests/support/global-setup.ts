import { startCluster } from "./pg-cluster";

/** Starts one PostgreSQL 15 cluster for the whole run unless TEST_DATABASE_URL names a server already. */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  const cluster = await startCluster();
  process.env.TEST_DATABASE_URL = cluster.url;
  process.env.AUTOGEN_TEST_CLUSTER_DIR = cluster.dir;
  process.env.AUTOGEN_TEST_PG_PORT = String(cluster.port);
}
