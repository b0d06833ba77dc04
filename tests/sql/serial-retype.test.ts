/**
 * A column made serial while its type changes (a `@PrimaryGeneratedColumn("uuid")` key made
 * `@PrimaryGeneratedColumn()` again, the downgrade of the switch to uuid keys), on PostgreSQL 15: its old
 * default is dropped before the type change, which would otherwise have to cast it and is refused.
 */
import { compileOperation } from "../../src/sql/compile";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { column } from "../support/model-builders";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase("serial_retype");
});

afterAll(async () => {
  await db.drop();
});

it("drops the uuid default before the column becomes an integer serial", async () => {
  await db.query(`CREATE TABLE gadgets (id uuid PRIMARY KEY DEFAULT gen_random_uuid())`);
  const statements = compileOperation({
    kind: "alterColumn",
    table: { schema: "public", name: "gadgets" },
    column: "id",
    changes: { type: "integer", identity: { kind: "serial" } },
    using: `"id"::text::integer`,
    existing: column("id", "uuid", { nullable: false, default: "gen_random_uuid()" }),
  });
  for (const statement of statements) await db.query(statement.sql);
  await db.query(`INSERT INTO gadgets DEFAULT VALUES`);
  expect(await db.query(`SELECT id, pg_get_serial_sequence('gadgets', 'id') AS sequence FROM gadgets`)).toEqual([
    { id: 1, sequence: "public.gadgets_id_seq" },
  ]);
});
