/**
 * The name of the temporary check through which the lock-safe form sets NOT NULL (src/safe/safe-form.ts).
 * It was `<table>_<column>_not_null`, the name PostgreSQL 18 gives a NOT NULL constraint: where the table
 * already had a constraint of that name (one 18 named before a rename of its column, or a user's), the
 * check could not be added ("already exists"); where it had none, 18 numbered the NOT NULL that
 * `SET NOT NULL` made beside the check `<table>_<column>_not_null1`, unlike the plain form's. Past 63 bytes
 * it was cut to 20 bytes of the table and column names, the same for two long columns of one table.
 * Run on PostgreSQL 15 (the clash by a constraint made beforehand) here, and on PGlite, which is
 * PostgreSQL 18, in not-null-check-name-pglite.test.ts (one of the slow matrices).
 */
import { notNullCheckName } from "../../src/safe/safe-form";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { setNotNullSafely } from "./not-null-check-support";

describe("notNullCheckName", () => {
  const table = { schema: "public", name: "items" };

  it("ends in no label PostgreSQL gives the constraints it names", () => {
    expect(notNullCheckName(table, "code")).toBe("items_code_nn_autogen");
    expect(notNullCheckName(table, "code")).not.toMatch(/_(not_null|check|key|fkey|pkey|excl)\d*$/);
  });

  it("stays within 63 bytes, never cut inside a character, and differs for long columns that share a beginning", () => {
    const a = notNullCheckName(table, `${"c".repeat(60)}_a`);
    const b = notNullCheckName(table, `${"c".repeat(60)}_b`);
    expect(a).not.toBe(b);
    for (const name of [a, b, notNullCheckName({ schema: "public", name: "日".repeat(30) }, "列")]) {
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
      expect(name).toMatch(/_[0-9a-f]{8}_nn_autogen$/);
      expect(Buffer.from(name).toString()).toBe(name);
    }
  });
});

describe("the lock-safe SET NOT NULL beside a constraint named <table>_<column>_not_null", () => {
  let pg: TestDatabase;
  beforeAll(async () => {
    pg = await createTestDatabase("nncheck");
  });
  afterAll(async () => {
    await pg.drop();
  });

  it("PostgreSQL 15: applies, keeps that constraint, and downgrades", async () => {
    const result = await setNotNullSafely({ databaseUrl: pg.url }, ["ALTER TABLE items ADD CONSTRAINT items_code_not_null CHECK (code <> '')"]);
    expect(result).toEqual({ version: expect.any(Number), constraints: [{ conname: "items_code_not_null", contype: "c" }], notNull: true });
  }, 120_000);
});
