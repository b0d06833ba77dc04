/**
 * Jest helpers for a project's own test suite:
 *
 * @example
 * // tests/migrations.test.ts
 * import { describeMigrations } from "pg-autogen/testing";
 * describeMigrations({ cwd: __dirname + "/.." });
 */
import { openProject, type ProjectOptions } from "../api/project";
import { CHECK_NAMES, migrationChecks, type MigrationChecksOptions } from "./migration-checks";
import { startShadow } from "../api/shadow";
import type { ShadowServer } from "../db/embedded";
import { UsageError } from "../errors";

/**
 * The test runner's functions `describeMigrations` registers its tests with: jest's globals (and vitest's
 * with `globals: true`) unless given, e.g. `import { describe, it, afterAll } from "vitest"`.
 */
export interface TestRunnerFunctions {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: () => Promise<void>, timeout?: number): void;
  afterAll(fn: () => Promise<void>, timeout?: number): void;
}

/** The runner's global functions, or an error saying how to pass them when there are none. */
function globalRunner(): TestRunnerFunctions {
  const globals = globalThis as Partial<Record<keyof TestRunnerFunctions, unknown>>;
  if (typeof globals.describe === "function" && typeof globals.it === "function" && typeof globals.afterAll === "function") {
    return globals as TestRunnerFunctions;
  }
  throw new UsageError(
    "describeMigrations() registers its tests with the test runner's global describe, it and afterAll, and there are " +
      "none here: under vitest, pass them (`import { describe, it, afterAll } from \"vitest\"`, then " +
      "`describeMigrations({ cwd, runner: { describe, it, afterAll } })`) or set `test.globals: true`.",
  );
}

/**
 * Registers one test per migration check (with jest's globals, or `runner`'s functions). Without `url`,
 * the checks share one throwaway embedded engine, started by the first check that needs a database and
 * stopped after the last.
 */
export function describeMigrations(
  options: ProjectOptions & MigrationChecksOptions & { timeoutMs?: number; runner?: TestRunnerFunctions } = {},
): void {
  const { describe, it, afterAll } = options.runner ?? globalRunner();
  describe("migrations", () => {
    let shadow: Promise<ShadowServer> | null = null;
    const lazyShadow: ShadowServer = {
      freshDatabase: async () => (await (shadow ??= project.then((p) => startShadow(p)))).freshDatabase(),
      stop: async () => (shadow === null ? undefined : (await shadow).stop()),
    };
    const project = openProject(options);
    const checks = project.then((p) => migrationChecks(p, options.url ? options : { ...options, shadow: options.shadow ?? lazyShadow }));
    CHECK_NAMES.forEach((name, i) => {
      it(name, async () => (await checks)[i]!.run(), options.timeoutMs ?? 120_000);
    });
    afterAll(() => lazyShadow.stop(), options.timeoutMs ?? 120_000);
  });
}

export { migrationChecks, runMigrationChecks, MigrationCheckError } from "./migration-checks";
