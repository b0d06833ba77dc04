/**
 * Rewrite rules (`CREATE RULE`) on PostgreSQL 15: created, changed (definition or enabled state: dropped
 * and created again), dropped, database to database, each with its derived downgrade; and, managed or
 * not, kept through what the migration drops and creates again under them: a view's `DO INSTEAD` rules
 * through the view's re-creation (before, the view came back without them and a second diff found
 * nothing), a rule through a column it reads being retyped (was a named known failure).
 *
 * The cases compared with the default options share one round trip, a schema each (sharedRoundTrip:
 * `public` in what a test expects is its schema).
 */
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { compare } from "../../src/compare";
import { DependentObjectError } from "../../src/compare/compare-errors";
import { createTestDatabase } from "../support/test-db";
import { expectRoundTrip, expectShared, readModel, roundTrip, sharedRoundTrip } from "./catalog-round-trip";

const BASE = `
  CREATE TABLE emp (name text, salary integer);
  CREATE TABLE emp_log (name text, salary integer, at timestamptz DEFAULT now());
  CREATE VIEW emp_names AS SELECT name FROM emp;
`;

const RULES = `
  CREATE RULE emp_names_insert AS ON INSERT TO emp_names DO INSTEAD INSERT INTO emp (name) VALUES (NEW.name);
  CREATE RULE emp_names_delete AS ON DELETE TO emp_names DO INSTEAD DELETE FROM emp WHERE emp.name = OLD.name;
  CREATE RULE emp_audit AS ON UPDATE TO emp WHERE OLD.salary IS DISTINCT FROM NEW.salary
    DO ALSO (INSERT INTO emp_log (name, salary) VALUES (NEW.name, NEW.salary); INSERT INTO emp_log (name) VALUES (OLD.name));
  ALTER TABLE emp DISABLE RULE emp_audit;
`;

/** The view's query and the column its rules read changed: the view is created again, the column retyped. */
const RETYPED = (BASE + RULES)
  .replace("SELECT name FROM emp", "SELECT name, salary FROM emp")
  .replace("salary integer);\n  CREATE TABLE emp_log", "salary bigint);\n  CREATE TABLE emp_log")
  .replace("emp_log (name text, salary integer", "emp_log (name text, salary bigint");

const CHANGED = RULES.replace("DELETE FROM emp WHERE", "UPDATE emp SET salary = NULL WHERE").replace("DISABLE RULE", "ENABLE ALWAYS RULE");

/** The cases compared with the default options (rules managed), a schema each. */
const managed = sharedRoundTrip({
  created: { before: BASE, after: BASE + RULES },
  dropped: { before: BASE + RULES, after: BASE },
  changed: { before: BASE + RULES, after: BASE + CHANGED },
  kept: { before: BASE + RULES, after: RETYPED },
});

describe("rules: database to database on PostgreSQL 15", () => {
  it("creates rules (DO INSTEAD on a view, a conditional DO ALSO with two actions, a disabled one), drops them, and drops and creates again one whose action or enabled state changes", async () => {
    const [created, dropped, changed] = await Promise.all([managed.of("created"), managed.of("dropped"), managed.of("changed")]);
    for (const result of [created, dropped, changed]) expectRoundTrip(result);
    const kinds = (result: typeof created) => result.upgrade.filter((op) => op.kind === "createRule" || op.kind === "dropRule").map((op) => op.kind);
    expect(kinds(created)).toEqual(["createRule", "createRule", "createRule"]);
    expect(kinds(dropped)).toEqual(["dropRule", "dropRule", "dropRule"]);
    expect(kinds(changed)).toEqual(["dropRule", "dropRule", "createRule", "createRule"]);
    expect(created.upgradeSql).toContain(managed.in("created")(`ALTER TABLE "public"."emp" DISABLE RULE "emp_audit"`));
    expect(dropped.upgradeSql).toContain(managed.in("dropped")(`DROP RULE "emp_audit" ON "public"."emp"`));
    expect(changed.upgradeSql).toContain(managed.in("changed")(`ALTER TABLE "public"."emp" ENABLE ALWAYS RULE "emp_audit"`));
    expect(created.log).toContain(managed.in("created")("Detected added rule 'emp_names_insert' on 'public.emp_names'"));
  });

  it.each([
    ["managed", {}],
    ["not managed (entity mode)", { manage: ENTITY_MANAGED_KINDS }],
  ] as const)("%s: keeps a view's rules through its re-creation, and a rule through a retyped column it reads", async (mode, options) => {
    // Managed, on the round trip shared with the cases above; not managed (options of its own), alone.
    const result = mode === "managed" ? await managed.of("kept") : await roundTrip({ before: BASE + RULES, after: RETYPED, options });
    const schema = mode === "managed" ? managed.in("kept")("public") : "public";
    expectRoundTrip(result);
    const kinds = result.upgrade.map((op) => op.kind);
    expect(kinds.filter((k) => k === "dropRule")).toHaveLength(3);
    expect(kinds.filter((k) => k === "createRule")).toHaveLength(3);
    expect(kinds.indexOf("createRule")).toBeGreaterThan(kinds.lastIndexOf("createView"));
    expect(result.log.join("\n")).toMatch(new RegExp(`rule 'emp_names_insert' on '${schema}\\.emp_names' goes with relation ${schema}\\.emp_names`));
  });

  it(`the shared round trip (${managed.names}): A reaches B and comes back; each statement is one case's`, async () => {
    await expectShared(managed);
  });

  it("a rule on a table another rule writes to is read as using it: dropping that table is refused when rules are not managed", async () => {
    const db = await createTestDatabase("rules_dep");
    const target = await createTestDatabase("rules_dep_b");
    try {
      await db.query(BASE + RULES);
      await target.query(BASE.replace(/CREATE TABLE emp_log[^;]*;/, ""));
      const [from, to] = await Promise.all([readModel(db.url, ["public"]), readModel(target.url, ["public"])]);
      expect(() => compare(from, to, { manage: ENTITY_MANAGED_KINDS })).toThrow(DependentObjectError);
      expect(() => compare(from, to, { manage: ENTITY_MANAGED_KINDS })).toThrow(/drops relation public\.emp_log, but rule 'emp_audit' on 'public\.emp' depends on it/);
    } finally {
      await Promise.all([db.drop(), target.drop()]);
    }
  });
});
