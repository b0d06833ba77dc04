/**
 * `autogen diff FROM TO` between two PostgreSQL 15 databases whose indexes have statistics targets on
 * their expression columns (`ALTER INDEX ... ALTER COLUMN n SET STATISTICS m`), as a DBA runs it: the
 * script applied to FROM with psql gives it TO's schema (pg_dump, which prints the targets, compared), a
 * second diff prints nothing and exits 0, and the reverse diff takes it back; also when the script retypes
 * a column the index reads, which makes PostgreSQL rebuild the index and reset its targets. Before, the
 * targets were only named as not compared.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { cli, tempProject } from "./cli-support";
import { PG_BIN } from "../support/pg-cluster";
import { pgDump } from "../support/pg-dump";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

const made: TestDatabase[] = [];
let cwd: string;

async function database(sql: string): Promise<TestDatabase> {
  const db = await createTestDatabase("index_stats");
  made.push(db);
  await db.query(sql);
  return db;
}

/** Applies a script as a DBA would: psql in one transaction, stopping at the first error. */
function psqlApply(url: string, sql: string): void {
  execFileSync(path.join(PG_BIN, "psql"), ["-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-d", url], { input: sql, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
}

const A = `
  CREATE TABLE t (id int, body varchar(100));
  CREATE INDEX t_lower ON t (id, lower(body), upper(body));
  ALTER INDEX t_lower ALTER COLUMN 2 SET STATISTICS 500;
  CREATE TABLE u (x text);
  CREATE INDEX u_lower ON u (lower(x));
  ALTER INDEX u_lower ALTER COLUMN 1 SET STATISTICS 70;`;
const B = `
  CREATE TABLE t (id int, body varchar(200));
  CREATE INDEX t_lower ON t (id, lower(body), upper(body));
  ALTER INDEX t_lower ALTER COLUMN 2 SET STATISTICS 500, ALTER COLUMN 3 SET STATISTICS 40;
  CREATE TABLE u (x text);
  CREATE INDEX u_lower ON u (lower(x));`;

beforeAll(() => {
  cwd = tempProject({});
});

afterAll(async () => {
  await Promise.all(made.map((db) => db.drop()));
});

describe("autogen diff URL URL with index statistics targets", () => {
  it("sets them, keeps them across a retype, and takes them back, applied with psql", async () => {
    const [a, b, a0] = await Promise.all([database(A), database(B), database(A)]);
    const up = await cli(["diff", a.url, b.url], cwd);
    expect(up.code).toBe(1);
    expect(up.stderr).toBe("");
    expect(up.stdout).toContain('ALTER INDEX "public"."u_lower" ALTER COLUMN 1 SET STATISTICS -1;');
    expect(up.stdout).toContain('ALTER INDEX "public"."t_lower" ALTER COLUMN 2 SET STATISTICS 500, ALTER COLUMN 3 SET STATISTICS 40;');
    psqlApply(a.url, up.stdout);
    const target = pgDump(b.url, { ignoreColumnOrder: true });
    expect(target).toContain("ALTER INDEX public.t_lower ALTER COLUMN 2 SET STATISTICS 500;");
    expect(pgDump(a.url, { ignoreColumnOrder: true })).toEqual(target);
    expect(await cli(["diff", a.url, b.url], cwd)).toEqual({ code: 0, stdout: "", stderr: "" });

    const down = await cli(["diff", a.url, a0.url], cwd);
    expect(down.code).toBe(1);
    psqlApply(a.url, down.stdout);
    expect(pgDump(a.url, { ignoreColumnOrder: true })).toEqual(pgDump(a0.url, { ignoreColumnOrder: true }));
    expect(await cli(["diff", a.url, a0.url], cwd)).toEqual({ code: 0, stdout: "", stderr: "" });
  });
});
