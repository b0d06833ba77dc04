/**
 * Under a test runner with its own module system (jest), TypeScript files are compiled by the runner's
 * transform, not by pg-autogen. A project whose jest has no TypeScript transform (plain JavaScript with
 * babel-jest's defaults) cannot load its `.ts` migrations there: the error says so and what to do, rather
 * than only repeating the transform's syntax error. Run in a child jest with its default transform (babel-jest, no
 * Babel configuration), on the built package, as a user's `describeMigrations()` runs.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { sharedCli } from "../support/build-cli";
import { REPOSITORY_ROOT as ROOT } from "../support/transpile";
import { tempProject } from "../cli/cli-support";

const MIGRATION = `
import type { MigrationOps } from "pg-autogen";
export const revision = "aaaa00000001";
export const downRevision = null;
export async function upgrade(op: MigrationOps): Promise<void> {
  await op.execute("SELECT 1");
}
export async function downgrade(): Promise<void> {}
`;

/** The user's test: the checks of the project beside it, their failure written to `failure.txt`. */
const USER_TEST = (built: string) => `
const fs = require("fs");
const path = require("path");
const { openProject } = require(${JSON.stringify(path.join(built, "dist", "api", "project.js"))});
const { runMigrationChecks } = require(${JSON.stringify(path.join(built, "dist", "testkit", "migration-checks.js"))});
test("migrations", async () => {
  const project = await openProject({ cwd: __dirname, env: {} });
  const failure = await runMigrationChecks(project).then(() => "none", (error) => error.message);
  fs.writeFileSync(path.join(__dirname, "failure.txt"), failure);
  // jest's own 5 s is too short for a first load of the tool on a busy two-core machine.
}, 60_000);
`;

describe("TypeScript migrations under a jest without a TypeScript transform", () => {
  it("fail naming the file and saying that the runner's transform must compile TypeScript", () => {
    const dir = tempProject({
      "autogen.config.json": JSON.stringify({ entities: [], migrations: "migrations" }),
      "migrations/aaaa_first.ts": MIGRATION,
      "migrations.test.js": USER_TEST(sharedCli()),
    });
    const config = JSON.stringify({ rootDir: dir, testEnvironment: "node", cacheDirectory: path.join(dir, ".jest-cache") });
    const run = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "jest", "bin", "jest.js"), "--config", config, "--ci"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, NODE_OPTIONS: "" },
    });
    expect(run.stderr).toContain("1 passed");
    const failure = fs.readFileSync(path.join(dir, "failure.txt"), "utf8");
    expect(failure).toContain(path.join(dir, "migrations", "aaaa_first.ts"));
    expect(failure).toContain("jest compiles TypeScript files with its own transform");
    expect(failure).toContain("ts-jest");
    expect(failure).toContain("autogen test");
  }, 120_000);
});
