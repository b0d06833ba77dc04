/**
 * Targets counted from where the database is (`-1`, `+1`, `label@-1`) in the commands that read it, through
 * the CLI on a real PostgreSQL 15: they mean the same in `history -r` as in `upgrade` and `downgrade`.
 */
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, tempProject } from "./cli-support";

const mig = (rev: string, down: string | null, labels: string[] | null = null) => `/**
 * ${rev} message
 */
exports.revision = ${JSON.stringify(rev)};
exports.downRevision = ${JSON.stringify(down)};
exports.branchLabels = ${JSON.stringify(labels)};
exports.upgrade = async () => {};
exports.downgrade = async () => {};
`;

describe("steps from the database's revision", () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase("cur");
    dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], migrations: "migrations", databaseUrl: db.url }),
      "migrations/a.js": mig("aaa111", null, ["main"]),
      "migrations/b.js": mig("bbb222", "aaa111"),
      "migrations/c.js": mig("ccc333", "bbb222"),
      "migrations/d.js": mig("ddd444", "ccc333"),
    });
  });
  afterAll(async () => {
    await db.drop();
  });

  it("history -r -1: and :+1 count from the database's revision, as downgrade -1 and upgrade +1 do", async () => {
    expect((await cli(["upgrade", "ccc333"], dir)).code).toBe(0);
    const lines = async (range: string) => {
      const r = await cli(["history", "-r", range], dir);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      return r.stdout.split("\n").filter(Boolean).map((line) => /-> (\w+)/.exec(line)![1]);
    };
    expect(await lines("-1:")).toEqual(["ddd444", "ccc333", "bbb222"]);
    expect(await lines("main@-2:current")).toEqual(["ccc333", "bbb222", "aaa111"]);
    expect(await lines(":+1")).toEqual(["ddd444", "ccc333", "bbb222", "aaa111"]);
  });
});
