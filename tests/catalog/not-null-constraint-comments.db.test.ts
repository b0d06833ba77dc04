/**
 * PostgreSQL 18 keeps each NOT NULL as a named constraint in pg_constraint (contype 'n'), and so takes a
 * comment on it; 15 to 17 have no such constraint to comment on. The schema model describes a NOT NULL
 * by its column alone (the constraint's name is not kept: a migration's NOT NULL gets the server's
 * default name), so a comment on one cannot be set again on the other side: the diff leaves it out rather
 * than print a COMMENT ON CONSTRAINT that names a constraint the target does not have. Runs on whatever
 * server the suite runs on, asserting what that major does.
 */
import { Client } from "pg";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, tempProject } from "../cli/cli-support";

const TABLE = `CREATE TABLE t (a integer CONSTRAINT a_nn NOT NULL, b text CONSTRAINT b_positive CHECK (b <> ''));
  COMMENT ON CONSTRAINT b_positive ON t IS 'Not empty'`;
const NOT_NULL_COMMENT = `COMMENT ON CONSTRAINT a_nn ON t IS 'Always set'`;

async function apply(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("a comment on a NOT NULL constraint", () => {
  let from: TestDatabase;
  let to: TestDatabase;
  let major: number;
  beforeAll(async () => {
    [from, to] = await Promise.all([createTestDatabase("nnc_from"), createTestDatabase("nnc_to")]);
    const [row] = await to.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    major = Math.floor(Number(row!.v) / 10000);
    await to.query(TABLE);
  });
  afterAll(async () => {
    await Promise.all([from.drop(), to.drop()]);
  });

  it("exists only from PostgreSQL 18, and a diff leaves it out: the script applies and the databases then agree", async () => {
    const commented = to.query(NOT_NULL_COMMENT);
    if (major >= 18) await commented;
    else await expect(commented).rejects.toMatchObject({ code: "42704" });
    const cwd = tempProject({});
    const diff = await cli(["diff", from.url, to.url], cwd);
    expect(diff.stderr).toBe("");
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain(`COMMENT ON CONSTRAINT "b_positive" ON "public"."t" IS 'Not empty'`);
    expect(diff.stdout).not.toContain("a_nn");
    await apply(from.url, diff.stdout);
    expect(await from.query("SELECT attnotnull FROM pg_attribute WHERE attrelid = 't'::regclass AND attname = 'a'")).toEqual([
      { attnotnull: true },
    ]);
    const again = await cli(["diff", from.url, to.url], cwd);
    expect(again.stdout).toBe("");
    expect(again.code).toBe(0);
  });
});
