/**
 * `autogen test` (runMigrationChecks) on PGlite (embedded.engine pglite): shadow-replay.test.ts's test kit
 * check on the other embedded engine, which starts no server. One of the slow matrices (`npm run
 * test:slow`, tests/slow-suites.js).
 */
import { openProject } from "../../src/api/project";
import { runMigrationChecks } from "../../src/testkit/migration-checks";
import { serverStats } from "../../src/db/pg-server";
import { exampleProject } from "./example-project";

describe("autogen test (runMigrationChecks) on PGlite", () => {
  it("passes on PGlite too (embedded.engine pglite)", async () => {
    const p = await openProject({ cwd: exampleProject({}, { embedded: { engine: "pglite" } }), env: {} });
    const before = serverStats.starts;
    const results = await runMigrationChecks(p);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(serverStats.starts).toBe(before);
  }, 240_000);
});
