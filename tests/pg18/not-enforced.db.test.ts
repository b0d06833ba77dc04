/**
 * Foreign keys and checks NOT ENFORCED (PostgreSQL 18: kept in the catalog, never checked, never
 * validated) on a real PostgreSQL 18 from npm (CI runs 15, which has none): database A (with rows) and B
 * built from SQL, the migration rendered and run by the runner, upgrade and downgrade; then nothing is left
 * to compare and `pg_constraint.conenforced` says what each is. In the slow suite (tests/slow-suites.js).
 */
import { safeSteps } from "../../src/safe/safe-form";
import { applyOperations } from "../support/apply";
import { usePg18 } from "./support/pg18-cluster";
import { rows, trip, upAndDown } from "./support/round-trip";

const pg = usePg18();

const TABLES = "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int, pid int, q int);";
const ADD_FK = "ALTER TABLE c ADD CONSTRAINT c_pid_fkey FOREIGN KEY (pid) REFERENCES p";

/** `name: enforced validated` of table c's foreign keys and checks. */
async function constraints(url: string): Promise<unknown[]> {
  const found = await rows(
    url,
    `SELECT conname || ': ' || conenforced || ' ' || convalidated AS c FROM pg_constraint
      WHERE conrelid = 'c'::regclass AND contype IN ('f', 'c') ORDER BY conname`,
  );
  return found.map((r) => (r as { c: string }).c);
}

test("adds a foreign key NOT ENFORCED to a table whose rows break it, and drops it again", async () => {
  const t = await trip(
    pg(),
    TABLES,
    `${TABLES} ${ADD_FK} NOT ENFORCED;`,
    "INSERT INTO c VALUES (1, 99, -1);",
  );
  expect(t.sql).toEqual([
    'ALTER TABLE "public"."c" ADD CONSTRAINT "c_pid_fkey" FOREIGN KEY ("pid") REFERENCES "public"."p" ("id") NOT ENFORCED',
  ]);
  expect(t.upgradeSource).toContain("notEnforced: true");
  await upAndDown(
    t,
    async () => expect(await constraints(t.a)).toEqual(["c_pid_fkey: false false"]),
    async () => expect(await constraints(t.a)).toEqual([]),
  );
  // The lock-safe form (NOT VALID, then a VALIDATE it must leave out: PostgreSQL refuses to validate one).
  const safely = safeSteps(t.ops).flatMap((step) => step.operations);
  expect(safely.map((op) => op.kind)).toEqual(["addConstraint"]);
  await applyOperations(t.a, safely);
  expect(await t.leftOver("b")).toEqual([]);
});

test("a foreign key and a check that stop being enforced, and are enforced again by the downgrade", async () => {
  const check = "ALTER TABLE c ADD CONSTRAINT c_q_pos CHECK (q > 0)";
  const t = await trip(
    pg(),
    `${TABLES} ${ADD_FK}; ${check};`,
    `${TABLES} ${ADD_FK} NOT ENFORCED; ${check} NOT ENFORCED;`,
    "INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1, 5);",
  );
  await upAndDown(
    t,
    async () => {
      expect(await constraints(t.a)).toEqual(["c_pid_fkey: false false", "c_q_pos: false false"]);
      // Not enforced any more: a row that breaks both goes in.
      await rows(t.a, "INSERT INTO c VALUES (2, 99, -1); DELETE FROM c WHERE id = 2;");
    },
    async () =>
      expect(await constraints(t.a)).toEqual(["c_pid_fkey: true true", "c_q_pos: true true"]),
  );
  // The lock-safe form: neither the check nor the foreign key gets a VALIDATE, which PostgreSQL refuses.
  await applyOperations(t.a, safeSteps(t.ops).flatMap((step) => step.operations));
  expect(await t.leftOver("b")).toEqual([]);
});
