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

declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: () => Promise<void>, timeout?: number) => void;

/** Registers one jest test per migration check. */
export function describeMigrations(options: ProjectOptions & MigrationChecksOptions & { timeoutMs?: number } = {}): void {
  describe("migrations", () => {
    const checks = openProject(options).then((project) => migrationChecks(project, options));
    CHECK_NAMES.forEach((name, i) => {
      it(name, async () => (await checks)[i]!.run(), options.timeoutMs ?? 120_000);
    });
  });
}

export { migrationChecks, runMigrationChecks, MigrationCheckError } from "./migration-checks";
