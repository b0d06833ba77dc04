/**
 * A foreign key's MATCH FULL and the columns its ON DELETE SET NULL / SET DEFAULT sets (PostgreSQL 15):
 * read, compared between databases, and kept in entity mode (TypeORM cannot say them), also when a
 * migration adds the foreign key again. Before, neither was read: a diff did not see them, and a foreign
 * key created again lost them (MATCH FULL then lets a partly null key through; SET NULL clears every
 * column of the key). On PostgreSQL 15, judged by pg_dump.
 */
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { expectRoundTrip, roundTrip } from "./catalog-round-trip";

const entityMode = { manage: ENTITY_MANAGED_KINDS };
const TABLES = "CREATE TABLE p (a int, b int, PRIMARY KEY (a, b)); CREATE TABLE c (id int, a int, b int, note text";
const fk = (clauses: string) => `${TABLES}, CONSTRAINT c_ab_fk FOREIGN KEY (a, b) REFERENCES p (a, b) ${clauses});`;

describe("a foreign key's MATCH FULL and ON DELETE SET NULL (columns), between databases", () => {
  it.each([
    ["MATCH FULL", "", "MATCH FULL"],
    ["ON DELETE SET NULL (b)", "ON DELETE SET NULL", "ON DELETE SET NULL (b)"],
    ["ON DELETE SET DEFAULT (a)", "MATCH FULL ON DELETE SET DEFAULT", "ON DELETE SET DEFAULT (a)"],
  ])("%s is added and taken away", async (_what, before, after) => {
    const result = await roundTrip({ before: fk(before), after: fk(after) });
    expect(result.upgrade.map((op) => op.kind)).toEqual(["dropConstraint", "addConstraint"]);
    expectRoundTrip(result);
  });

  it("come with a table created", async () => {
    const result = await roundTrip({ before: "", after: fk("MATCH FULL ON DELETE SET NULL (a) ON UPDATE CASCADE") });
    expect(result.upgradeSql.join("\n")).toContain(`REFERENCES "public"."p" ("a", "b") MATCH FULL ON DELETE SET NULL ("a") ON UPDATE CASCADE`);
    expectRoundTrip(result);
  });

  it("stay with a foreign key added again around its referenced columns' retype", async () => {
    const retyped = (type: string) =>
      `CREATE TABLE p (a ${type}, b ${type}, PRIMARY KEY (a, b)); CREATE TABLE c (id int, a ${type}, b ${type}, ` +
      "CONSTRAINT c_ab_fk FOREIGN KEY (a, b) REFERENCES p (a, b) MATCH FULL ON DELETE SET NULL (b));";
    expectRoundTrip(await roundTrip({ before: retyped("int"), after: retyped("bigint") }));
  });
});

describe("a foreign key's MATCH FULL and ON DELETE SET NULL (columns), in entity mode", () => {
  it("are left as the database has them", async () => {
    const sql = fk("MATCH FULL ON DELETE SET NULL (b)");
    expect((await roundTrip({ before: sql, after: sql, options: entityMode, targetAsEntities: true })).upgrade).toEqual([]);
  });

  it("stay with the foreign key when the entity changes its ON UPDATE", async () => {
    const result = await roundTrip({
      before: fk("MATCH FULL ON DELETE SET NULL (b)"),
      after: fk("ON DELETE SET NULL ON UPDATE CASCADE"),
      options: entityMode,
      targetAsEntities: true,
    });
    expect(result.upgradeSql).toContain(
      `ALTER TABLE "public"."c" ADD CONSTRAINT "c_ab_fk" FOREIGN KEY ("a", "b") REFERENCES "public"."p" ("a", "b") MATCH FULL ON DELETE SET NULL ("b") ON UPDATE CASCADE`,
    );
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
  });

  it("drop the columns set when the entity's ON DELETE is another action", async () => {
    const result = await roundTrip({
      before: fk("ON DELETE SET NULL (b)"),
      after: fk("ON DELETE CASCADE"),
      options: entityMode,
      targetAsEntities: true,
    });
    expectRoundTrip(result);
  });
});
