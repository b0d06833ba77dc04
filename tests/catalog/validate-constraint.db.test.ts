/**
 * A foreign key or check that the start has NOT VALID (a DBA's `ADD CONSTRAINT ... NOT VALID` on a large
 * table) and the target has validated, otherwise the same, is validated in place: `VALIDATE CONSTRAINT`
 * checks the rows under a SHARE UPDATE EXCLUSIVE lock, which lets reads and writes go on, where the drop and
 * add it replaces held ACCESS EXCLUSIVE for the whole check. The downgrade makes it NOT VALID again
 * (`invalidateConstraint`: one ALTER TABLE that drops it and adds it NOT VALID). On PostgreSQL 15, with pg_dump.
 * The cases share a round trip, a schema each (`sharedRoundTrip`), and assert on their own part.
 */
import { expectRoundTrip, expectShared, sharedRoundTrip } from "./catalog-round-trip";

const TABLES =
  "CREATE TABLE ref (id int PRIMARY KEY); INSERT INTO ref VALUES (1); " +
  "CREATE TABLE lone (id int, rid int, amount int); INSERT INTO lone VALUES (1, 1, 5); " +
  "CREATE TABLE par (id int, x int); CREATE TABLE kid (y int) INHERITS (par); INSERT INTO kid VALUES (1, 1, 1); " +
  "CREATE TABLE pp (id int, k int) PARTITION BY RANGE (k); CREATE TABLE pp1 PARTITION OF pp FOR VALUES FROM (0) TO (10); ";

const CONSTRAINTS = (notValid: string) =>
  `ALTER TABLE lone ADD CONSTRAINT lone_fk FOREIGN KEY (rid) REFERENCES ref ${notValid}; ` +
  `ALTER TABLE lone ADD CONSTRAINT lone_amount CHECK (amount > 0) ${notValid}; ` +
  `ALTER TABLE par ADD CONSTRAINT par_x CHECK (x > 0) ${notValid}; ` +
  `ALTER TABLE pp ADD CONSTRAINT pp_id CHECK (id > 0) ${notValid};`;

const shared = sharedRoundTrip({
  validated: { before: TABLES + CONSTRAINTS("NOT VALID"), after: TABLES + CONSTRAINTS("") },
  definitionChanged: {
    before: TABLES + "ALTER TABLE lone ADD CONSTRAINT lone_amount CHECK (amount > 0) NOT VALID;",
    after: TABLES + "ALTER TABLE lone ADD CONSTRAINT lone_amount CHECK (amount >= 0);",
  },
  invalidated: { before: TABLES + CONSTRAINTS(""), after: TABLES + CONSTRAINTS("NOT VALID") },
});

describe("a NOT VALID constraint validated between databases", () => {
  it(`in one round trip: ${shared.names}`, async () => {
    await expectShared(shared);
  });

  it("is validated in place, on a table, an inheritance parent and a partitioned table, and made NOT VALID again by the downgrade", async () => {
    const [result, own] = [await shared.of("validated"), shared.in("validated")];
    expectRoundTrip(result);
    expect([...result.upgradeSql].sort()).toEqual(
      [
        'ALTER TABLE "public"."lone" VALIDATE CONSTRAINT "lone_amount"',
        'ALTER TABLE "public"."lone" VALIDATE CONSTRAINT "lone_fk"',
        'ALTER TABLE "public"."par" VALIDATE CONSTRAINT "par_x"',
        'ALTER TABLE "public"."pp" VALIDATE CONSTRAINT "pp_id"',
      ].map(own),
    );
    expect(result.upgrade.map((op) => op.kind)).toEqual(Array(4).fill("validateConstraint"));
    expect(result.upgraded).not.toContain("NOT VALID");
    expect(result.downgraded).toContain(own("ADD CONSTRAINT lone_fk FOREIGN KEY (rid) REFERENCES public.ref(id) NOT VALID;"));
  });

  it("is dropped and added again when its definition changes too", async () => {
    const result = await shared.of("definitionChanged");
    expectRoundTrip(result);
    expect(result.upgradeSql).toEqual(
      ['ALTER TABLE "public"."lone" DROP CONSTRAINT "lone_amount"', 'ALTER TABLE "public"."lone" ADD CONSTRAINT "lone_amount" CHECK ((amount >= 0))'].map(
        shared.in("definitionChanged"),
      ),
    );
  });

  it("the other way, a validated constraint becomes NOT VALID without checking a row, and comes back validated", async () => {
    const result = await shared.of("invalidated");
    expectRoundTrip(result);
    expect(result.upgradeSql).toContain(
      shared.in("invalidated")('ALTER TABLE "public"."lone" ADD CONSTRAINT "lone_fk" FOREIGN KEY ("rid") REFERENCES "public"."ref" ("id") NOT VALID'),
    );
    expect(result.upgradeSql.some((sql) => sql.includes("VALIDATE"))).toBe(false);
  });
});
