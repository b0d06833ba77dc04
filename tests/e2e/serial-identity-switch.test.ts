/**
 * An entity's key switched between `@PrimaryGeneratedColumn()` (serial) and
 * `@PrimaryGeneratedColumn("identity", { generatedIdentity: "ALWAYS" })`, with rows, on PostgreSQL 15:
 * each way the migration equals synchronize() of the new entities, finds nothing more, keeps the rows,
 * and the next row inserted takes the next key, in the upgrade and in its derived downgrade (the
 * sequence made again continues after the highest key instead of starting at 1).
 */
import { invertAll } from "../../src/ops/invert";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { pgDump } from "../support/pg-dump";
import { applyOperations } from "../support/apply";
import { SYNC_DUMP, autogenerate, synchronized } from "../support/entity-versions";

describe("serial <-> identity ALWAYS in entity mode", () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it("keeps the rows and the next key both ways", async () => {
    const target = await createTestDatabase("serial_identity");
    const [serial, identity] = await Promise.all([synchronized("ticket-serial"), synchronized("ticket-identity")]);
    dbs.push(target, serial, identity);
    await applyOperations(target.url, (await autogenerate("ticket-serial", target.url)).operations);
    await target.query(`INSERT INTO tickets (title) VALUES ('a'), ('b'), ('c')`);

    const edit = await autogenerate("ticket-identity", target.url);
    await applyOperations(target.url, edit.operations);
    expect(pgDump(target.url, SYNC_DUMP)).toEqual(pgDump(identity.url, SYNC_DUMP));
    expect((await autogenerate("ticket-identity", target.url)).operations).toEqual([]);
    await target.query(`INSERT INTO tickets (title) VALUES ('d')`);

    await applyOperations(target.url, invertAll(edit.operations));
    expect(pgDump(target.url, SYNC_DUMP)).toEqual(pgDump(serial.url, SYNC_DUMP));
    expect((await autogenerate("ticket-serial", target.url)).operations).toEqual([]);
    await target.query(`INSERT INTO tickets (title) VALUES ('e')`);
    expect(await target.query(`SELECT id, title FROM tickets ORDER BY id`)).toEqual(
      ["a", "b", "c", "d", "e"].map((title, i) => ({ id: i + 1, title })),
    );
  });
});
