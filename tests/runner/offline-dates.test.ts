/**
 * `op.bulkInsert` (and `op.execute` with parameters) given a JavaScript Date, run live and as an `upgrade
 * --sql` script through psql, in a process whose time zone is not UTC, on PostgreSQL 15. pg sends a Date as
 * the process's local time with its offset; the script wrote it in UTC (`toISOString`). A timestamptz got
 * the same instant either way, but a `timestamp` or `date` column keeps the local time and drops the
 * offset: the script stored 2020-01-01 02:00 where the live run stored 2019-12-31 21:00 (found probing
 * server settings, 2026-12-06).
 */
import { execFileSync } from "node:child_process";
import { clientBin } from "../support/pg-cluster";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { tempProject } from "../cli/cli-support";
import { autogenProcess } from "../cli/check-process";

const MIGRATION = `
import type { MigrationOps } from "pg-autogen";

export const revision = "d0a7e5";
export const downRevision = null;

export async function upgrade(op: MigrationOps): Promise<void> {
  await op.execute("CREATE TABLE dated (at timestamp, day date, instant timestamptz, days date[])");
  const when = new Date("2020-01-01T02:00:00Z");
  await op.bulkInsert("dated", [{ at: when, day: when, instant: when, days: [when] }]);
}

export async function downgrade(op: MigrationOps): Promise<void> {
  await op.execute("DROP TABLE dated");
}
`;

const rowsOf = (db: TestDatabase) =>
  db.query("SELECT at::text, day::text, (instant AT TIME ZONE 'UTC')::text AS instant, days::text FROM dated");

// In real processes: jest's process.env is its own copy, so TZ set there never reaches Node's clock.
describe("a Date bound to a migration's statement, in a process outside UTC", () => {
  const env = { TZ: "America/New_York" };
  let live: TestDatabase;
  let offline: TestDatabase;
  beforeAll(async () => {
    live = await createTestDatabase("dates_live");
    offline = await createTestDatabase("dates_sql");
  });
  afterAll(async () => {
    await live?.drop();
    await offline?.drop();
  });

  it("stores the same values from the --sql script as from the live run", async () => {
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ migrations: "migrations" }),
      "migrations/d0a7e5_dated.ts": MIGRATION,
    });
    const up = await autogenProcess(dir, env, ["upgrade", "head", "--quiet", "--url", live.url]);
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    const script = await autogenProcess(dir, env, ["upgrade", "head", "--sql", "--url", offline.url]);
    expect(script.code).toBe(0);
    execFileSync(clientBin("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", offline.url], {
      input: script.stdout,
      encoding: "utf8",
      stdio: ["pipe", "pipe", "pipe"],
    });
    const expected = [{ at: "2019-12-31 21:00:00", day: "2019-12-31", instant: "2020-01-01 02:00:00", days: "{2019-12-31}" }];
    expect(await rowsOf(live)).toEqual(expected);
    expect(await rowsOf(offline)).toEqual(expected);
  }, 240_000);
});
