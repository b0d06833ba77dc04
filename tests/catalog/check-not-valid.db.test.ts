/**
 * A CHECK constraint a DBA added NOT VALID (`ALTER TABLE ... ADD CONSTRAINT ... CHECK (...) NOT VALID`: rows
 * from before it may break it, or the table is too large to scan under its lock) is kept NOT VALID in entity
 * mode, where the entity's `@Check` of the same name cannot say it: nothing to do when the expression is the
 * same (before, the check was dropped and added again validated, which failed on those rows), and added again
 * NOT VALID when the expression changes. Between databases the difference stays one. On PostgreSQL 15.
 * The entity-mode cases share a round trip, a schema each (`sharedRoundTrip`), and assert on their own part.
 */
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { expectEachInOneCase, expectRoundTrip, roundTrip, sharedRoundTrip } from "./catalog-round-trip";

const entityMode = { manage: ENTITY_MANAGED_KINDS };

/** A table with a row that breaks the check `check` added NOT VALID. */
const LEGACY = (check: string) =>
  `CREATE TABLE t (id int PRIMARY KEY, x int); INSERT INTO t VALUES (1, -5); ALTER TABLE t ADD CONSTRAINT t_x ${check} NOT VALID;`;

/** The cases in entity mode: A keeps its check NOT VALID, so nothing remains and A comes back, but A does not dump as B. */
const entities = sharedRoundTrip(
  {
    same: { before: LEGACY("CHECK (x > 0)"), after: "CREATE TABLE t (id int PRIMARY KEY, x int, CONSTRAINT t_x CHECK (x > 0));" },
    tableChange: { before: LEGACY("CHECK (x > 0)"), after: "CREATE TABLE t (id int PRIMARY KEY, x int, note text, CONSTRAINT t_x CHECK (x > 0));" },
    expressionChange: { before: LEGACY("CHECK (x > 0)"), after: "CREATE TABLE t (id int PRIMARY KEY, x int, CONSTRAINT t_x CHECK (x > 1));" },
  },
  { options: entityMode, targetAsEntities: true },
);

describe("a check NOT VALID in the database, in entity mode", () => {
  it(`in one round trip (nothing remains, the downgrade gives A back, each statement one case's): ${entities.names}`, async () => {
    const result = await entities.whole();
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
    expectEachInOneCase(result, entities.schemas);
  });

  it("is left as it is when the entity's check says the same", async () => {
    expect((await entities.of("same")).upgrade).toEqual([]);
  });

  it("stays NOT VALID beside a change of its table, and the row that breaks it stays", async () => {
    const result = await entities.of("tableChange");
    expect(result.upgradeSql).toEqual([entities.in("tableChange")('ALTER TABLE "public"."t" ADD COLUMN "note" text')]);
    expect(result.remaining).toEqual([]);
    expect(result.upgraded).toContain("ADD CONSTRAINT t_x CHECK ((x > 0)) NOT VALID;");
    expect(result.downgraded).toEqual(result.original);
  });

  it("is added again NOT VALID when the expression changes under its name, which applies over the old rows", async () => {
    const result = await entities.of("expressionChange");
    expect(result.upgradeSql).toEqual(
      ['ALTER TABLE "public"."t" DROP CONSTRAINT "t_x"', 'ALTER TABLE "public"."t" ADD CONSTRAINT "t_x" CHECK ((x > 1)) NOT VALID'].map(
        entities.in("expressionChange"),
      ),
    );
    expect(result.remaining).toEqual([]);
    expect(result.upgraded).toContain("ADD CONSTRAINT t_x CHECK ((x > 1)) NOT VALID;");
    expect(result.downgraded).toEqual(result.original);
  });
});

describe("between databases", () => {
  it("a check validated on one side and NOT VALID on the other is a difference, both ways", async () => {
    expectRoundTrip(
      await roundTrip({
        before: "CREATE TABLE t (id int PRIMARY KEY, x int); ALTER TABLE t ADD CONSTRAINT t_x CHECK (x > 0) NOT VALID;",
        after: "CREATE TABLE t (id int PRIMARY KEY, x int, CONSTRAINT t_x CHECK (x > 0));",
      }),
    );
  });
});
