import fs from "node:fs";
import clusterTeardown from "../support/global-teardown";

export default async function globalTeardown(): Promise<void> {
  await clusterTeardown();
  const packDir = process.env.AUTOGEN_PACK_DIR;
  if (packDir) fs.rmSync(packDir, { recursive: true, force: true });
}
