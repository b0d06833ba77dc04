import path from "node:path";
import { throwawayParent } from "../src/db/embedded-postgres";
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

  it("is started where clusterParentDir says (in memory when /dev/shm has 4 GiB free)", () => {
    const own = process.env.AUTOGEN_TEST_CLUSTER_DIR;
    if (own !== undefined) expect(path.dirname(own)).toBe(clusterParentDir());
    if (process.env.AUTOGEN_TEST_CLUSTER_PARENT === undefined) expect(clusterParentDir()).toBe(throwawayParent("/dev/shm", 4 * 1024 ** 3));
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
