/**
 * `autogen diff FROM TO` between two PostgreSQL 15 databases where a partitioned table's key changes (the
 * table dropped and created again, its partition detached and attached around it), the table with a
 * serial and an identity column: the script is printed, the database moves on (more rows), then the
 * script runs with psql, as a DBA runs it. The next row takes ids past every one handed out, also those of
 * the rows inserted after the script was printed and of a row deleted before: nothing of the sequences'
 * positions is in the script, which reads them when it runs.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { cli, tempProject } from "./cli-support";
import { PG_BIN } from "../support/pg-cluster";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const made: TestDatabase[] = [];

async function database(sql: string): Promise<TestDatabase> {
  const db = await createTestDatabase("recreate_seq");
  made.push(db);
  await db.query(sql);
  return db;
}

/** Applies a script as a DBA would: psql in one transaction, stopping at the first error. */
function psqlApply(url: string, sql: string): void {
  execFileSync(path.join(PG_BIN, "psql"), ["-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-d", url], { input: sql, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
}

const TREE = (key: string, bound: string) =>
  `CREATE TABLE m (id serial, k bigint GENERATED ALWAYS AS IDENTITY, at date, b int) PARTITION BY RANGE (${key});
   CREATE TABLE m_2020 PARTITION OF m FOR VALUES ${bound};`;

afterAll(async () => {
  await Promise.all(made.map((db) => db.drop()));
});

it("a partitioned table's new key, printed, then run with psql after more rows came: the ids go on", async () => {
  const [a, b] = await Promise.all([
    database(
      TREE("at", "FROM ('2020-01-01') TO ('2021-01-01')") +
        "INSERT INTO m (at, b) VALUES ('2020-05-05', 1), ('2020-06-06', 2), ('2020-07-07', 3); DELETE FROM m WHERE b = 3;",
    ),
    database(TREE("at, b", "FROM ('2020-01-01', 0) TO ('2021-01-01', 100)")),
  ]);
  const cwd = tempProject({});
  const up = await cli(["diff", a.url, b.url], cwd);
  expect(up.code).toBe(1);
  expect(up.stderr).toContain("WARNING: destructive change: drops table m and all its rows.");
  expect(up.stdout).toContain("ALTER SEQUENCE %s OWNED BY NONE");

  await a.query("INSERT INTO m (at, b) VALUES ('2020-08-08', 4), ('2020-09-09', 5)");
  psqlApply(a.url, up.stdout);
  expect((await cli(["diff", a.url, b.url], cwd)).code).toBe(0);
  await a.query("INSERT INTO m (at, b) VALUES ('2020-10-10', 6)");
  expect(await a.query("SELECT id, k::int, b FROM m ORDER BY b")).toEqual([
    { id: 1, k: 1, b: 1 },
    { id: 2, k: 2, b: 2 },
    { id: 4, k: 4, b: 4 },
    { id: 5, k: 5, b: 5 },
    { id: 6, k: 6, b: 6 },
  ]);
});
