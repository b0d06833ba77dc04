/**
 * A serial column is recognised whatever its table's name holds: the owned sequence's nextval() default
 * is compared in the form pg_get_expr prints (standard-conforming), so a backslash or a quote in the name
 * does not turn the column into a plain default plus a free-standing sequence (which autogenerate then
 * offered to drop, and whose DROP SEQUENCE failed after the table's own drop).
 */
import { connectPostgres } from "../../src/db/postgres";
import { introspect } from "../../src/introspect";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

describe("serial columns of tables named with backslashes and quotes", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("bs_names");
    await db.query(String.raw`CREATE TABLE "a\b" (id serial PRIMARY KEY); CREATE TABLE "it's\" ("n\" bigserial)`);
  });
  afterAll(async () => {
    await db.drop();
  });

  it("are serial, and their sequences belong to them", async () => {
    const conn = await connectPostgres(db.url);
    try {
      const model = await introspect(conn, { schemas: ["public"] });
      expect(model.tables[String.raw`"public"."a\b"`]!.columns[0]).toMatchObject({ identity: { kind: "serial" }, default: null });
      expect(model.tables[String.raw`"public"."it's\"`]!.columns[0]).toMatchObject({ identity: { kind: "serial" }, default: null });
      expect(model.sequences).toEqual({});
    } finally {
      await conn.close();
    }
  });
});
