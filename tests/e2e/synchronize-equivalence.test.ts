/**
 * The core promise, on a real PostgreSQL 15: the migration autogenerate writes for an empty database
 * yields exactly the schema TypeORM's synchronize() creates; a second autogenerate finds nothing; after
 * edits of every kind (with rows in the tables) the next migration keeps every row and again matches
 * synchronize(); its downgrade restores the previous schema.
 */
import { invertAll } from "../../src/ops/invert";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { SYNC_DUMP, autogenerate, synchronized } from "../support/entity-versions";
import { pgDump } from "../support/pg-dump";
import { applyOperations } from "../support/apply";

describe("autogenerate vs TypeORM synchronize()", () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it("creates, re-checks, migrates with data, and downgrades to exactly synchronize()'s schemas", async () => {
    const target = await createTestDatabase("mig");
    const sync1 = await synchronized("v1");
    const sync2 = await synchronized("v2", ["catalog"]);
    dbs.push(target, sync1, sync2);

    // 1. Initial migration on an empty database == synchronize(v1).
    const initial = await autogenerate("v1", target.url);
    expect(initial.operations.length).toBeGreaterThan(5);
    await applyOperations(target.url, initial.operations);
    const afterInitial = pgDump(target.url, { ignoreColumnOrder: true });
    expect(afterInitial).toEqual(pgDump(sync1.url, SYNC_DUMP));

    // 2. Autogenerate again: nothing.
    expect((await autogenerate("v1", target.url)).operations).toEqual([]);

    // 3. Rows in every table.
    await target.query(`INSERT INTO accounts (email, name, level, balance, role, nickname, code, obsolete)
      VALUES ('a@x.io', 'Ada', 3, 10.50, 'owner', 'ada', '42', 'old'), ('b@x.io', 'Bob', 1, 0, 'member', 'bob', NULL, NULL)`);
    await target.query(`INSERT INTO tasks (title, done, payload, "ownerId")
      SELECT 'task ' || a.email, false, '{"k":1}'::jsonb, a.id FROM accounts a`);
    await target.query(`INSERT INTO legacy_notes (id, body) VALUES (1, 'bye')`);
    await target.query(`INSERT INTO counters (value) VALUES (10), (20)`);

    // 4. Edits of every kind: the migration keeps every row and equals synchronize(v2).
    const edit = await autogenerate("v2", target.url);
    const kinds = new Set(edit.operations.map((op) => op.kind));
    for (const kind of ["createSchema", "createEnum", "alterEnum", "dropEnum", "createTable", "dropTable", "addColumn", "dropColumn", "alterColumn", "addConstraint", "dropConstraint", "createIndex", "dropIndex"]) {
      expect(kinds).toContain(kind);
    }
    // No column is ever dropped and re-added for a type change (TypeORM's data loss, typeorm#3357).
    const dropped = edit.operations.filter((op) => op.kind === "dropColumn").map((op) => (op as { column: string }).column);
    expect(dropped.sort()).toEqual(["obsolete", "status"]);
    // serial -> identity is an ALTER of the column, which keeps its values and continues the sequence.
    expect(edit.operations).toContainEqual(
      expect.objectContaining({ kind: "alterColumn", column: "id", table: { schema: "public", name: "counters" } }),
    );
    // Views: the one reading retyped and re-cast columns is dropped and created again around the changes,
    // the one reading a dropped column gets its new query, and the new materialized view comes after the
    // view it reads.
    const viewOps = edit.operations
      .filter((op) => op.kind === "createView" || op.kind === "dropView")
      .map((op) => `${op.kind} ${op.kind === "createView" ? op.view.name : op.view.name}`);
    expect(viewOps).toEqual([
      "dropView active_accounts",
      "dropView account_levels",
      "createView account_levels",
      "createView active_accounts",
      "createView account_level_counts",
    ]);
    expect(edit.log).toContain(
      "View 'public.account_levels' reads table 'public.accounts', which this migration changes: dropped and created again",
    );
    await applyOperations(target.url, edit.operations);
    expect(pgDump(target.url, { ignoreColumnOrder: true })).toEqual(pgDump(sync2.url, SYNC_DUMP));
    expect(await target.query(`SELECT level, accounts::int AS n FROM account_level_counts ORDER BY level`)).toEqual([
      { level: 1, n: 1 },
      { level: 3, n: 1 },
    ]);
    const accounts = await target.query(`SELECT email, name, level, balance::text, role::text, nickname, code FROM accounts ORDER BY email`);
    expect(accounts).toEqual([
      { email: "a@x.io", name: "Ada", level: 3, balance: "10.50", role: "owner", nickname: "ada", code: 42 },
      { email: "b@x.io", name: "Bob", level: 1, balance: "0.00", role: "member", nickname: "bob", code: null },
    ]);
    expect(await target.query(`SELECT title, payload FROM tasks ORDER BY title`)).toEqual([
      { title: "task a@x.io", payload: { k: 1 } },
      { title: "task b@x.io", payload: { k: 1 } },
    ]);
    await target.query(`INSERT INTO counters (value) VALUES (30)`);
    expect(await target.query(`SELECT id, value FROM counters ORDER BY id`)).toEqual([
      { id: 1, value: "10" },
      { id: 2, value: "20" },
      { id: 3, value: "30" },
    ]);
    expect((await autogenerate("v2", target.url)).operations).toEqual([]);

    // 5. The downgrade (derived by inversion) restores the v1 schema.
    await applyOperations(target.url, invertAll(edit.operations));
    expect(pgDump(target.url, { ignoreColumnOrder: true })).toEqual(afterInitial);
    expect((await autogenerate("v1", target.url)).operations).toEqual([]);
  });
});
