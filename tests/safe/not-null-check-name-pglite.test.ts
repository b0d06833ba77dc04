/**
 * The lock-safe SET NOT NULL's temporary check beside PostgreSQL 18's own NOT NULL constraints, on PGlite
 * (PostgreSQL 18): not-null-check-name.db.test.ts's cases on the embedded database. One of the slow
 * matrices (`npm run test:slow`, tests/slow-suites.js): each case opens the embedded database six times.
 */
import { setNotNullSafely } from "./not-null-check-support";

describe("the lock-safe SET NOT NULL beside a constraint named <table>_<column>_not_null, on PGlite", () => {
  it("PGlite (PostgreSQL 18): a NOT NULL left by a renamed column, applies and downgrades", async () => {
    const result = await setNotNullSafely(
      { embedded: { engine: "pglite" } },
      // 18 names the NOT NULL of a column items_code_not_null, and keeps the name through a rename.
      ["ALTER TABLE items ALTER code SET NOT NULL", "ALTER TABLE items RENAME code TO old_code", "ALTER TABLE items ADD code text"],
    );
    expect(result).toEqual({
      version: expect.any(Number),
      constraints: [
        { conname: "items_code_not_null", contype: "n" },
        { conname: "items_code_not_null1", contype: "n" },
        { conname: "items_id_not_null", contype: "n" },
      ],
      notNull: true,
    });
    expect(result.version).toBeGreaterThanOrEqual(180000);
  }, 300_000);

  it("PGlite (PostgreSQL 18): the NOT NULL the safe form makes has the plain form's name", async () => {
    const result = await setNotNullSafely({ embedded: { engine: "pglite" } }, []);
    expect(result.version).toBeGreaterThanOrEqual(180000);
    expect(result.constraints).toEqual([
      { conname: "items_code_not_null", contype: "n" },
      { conname: "items_id_not_null", contype: "n" },
    ]);
  }, 300_000);
});
