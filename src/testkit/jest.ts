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

declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: () => Promise<void>, timeout?: number) => void;
declare const afterAll: (fn: () => Promise<void>, timeout?: number) => void;

/**
 * Registers one jest test per migration check. Without `url`, the checks share one throwaway embedded
 * engine, started by the first check that needs a database and stopped after the last.
 */
export function describeMigrations(options: ProjectOptions & MigrationChecksOptions & { timeoutMs?: number } = {}): void {
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
