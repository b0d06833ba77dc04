/**
 * `describeMigrations()` under a runner without jest's globals (vitest without `globals: true`): it says
 * how to pass the runner's functions, and with them given (`runner`) registers its checks through them,
 * which pass on the example project.
 */
import path from "node:path";
import { describeMigrations } from "pg-autogen/testing";

const ROOT = path.join(__dirname, "..", "..");
const env = { ...process.env, DATABASE_URL: undefined };

/** What describeMigrations throws when the runner's globals are missing (taken away, then put back). */
function withoutGlobals(): unknown {
  const globals = globalThis as Record<string, unknown>;
  const saved = { describe: globals.describe, it: globals.it, afterAll: globals.afterAll };
  for (const name of Object.keys(saved)) delete globals[name];
  try {
    describeMigrations({ cwd: ROOT, env });
    return null;
  } catch (error) {
    return error;
  } finally {
    Object.assign(globals, saved);
  }
}

const missing = withoutGlobals();
const registered: string[] = [];

describeMigrations({
  cwd: ROOT,
  env,
  runner: {
    describe,
    it: (name, fn, timeout) => {
      registered.push(name);
      it(name, fn, timeout);
    },
    afterAll,
  },
});

describe("describeMigrations without jest's globals", () => {
  it("says how to pass the runner's functions", () => {
    expect(missing).toBeInstanceOf(Error);
    expect((missing as Error).message).toContain("describeMigrations({ cwd, runner: { describe, it, afterAll } })");
  });

  it("registers every check through the runner given", () => {
    expect(registered).toEqual([
      "has exactly one head",
      "upgrades from base to head",
      "entities match the schema at head",
      "every downgrade undoes its upgrade (up/down consistency, no trace left)",
    ]);
  });
});
