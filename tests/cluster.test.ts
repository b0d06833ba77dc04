import fs from "node:fs";
import path from "node:path";
import { clusterParentDir } from "./support/pg-cluster";
import { createTestDatabase } from "./support/test-db";

/** The major the run is meant for: 15, or the one `npm run test:pg -- <major>` started. */
const EXPECTED_MAJOR = Number(process.env.AUTOGEN_TEST_PG_MAJOR ?? 15);

describe("test cluster", () => {
  it(`is a PostgreSQL ${EXPECTED_MAJOR} server with a fresh database per test`, async () => {
    const db = await createTestDatabase();
    try {
      const [row] = await db.query<{ v: string }>("SHOW server_version_num");
      expect(Math.floor(Number((row as any).server_version_num) / 10000)).toBe(EXPECTED_MAJOR);
    } finally {
      await db.drop();
    }
  });

  it("is started where clusterParentDir says: in memory when /dev/shm is a tmpfs with room", () => {
    const own = process.env.AUTOGEN_TEST_CLUSTER_DIR;
    const parent = clusterParentDir();
    if (own !== undefined && process.env.AUTOGEN_TEST_CLUSTER_PARENT === undefined) expect(path.dirname(own)).toBe(parent);
    const shm = (() => {
      try {
        const space = fs.statfsSync("/dev/shm");
        return space.type === 0x01021994 && space.bavail * space.bsize >= 4 * 1024 ** 3;
      } catch {
        return false;
      }
    })();
    if (process.env.AUTOGEN_TEST_CLUSTER_PARENT === undefined) expect(parent === "/dev/shm").toBe(shm);
  });

  it("takes its parent directory from AUTOGEN_TEST_CLUSTER_PARENT when set", () => {
    const saved = process.env.AUTOGEN_TEST_CLUSTER_PARENT;
    process.env.AUTOGEN_TEST_CLUSTER_PARENT = "/var/tmp/somewhere";
    try {
      expect(clusterParentDir()).toBe("/var/tmp/somewhere");
    } finally {
      if (saved === undefined) delete process.env.AUTOGEN_TEST_CLUSTER_PARENT;
      else process.env.AUTOGEN_TEST_CLUSTER_PARENT = saved;
    }
  });
});
