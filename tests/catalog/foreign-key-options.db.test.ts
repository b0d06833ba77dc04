/**
 * A foreign key's MATCH FULL and the columns its ON DELETE SET NULL / SET DEFAULT sets (PostgreSQL 15):
 * read, compared between databases, and kept in entity mode (TypeORM cannot say them), also when a
 * migration adds the foreign key again. Before, neither was read: a diff did not see them, and a foreign
 * key created again lost them (MATCH FULL then lets a partly null key through; SET NULL clears every
 * column of the key). On PostgreSQL 15, judged by pg_dump. The cases compared the same way share a round
 * trip, a schema each (`sharedRoundTrip`), and assert on their own part.
 */
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { expectRoundTrip, expectShared, sharedRoundTrip, expectSharedEntityMode } from "./catalog-round-trip";

const entityMode = { manage: ENTITY_MANAGED_KINDS };
const TABLES = "CREATE TABLE p (a int, b int, PRIMARY KEY (a, b)); CREATE TABLE c (id int, a int, b int, note text";
const fk = (clauses: string) => `${TABLES}, CONSTRAINT c_ab_fk FOREIGN KEY (a, b) REFERENCES p (a, b) ${clauses});`;
const retyped = (type: string) =>
  `CREATE TABLE p (a ${type}, b ${type}, PRIMARY KEY (a, b)); CREATE TABLE c (id int, a ${type}, b ${type}, ` +
  "CONSTRAINT c_ab_fk FOREIGN KEY (a, b) REFERENCES p (a, b) MATCH FULL ON DELETE SET NULL (b));";

/** The options each case adds and takes away, by its title. */
const CHANGED = [
  ["MATCH FULL", "", "MATCH FULL"],
  ["ON DELETE SET NULL (b)", "ON DELETE SET NULL", "ON DELETE SET NULL (b)"],
  ["ON DELETE SET DEFAULT (a)", "MATCH FULL ON DELETE SET DEFAULT", "ON DELETE SET DEFAULT (a)"],
] as const;

/** The cases compared between databases. */
const between = sharedRoundTrip({
  matchFull: { before: fk(CHANGED[0][1]), after: fk(CHANGED[0][2]) },
  setNullColumns: { before: fk(CHANGED[1][1]), after: fk(CHANGED[1][2]) },
  setDefaultColumns: { before: fk(CHANGED[2][1]), after: fk(CHANGED[2][2]) },
  createdTable: { before: "", after: fk("MATCH FULL ON DELETE SET NULL (a) ON UPDATE CASCADE") },
  retyped: { before: retyped("int"), after: retyped("bigint") },
});
const changedKey = { "MATCH FULL": "matchFull", "ON DELETE SET NULL (b)": "setNullColumns", "ON DELETE SET DEFAULT (a)": "setDefaultColumns" } as const;

/** Entity mode, where A keeps what entities cannot say: nothing remains and A comes back, but A need not dump as B. */
const entities = sharedRoundTrip(
  {
    same: { before: fk("MATCH FULL ON DELETE SET NULL (b)"), after: fk("MATCH FULL ON DELETE SET NULL (b)") },
    onUpdate: { before: fk("MATCH FULL ON DELETE SET NULL (b)"), after: fk("ON DELETE SET NULL ON UPDATE CASCADE") },
    otherAction: { before: fk("ON DELETE SET NULL (b)"), after: fk("ON DELETE CASCADE") },
  },
  { options: entityMode, targetAsEntities: true },
);

describe("shared round trips", () => {
  it(`between databases: ${between.names}`, async () => {
    await expectShared(between);
  });

  it(`in entity mode (nothing remains, the downgrade gives A back, each statement one case's): ${entities.names}`, async () => {
    await expectSharedEntityMode(entities);
  });
});

describe("a foreign key's MATCH FULL and ON DELETE SET NULL (columns), between databases", () => {
  it.each(CHANGED)("%s is added and taken away", async (what) => {
    const result = await between.of(changedKey[what]);
    expect(result.upgrade.map((op) => op.kind)).toEqual(["dropConstraint", "addConstraint"]);
    expectRoundTrip(result);
  });

  it("come with a table created", async () => {
    const result = await between.of("createdTable");
    expect(result.upgradeSql.join("\n")).toContain(between.in("createdTable")(`REFERENCES "public"."p" ("a", "b") MATCH FULL ON DELETE SET NULL ("a") ON UPDATE CASCADE`));
    expectRoundTrip(result);
  });

  it("stay with a foreign key added again around its referenced columns' retype", async () => {
    expectRoundTrip(await between.of("retyped"));
  });
});

describe("a foreign key's MATCH FULL and ON DELETE SET NULL (columns), in entity mode", () => {
  it("are left as the database has them", async () => {
    expect((await entities.of("same")).upgrade).toEqual([]);
  });

  it("stay with the foreign key when the entity changes its ON UPDATE", async () => {
    const result = await entities.of("onUpdate");
    expect(result.upgradeSql).toContain(
      entities.in("onUpdate")(`ALTER TABLE "public"."c" ADD CONSTRAINT "c_ab_fk" FOREIGN KEY ("a", "b") REFERENCES "public"."p" ("a", "b") MATCH FULL ON DELETE SET NULL ("b") ON UPDATE CASCADE`),
    );
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
  });

  it("drop the columns set when the entity's ON DELETE is another action", async () => {
    expectRoundTrip(await entities.of("otherAction"));
  });
});
