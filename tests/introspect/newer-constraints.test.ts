/**
 * What PostgreSQL 18 adds to constraints that the schema model has no field for: a temporal key (WITHOUT
 * OVERLAPS) and a temporal foreign key (PERIOD), a NOT NULL that is NOT VALID. Read as plain keys or a validated NOT NULL, a diff would create them enforced, non-temporal or
 * validated and then find nothing to change: introspection refuses them, naming each. A CHECK NOT
 * ENFORCED is read, its definition saying so (and a foreign key NOT ENFORCED and a virtual generated
 * column: tests/pg18). Runs on whatever
 * server the suite runs on: from 18 the refusals; before 18 the server's own refusal of the syntax. The
 * same refusals on PGlite (PostgreSQL 18) are in pglite.test.ts.
 */
import { introspect, UnsupportedCatalogObjectError } from "../../src/introspect";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { connectPg, type PgConnection } from "./helpers";
import { NEWER_CONSTRAINT_CASES } from "./fixtures/newer-constraints";

describe("constraints PostgreSQL 18 adds that the model does not represent", () => {
  let db: TestDatabase;
  let conn: PgConnection;
  let major: number;
  beforeAll(async () => {
    db = await createTestDatabase("newercon");
    conn = await connectPg(db.url);
    const { rows } = await conn.client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    major = Math.floor(Number(rows[0]!.v) / 10000);
    await conn.client.query(NEWER_CONSTRAINT_CASES.map((c) => `CREATE SCHEMA ${c.schema}`).join(";"));
  });
  afterAll(async () => {
    await conn.end();
    await db.drop();
  });

  it.each(NEWER_CONSTRAINT_CASES)("$schema: refused by name from 18, a syntax error before", async ({ schema, sql, refusal }) => {
    const created = conn.client.query(sql);
    if (major < 18) {
      await expect(created).rejects.toMatchObject({ code: "42601" });
      return;
    }
    await created;
    await expect(introspect(conn, { schemas: [schema] })).rejects.toThrow(UnsupportedCatalogObjectError);
    await expect(introspect(conn, { schemas: [schema] })).rejects.toThrow(refusal);
  });

  it("reads a CHECK NOT ENFORCED (18), its definition saying so, and an ordinary NOT VALID foreign key as before", async () => {
    await conn.client.query(`CREATE SCHEMA plain;
      CREATE TABLE plain.p (id integer PRIMARY KEY);
      CREATE TABLE plain.c (pid integer, q integer);
      ALTER TABLE plain.c ADD CONSTRAINT c_pid_fkey FOREIGN KEY (pid) REFERENCES plain.p NOT VALID`);
    const check = conn.client.query("ALTER TABLE plain.c ADD CONSTRAINT q_positive CHECK (q > 0) NOT ENFORCED");
    if (major < 18) await expect(check).rejects.toMatchObject({ code: "42601" });
    else await check;
    const table = (await introspect(conn, { schemas: ["plain"] })).tables['"plain"."c"']!;
    expect(table.foreignKeys).toStrictEqual([
      {
        type: "foreignKey",
        name: "c_pid_fkey",
        columns: ["pid"],
        referencedTable: { schema: "plain", name: "p" },
        referencedColumns: ["id"],
        onDelete: "NO ACTION",
        onUpdate: "NO ACTION",
        deferrable: false,
        initiallyDeferred: false,
        notValid: true,
      },
    ]);
    expect(table.checks).toStrictEqual(
      major < 18 ? [] : [{ type: "check", name: "q_positive", definition: "CHECK ((q > 0)) NOT ENFORCED" }],
    );
  });
});
