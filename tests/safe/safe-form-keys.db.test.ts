/**
 * The lock-safe form of a unique constraint or primary key (an index built CONCURRENTLY, then the
 * constraint added USING INDEX) ends in the same constraint as the plain form, on PostgreSQL 15: its
 * definition as `pg_get_constraintdef` prints it, whatever options the key has.
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
const definitions = (db: TestDatabase) =>
  db.query(
    "SELECT conname, pg_get_constraintdef(co.oid) AS def, i.reloptions FROM pg_constraint co LEFT JOIN pg_class i ON i.oid = co.conindid " +
      "WHERE conrelid = 'items'::regclass ORDER BY conname",
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
