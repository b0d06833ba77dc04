/**
 * The migra corpus (djrobstep/migra tests/FIXTURES, read in place from ../shared/corpus/migra) as a
 * conformance test of `autogen diff` on PostgreSQL 15, driven as a user drives it. For every fixture, and
 * for the three with `additions.sql` also from `a.sql` + `additions.sql`, in three directions:
 *   upgrade:   the script `autogen diff A B` prints (made by the API the CLI calls), applied with psql to
 *              a copy of A, dumps like B; a second `autogen diff` prints nothing and exits 0;
 *   downgrade: the derived downgrade of that diff, applied after it, dumps like A again, and a diff
 *              with A prints nothing;
 *   reverse:   `autogen diff B A` applied to a copy of B dumps like A; a second diff prints nothing.
 * And per fixture: the upgrade's operations order the same with A's and B's whole dependency read and
 * with the read around the objects they touch (dependencies-around.sql), which lacks none of the whole
 * read's edges between touched objects.
 * Dumps keep GRANTs where migra's tests compare privileges (migra-fixtures.ts). Nothing is skipped or
 * aligned: what the diff gets wrong is listed with its reason in known-failures.ts and runs as
 * `it.failing`. A fixture is skipped only when the server lacks what it needs (ICU, a contrib extension).
 */
import fs from "node:fs";
import { serverUrl } from "../support/test-db";
import { corpusFixtureNames, ensureFixtureRoles, missingRequirements, MIGRA_CORPUS_DIR } from "./corpus-support";
import { CaseRun, type DirectionOutcome } from "./fixture-run";
import { KNOWN_FAILURES } from "./known-failures";
import { CORPUS_CASES, DIRECTIONS, MIGRA_FIXTURES, type Direction } from "./migra-fixtures";

/** Cases prepared at once: their databases are loaded, dumped and diffed while earlier ones are checked. */
const CONCURRENCY = 4;

// A test waits for its case, which waits for its turn among the cases (a few seconds each when idle).
jest.setTimeout(180_000);

const TITLES: Readonly<Record<Direction, string>> = {
  upgrade: "diff A B, applied to A, dumps like B; a second diff finds nothing",
  downgrade: "the derived downgrade, applied after it, dumps like A; a diff with A finds nothing",
  reverse: "diff B A, applied to B, dumps like A; a second diff finds nothing",
};

function check(outcome: DirectionOutcome): void {
  expect(outcome.applyError).toBeNull();
  expect(outcome.state).toEqual(outcome.expected);
  // A scoped diff leaves everything outside its schemas exactly as it was.
  expect(outcome.outside).toEqual(outcome.expectedOutside);
  expect(outcome.again).toEqual({ code: 0, stdout: "", stderr: "" });
}

const corpusPresent = fs.existsSync(MIGRA_CORPUS_DIR);
if (!corpusPresent) {
  // A user's clone has no ../shared folder: say so instead of failing.
  console.warn(`migra corpus not found at ${MIGRA_CORPUS_DIR}: the corpus conformance test is skipped.`);
}

(corpusPresent ? describe : describe.skip)("migra corpus: autogen diff between databases", () => {
  const runs = new Map<string, CaseRun>();

  beforeAll(async () => {
    await ensureFixtureRoles(serverUrl());
    // Start every case, a few at a time, in the order the tests check them.
    const queue = [...runs.values()];
    const worker = async (): Promise<void> => {
      for (let run = queue.shift(); run !== undefined; run = queue.shift()) {
        await Promise.allSettled([run.upgrade(), run.reverse(), run.downgrade()]);
      }
    };
    for (let i = 0; i < CONCURRENCY; i++) void worker();
  });

  afterAll(async () => {
    await Promise.all([...runs.values()].map((run) => run.dispose()));
  });

  it("lists every fixture of the corpus exactly once, and only known cases fail", () => {
    expect(MIGRA_FIXTURES.map((fixture) => fixture.name).sort()).toEqual(corpusFixtureNames());
    const cases = new Set(CORPUS_CASES.map((c) => c.name));
    expect(Object.keys(KNOWN_FAILURES).filter((name) => !cases.has(name))).toEqual([]);
  });

  for (const corpusCase of CORPUS_CASES) {
    const missing = corpusPresent ? missingRequirements(serverUrl(), corpusCase.fixture.requires ?? []) : [];
    if (missing.length > 0) {
      it.skip(`${corpusCase.name}: skipped: the server lacks ${missing.join(", ")}`, () => undefined);
      continue;
    }
    const run = new CaseRun(corpusCase);
    runs.set(corpusCase.name, run);
    describe(corpusCase.name, () => {
      it("orders the diff the same with the dependencies read only around its operations", async () => {
        const orders = await run.dependencyOrders();
        if (orders === null) return; // The diff itself failed: its upgrade test says why.
        expect(orders.missing).toEqual([]);
        expect(orders.around).toEqual(orders.whole);
      });
      for (const direction of DIRECTIONS) {
        const reason = KNOWN_FAILURES[corpusCase.name]?.[direction];
        const outcome = () => run[direction]();
        if (reason === undefined) it(TITLES[direction], async () => check(await outcome()));
        else it.failing(`${TITLES[direction]} [known failure: ${reason}]`, async () => check(await outcome()));
      }
    });
  }

  it("extversions: diff B A refuses with a clear message, since pg_trgm ships no 1.4 -> 1.3 path", async () => {
    const run = runs.get("extversions");
    if (run === undefined) return;
    const reverse = await run.reverse();
    expect(reverse.diffRun.code).toBe(1);
    expect(reverse.script).toBe("");
    expect(reverse.diffRun.stderr).toMatch(/Extension "pg_trgm" is at version 1\.4 .* no update path from 1\.4 to 1\.3/);
    const upgrade = await run.upgrade();
    expect(upgrade.diffRun.stderr).toContain('WARNING: extension "pg_trgm" ships no update path from 1.4 back to 1.3');
  });

  it("inherit2: diff B A keeps a.e with its data, and warns that it stays the child's own column", async () => {
    const run = runs.get("inherit2");
    if (run === undefined) return;
    const reverse = await run.reverse();
    expect(reverse.applyError).toBeNull();
    expect(reverse.script).not.toMatch(/DROP COLUMN "e"/);
    expect(reverse.diffRun.stderr).toContain("WARNING: column 'public.a.e' stays a column of the table itself as well as inherited");
  });
});

