/**
 * The migra corpus (djrobstep/migra tests/FIXTURES, read in place from ../shared/corpus/migra) as a
 * conformance test of database-vs-database diffs on PostgreSQL 15. For every supported fixture: load
 * `a.sql` into A and `b.sql` into B, introspect both (every non-system schema of A and B, or the
 * fixture's scope), `compare(A, B)`, apply the upgrade to A, then
 *   1. noDrift:   re-introspected A compared with B gives no operations;
 *   2. dumpEqual: `pg_dump --schema-only` of A equals B's, column order ignored (and the extensions);
 *   3. downgrade: the derived downgrade (`invertAll`) gives back A's original dump.
 * Which fixtures run, which are skipped and why, and what is aligned by hand first: migra-fixtures.ts.
 */
import fs from "node:fs";
import { serverUrl } from "../support/test-db";
import { corpusFixtureNames, ensureFixtureRoles, missingRequirements, MIGRA_CORPUS_DIR } from "./corpus-support";
import { FixtureRun } from "./fixture-run";
import { MIGRA_FIXTURES, type CorpusCheck, type SupportedFixture } from "./migra-fixtures";

const CHECK_TITLES: Readonly<Record<CorpusCheck, string>> = {
  noDrift: "after the upgrade, comparing A with B finds nothing",
  dumpEqual: "after the upgrade, A dumps like B",
  downgrade: "the derived downgrade gives back A's original dump",
};

const CHECKS: Readonly<Record<CorpusCheck, (run: FixtureRun) => Promise<void>>> = {
  async noDrift(run) {
    const upgraded = await run.upgraded();
    expect(upgraded.remainingSql).toEqual([]);
    expect(upgraded.remaining).toEqual([]);
  },
  async dumpEqual(run) {
    const [prepared, upgraded] = await Promise.all([run.prepared(), run.upgraded()]);
    expect(upgraded.state.dump).toEqual(prepared.expected.dump);
    expect(upgraded.state.extensions).toEqual(prepared.expected.extensions);
    // A scoped comparison must leave everything outside its schemas exactly as it was.
    expect(upgraded.outside).toEqual(prepared.originalOutside);
  },
  async downgrade(run) {
    const [prepared, downgraded] = await Promise.all([run.prepared(), run.downgraded()]);
    expect(downgraded.state).toEqual(prepared.original);
    expect(downgraded.outside).toEqual(prepared.originalOutside);
  },
};

const corpusPresent = fs.existsSync(MIGRA_CORPUS_DIR);
if (!corpusPresent) {
  // A user's clone has no ../shared folder: say so instead of failing.
  console.warn(`migra corpus not found at ${MIGRA_CORPUS_DIR}: the corpus conformance test is skipped.`);
}

(corpusPresent ? describe : describe.skip)("migra corpus: database-vs-database diffs", () => {
  beforeAll(async () => {
    await ensureFixtureRoles(serverUrl());
  });

  it("lists every fixture of the corpus exactly once", () => {
    expect(MIGRA_FIXTURES.map((fixture) => fixture.name).sort()).toEqual(corpusFixtureNames());
  });

  for (const fixture of MIGRA_FIXTURES) {
    if (fixture.status === "skipped") {
      it.skip(`${fixture.name}: skipped: ${fixture.reason}`, () => undefined);
      continue;
    }
    const missing = corpusPresent ? missingRequirements(serverUrl(), fixture.requires ?? []) : [];
    if (missing.length > 0) {
      it.skip(`${fixture.name}: skipped: the server lacks ${missing.join(", ")}`, () => undefined);
      continue;
    }
    defineFixture(fixture, false);
    if (fixture.withAdditions) defineFixture(fixture, true);
  }
});

/** The three checks of one fixture; those its known issue names are expected to fail. */
function defineFixture(fixture: SupportedFixture, withAdditions: boolean): void {
  describe(withAdditions ? `${fixture.name} (a.sql + additions.sql)` : fixture.name, () => {
    const run = new FixtureRun(fixture, withAdditions);
    afterAll(() => run.dispose());
    for (const check of Object.keys(CHECKS) as CorpusCheck[]) {
      const issue = fixture.knownIssue;
      if (issue?.failing.includes(check)) {
        it.failing(`${CHECK_TITLES[check]} [known issue: ${issue.description}]`, () => CHECKS[check](run));
      } else {
        it(CHECK_TITLES[check], () => CHECKS[check](run));
      }
    }
  });
}
