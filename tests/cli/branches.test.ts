/**
 * Branch labels and dependsOn through the CLI: a second independent branch (`--head base
 * --branch-label`), a revision that depends on another branch's revision, and `label@head` targets;
 * `autogen branches` printing each branch point and the branches leaving it, as Alembic's `branches`.
 */
import fs from "node:fs";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { cli, migrationFiles, tempProject } from "./cli-support";

/** Runs a command in `dir` that must succeed in silence on stderr; its result. */
const succeedsIn = (dir: string) => async (...args: string[]) => {
  const r = await cli(args, dir);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return r;
};

describe("branch labels and dependsOn", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("br");
  });
  afterAll(async () => {
    await db.drop();
  });

  it("creates a labelled branch, depends across branches, and upgrades one branch with label@head", async () => {
    const dir = tempProject({ "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }) });
    const ok = succeedsIn(dir);
    await ok("revision", "-m", "app base", "--rev-id", "app001", "--branch-label", "app");
    await ok("revision", "-m", "billing base", "--rev-id", "bil001", "--head", "base", "--branch-label", "billing");
    await ok("revision", "-m", "billing needs app", "--rev-id", "bil002", "--head", "billing@head", "--depends-on", "app001");
    const text = fs.readFileSync(path.join(dir, "migrations", migrationFiles(dir).find((f) => f.includes("billing_needs_app"))!), "utf8");
    expect(text).toContain('export const downRevision: string | readonly string[] | null = "bil001";');
    expect(text).toContain('export const dependsOn: readonly string[] | null = ["app001"];');
    const heads = (await ok("heads")).stdout.split("\n").filter(Boolean).sort();
    expect(heads).toEqual(["app001 (app) (head)", "bil002 (head)"]);

    // Upgrading the billing branch applies its dependency on the app branch too.
    await ok("upgrade", "billing@head");
    const rows = (await db.query(`SELECT version_num FROM autogen_version ORDER BY 1`)).map((r: any) => r.version_num);
    expect(rows).toEqual(["app001", "bil002"]);
    expect((await ok("current")).stdout.split("\n").filter(Boolean).sort()).toEqual(["app001 (app) (head)", "bil002 (head)"]);

    // Downgrading billing to its base leaves the app branch alone.
    await ok("downgrade", "billing@base");
    expect((await db.query(`SELECT version_num FROM autogen_version ORDER BY 1`)).map((r: any) => r.version_num)).toEqual(["app001"]);

    // Stamping several branches at once, as `alembic stamp a b`; then one branch back to its base.
    expect((await ok("stamp", "--purge", "app001", "bil001")).stdout).toBe("Stamped app001 -> app001, bil001\n");
    expect((await ok("stamp", "billing@base")).stdout).toBe("Stamped app001, bil001 -> app001\n");
    const tables = (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).map((r: any) => r.tablename);
    expect(tables).toEqual(["autogen_checksums", "autogen_version"]);
  });

  it("lists each branch point with the branches leaving it, as Alembic's branches (and -v, --json)", async () => {
    const dir = tempProject({ "autogen.config.json": JSON.stringify({ entities: ["entities/*.ts"], databaseUrl: db.url }) });
    const ok = succeedsIn(dir);
    await ok("revision", "-m", "initial", "--rev-id", "a1");
    await ok("revision", "-m", "second", "--rev-id", "b2");
    await ok("revision", "-m", "third", "--rev-id", "c3", "--head", "a1", "--splice", "--branch-label", "side");
    await ok("revision", "-m", "fourth", "--rev-id", "d4", "--head", "b2");
    await ok("revision", "-m", "fifth", "--rev-id", "e5", "--head", "b2", "--splice");

    expect((await ok("branches")).stdout).toBe(
      ["b2 (branchpoint)", "   -> d4 (head)", "   -> e5 (head)", "", "a1 (branchpoint)", "   -> b2 (branchpoint)", "   -> c3 (side) (head)", "", ""].join("\n"),
    );
    const verbose = (await ok("branches", "-v")).stdout;
    expect(verbose).toContain("Rev: a1 (branchpoint)\nParent: <base>\nBranches into: b2, c3\n");
    expect(verbose).toContain("    initial\n");
    expect(verbose).toMatch(/Create Date: [^\n]+\n\n   -> b2 \(branchpoint\), second\n   -> c3 \(side\) \(head\), third\n\n$/);
    expect(verbose.indexOf("Rev: b2 (branchpoint)")).toBeLessThan(verbose.indexOf("Rev: a1 (branchpoint)"));
    const json = JSON.parse((await ok("branches", "--json")).stdout);
    expect(json.map((b: any) => [b.id, b.branchesInto.map((c: any) => `${c.id}${c.isHead ? " (head)" : ""}, ${c.message}`)])).toEqual([
      ["b2", ["d4 (head), fourth", "e5 (head), fifth"]],
      ["a1", ["b2, second", "c3 (head), third"]],
    ]);
  });
});
