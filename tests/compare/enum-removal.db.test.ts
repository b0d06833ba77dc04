/**
 * Removing enum labels on PostgreSQL 15: the type is swapped for one without them, and the migration
 * checks first, in SQL, that no row holds a removed label (or rewrites it through a value map). A refused
 * removal changes nothing.
 */
import { Client } from "pg";
import { compare } from "../../src/compare";
import { operationBuilders } from "../../src/ops/builders";
import { invertAll } from "../../src/ops/invert";
import { compileOperations } from "../../src/sql/compile";
import { applyOperations } from "../support/apply";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { read } from "./support/db-round-trip";

const SCHEMA = `
  CREATE TYPE status AS ENUM ('open', 'cancelled', 'closed');
  CREATE TABLE tickets (id int, state status DEFAULT 'open', history status[] DEFAULT '{open}');
`;

describe("enum label removal on PostgreSQL 15", () => {
  let db: TestDatabase;
  let target: TestDatabase;
  beforeAll(async () => {
    [db, target] = await Promise.all([createTestDatabase("enumrm"), createTestDatabase("enumrmb")]);
    await db.query(SCHEMA);
    await target.query(`CREATE TYPE status AS ENUM ('open', 'closed');
      CREATE TABLE tickets (id int, state status DEFAULT 'open', history status[] DEFAULT '{open}');`);
  });
  afterAll(async () => {
    await Promise.all([db.drop(), target.drop()]);
  });

  it("refuses, naming the table, column and label, while a row holds the label, and changes nothing", async () => {
    await db.query(`INSERT INTO tickets VALUES (1, 'cancelled', '{open}'), (2, 'open', '{open,closed}')`);
    const { operations, log } = compare(await read(db), await read(target));
    expect(log).toEqual(["Detected changed values of enum 'public.status' from ('open', 'cancelled', 'closed') to ('open', 'closed'): the type is rebuilt"]);
    const failure = applyOperations(db.url, operations);
    await expect(failure).rejects.toThrow(
      "Cannot remove label 'cancelled' from enum public.status: column state of table public.tickets holds it in some rows. " +
        "Change those rows first, or map the label to a kept one with the alterEnum valueMap option.",
    );
    expect(await db.query("SELECT enum_range(NULL::status)::text AS labels")).toStrictEqual([{ labels: "{open,cancelled,closed}" }]);
    expect(await db.query("SELECT id, state::text FROM tickets ORDER BY id")).toStrictEqual([
      { id: 1, state: "cancelled" },
      { id: 2, state: "open" },
    ]);
  });

  it("refuses too when only an array holds the label", async () => {
    await db.query(`UPDATE tickets SET state = 'open', history = '{cancelled}' WHERE id = 1`);
    const { operations } = compare(await read(db), await read(target));
    await expect(applyOperations(db.url, operations)).rejects.toThrow("column history of table public.tickets holds it");
  });

  it("removes the label once no row holds it, and the downgrade adds it back", async () => {
    await db.query(`UPDATE tickets SET history = '{closed}' WHERE id = 1`);
    const { operations } = compare(await read(db), await read(target));
    await applyOperations(db.url, operations);
    expect(compare(await read(db), await read(target)).operations).toStrictEqual([]);
    expect(await db.query("SELECT id, state::text, history::text FROM tickets ORDER BY id")).toStrictEqual([
      { id: 1, state: "open", history: "{closed}" },
      { id: 2, state: "open", history: "{open,closed}" },
    ]);
    await applyOperations(db.url, invertAll(operations));
    expect(await db.query("SELECT enum_range(NULL::status)::text AS labels")).toStrictEqual([{ labels: "{open,cancelled,closed}" }]);
  });

  it("rewrites the rows that hold a removed label through a value map, in columns and arrays", async () => {
    await db.query(`INSERT INTO tickets VALUES (3, 'cancelled', '{cancelled,open}')`);
    const op = operationBuilders.alterEnum("status", {
      from: ["open", "cancelled", "closed"],
      to: ["open", "closed"],
      usages: [
        { table: "tickets", column: "state", default: "'open'::public.status" },
        { table: "tickets", column: "history", default: "'{open}'::public.status[]", array: true },
      ],
      valueMap: { cancelled: "closed" },
    });
    expect(compileOperations([op]).some((s) => s.sql.startsWith("DO "))).toBe(false);
    await applyOperations(db.url, [op]);
    expect(await db.query("SELECT id, state::text, history::text FROM tickets ORDER BY id")).toStrictEqual([
      { id: 1, state: "open", history: "{closed}" },
      { id: 2, state: "open", history: "{open,closed}" },
      { id: 3, state: "closed", history: "{closed,open}" },
    ]);
    expect(compare(await read(db), await read(target)).operations).toStrictEqual([]);
  });

  it("runs the check inside the migration's transaction, before the swap", async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query("BEGIN");
      await client.query(`ALTER TYPE status ADD VALUE 'gone'`);
      await client.query("COMMIT");
      await client.query(`INSERT INTO tickets VALUES (4, 'gone', '{}')`);
      const op = operationBuilders.alterEnum("status", {
        from: ["open", "closed", "gone"],
        to: ["open", "closed"],
        usages: [{ table: "tickets", column: "state", default: "'open'::public.status" }],
      });
      const [check, ...rest] = compileOperations([op]);
      expect(check!.transactional).toBe(true);
      expect(rest[0]!.sql).toBe(`ALTER TYPE "public"."status" RENAME TO "status__old"`);
      await expect(applyOperations(db.url, [op])).rejects.toThrow("Cannot remove label 'gone'");
    } finally {
      await client.end();
    }
  });
});
