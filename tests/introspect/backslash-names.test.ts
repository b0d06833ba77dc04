/**
 * A serial column is recognised whatever its table's name holds: the owned sequence's nextval() default
 * is compared in the form pg_get_expr prints (standard-conforming), so a backslash or a quote in the name
 * does not turn the column into a plain default plus a free-standing sequence (which autogenerate then
 * offered to drop, and whose DROP SEQUENCE failed after the table's own drop).
 */
import { Client } from "pg";
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

describe("introspect on a caller's own connection with standard_conforming_strings off", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase("bs_off");
    await db.query(String.raw`CREATE TABLE t (a text DEFAULT 'C:\dir', CONSTRAINT c CHECK (a <> ''))`);
    await db.query(`ALTER DATABASE "${db.name}" SET standard_conforming_strings = off`);
  });
  afterAll(async () => {
    await db.drop();
  });

  it("prints string constants in the standard form, as on any other session", async () => {
    const raw = new Client({ connectionString: db.url });
    await raw.connect();
    try {
      expect((await raw.query("SHOW standard_conforming_strings")).rows).toEqual([{ standard_conforming_strings: "off" }]);
      const model = await introspect(raw, { schemas: ["public"] });
      const t = model.tables['"public"."t"']!;
      expect(t.columns[0]!.default).toBe(String.raw`'C:\dir'::text`);
      expect(t.checks[0]!.definition).toBe(String.raw`CHECK ((a <> ''::text))`);
    } finally {
      await raw.end();
    }
  });
});
