import { stopCluster } from "./pg-cluster";

export default async function globalTeardown(): Promise<void> {
  const dir = process.env.AUTOGEN_TEST_CLUSTER_DIR;
  if (dir) stopCluster(dir);
}
