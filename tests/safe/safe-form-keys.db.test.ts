/**
 * The lock-safe form of a unique constraint or primary key (an index built CONCURRENTLY, then the
 * constraint added USING INDEX) ends in the same constraint as the plain form, on PostgreSQL 15: its
 * definition as `pg_get_constraintdef` prints it, whatever options the key has. So does a SET NOT NULL
 * through its temporary check, whose name must be free: PostgreSQL 18 keeps a NOT NULL as a constraint
 * named `<table>_<column>_not_null` (a SET NOT NULL that finds the name taken gets `..._not_null1`, and a
 * renamed column's NOT NULL keeps the old column's name).
 */
import { operationBuilders as b } from "../../src/ops/builders";
import type { Operation } from "../../src/ops/operation";
import { safeSteps } from "../../src/safe/safe-form";
import { compileOperation } from "../../src/sql/compile";
import { createTestDatabase, type TestDatabase } from "../support/test-db";

let plain: TestDatabase;
let safe: TestDatabase;
const TABLE = "CREATE TABLE items (id integer NOT NULL, email text, code text);";

beforeAll(async () => {
  [plain, safe] = await Promise.all([createTestDatabase("safekey_p"), createTestDatabase("safekey_s")]);
  await Promise.all([plain.query(TABLE), safe.query(TABLE)]);
});
afterAll(async () => {
  await Promise.all([plain.drop(), safe.drop()]);
});

async function apply(db: TestDatabase, ops: readonly Operation[]): Promise<void> {
  for (const op of ops) for (const statement of compileOperation(op)) await db.query(statement.sql);
}

/** Each constraint's definition, and its index's storage parameters, which the definition does not print. */
const definitions = (db: TestDatabase, table = "items") =>
  db.query(
    "SELECT conname, pg_get_constraintdef(co.oid) AS def, i.reloptions FROM pg_constraint co LEFT JOIN pg_class i ON i.oid = co.conindid " +
      "WHERE conrelid = $1::regclass ORDER BY conname",
    [table],
  );

it.each([
  ["UNIQUE NULLS NOT DISTINCT", b.addUnique("items", { name: "items_email_key", columns: ["email"], nullsNotDistinct: true })],
  ["a deferrable unique constraint", b.addUnique("items", { name: "items_code_key", columns: ["code"], deferrable: true, initiallyDeferred: true })],
  ["a primary key", b.addPrimaryKey("items", { name: "items_pkey", columns: ["id"] })],
  ["a unique constraint whose index has INCLUDE columns", b.addUnique("items", { name: "items_id_incl", columns: ["id"], include: ["email", "code"] })],
  ["a unique constraint whose index has storage parameters", b.addUnique("items", { name: "items_code_ff", columns: ["code", "id"], storageParameters: ["fillfactor=70", "deduplicate_items=off"] })],
])("%s, built concurrently, is the plain form's constraint", async (_title, op) => {
  const steps = safeSteps([op]);
  expect(steps.map((s) => s.operations[0]!.kind)).toEqual(["createIndex", "addConstraint"]);
  await Promise.all([apply(plain, [op]), apply(safe, steps.flatMap((s) => s.operations))]);
  expect(await definitions(safe)).toEqual(await definitions(plain));
});

describe("SET NOT NULL through a validated check", () => {
  const setNotNull = (table: string) => b.alterColumn(table, "label", { nullable: false }, { existing: { type: "text", nullable: true } });

  async function plainAndSafe(table: string, sql: string): Promise<void> {
    await Promise.all([plain.query(sql), safe.query(sql)]);
    const op = setNotNull(table);
    await Promise.all([apply(plain, [op]), apply(safe, safeSteps([op]).flatMap((s) => s.operations))]);
  }

  const nullable = (db: TestDatabase, table: string) =>
    db.query("SELECT attnotnull FROM pg_attribute WHERE attrelid = $1::regclass AND attname = 'label'", [table]);

  it("ends in the plain form's constraints (on PostgreSQL 18, its NOT NULL under PostgreSQL's own name)", async () => {
    await plainAndSafe("notes", "CREATE TABLE notes (id integer, label text); INSERT INTO notes VALUES (1, 'a');");
    expect(await nullable(safe, "notes")).toEqual([{ attnotnull: true }]);
    expect(await definitions(safe, "notes")).toEqual(await definitions(plain, "notes"));
  });

  it("applies when a constraint of the table already has PostgreSQL 18's NOT NULL name for the column", async () => {
    // On PostgreSQL 18 a NOT NULL column `label` renamed keeps its constraint named tags_label_not_null
    // while a new `label` can be made NOT NULL; a check of that name takes it on every major.
    await plainAndSafe("tags", "CREATE TABLE tags (id integer CONSTRAINT tags_label_not_null CHECK (id > 0), label text); INSERT INTO tags VALUES (1, 'a');");
    expect(await nullable(safe, "tags")).toEqual([{ attnotnull: true }]);
    expect(await definitions(safe, "tags")).toEqual(await definitions(plain, "tags"));
  });
});
