/**
 * Unique constraints that repeat the primary key (same columns, same order) or an earlier unique
 * constraint: PostgreSQL's CREATE TABLE builds one index for them and creates only the first (the primary
 * key first), so synchronize() leaves them out of the database. The migration autogenerate writes for an
 * empty database gives synchronize()'s schema, and autogenerate then finds nothing, instead of adding the
 * left-out constraint with every new migration. On PostgreSQL 15.
 */
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { SYNC_DUMP, autogenerate, synchronized } from "../support/entity-versions";
import { pgDump } from "../support/pg-dump";
import { applyOperations } from "../support/apply";

describe("unique constraints that repeat another", () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it("are left out as CREATE TABLE leaves them out: the schema of synchronize(), then nothing to do", async () => {
    const target = await createTestDatabase("redundant_uq");
    const sync = await synchronized("redundant-uniques");
    dbs.push(target, sync);

    await applyOperations(target.url, (await autogenerate("redundant-uniques", target.url)).operations);
    expect(pgDump(target.url, SYNC_DUMP)).toEqual(pgDump(sync.url, SYNC_DUMP));
    const constraints = await target.query<{ name: string }>(
      "SELECT conname AS name FROM pg_constraint WHERE contype = 'u' AND connamespace = 'public'::regnamespace ORDER BY 1",
    );
    // The key-order twin and the deferrable one are other indexes: PostgreSQL keeps them.
    expect(constraints.map((c) => c.name)).toEqual([
      expect.stringMatching(/^UQ_/),
      "uq_kv_labels_key_scope",
      "uq_people_email_deferred",
    ]);
    expect((await autogenerate("redundant-uniques", target.url)).operations).toEqual([]);
  });
});
