/**
 * Default and type edits on the assorted set, on PostgreSQL 15: a label added to an enum of a numeric
 * TypeScript enum, jsonb object, enum-array and varchar-array defaults changed, a default added to a
 * float, numeric precision widened. Each is one in-place ALTER; the result equals synchronize() of the
 * edited entities, nothing more is found, and the downgrade restores the first schema.
 */
import { invertAll } from "../../src/ops/invert";
import { createTestDatabase, type TestDatabase } from "../support/test-db";
import { pgDump } from "../support/pg-dump";
import { applyOperations } from "../support/apply";
import { SYNC_DUMP as dumpOptions, autogenerate, synchronized } from "../support/entity-versions";

describe("assorted set: default and type edits", () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it("alters in place, equals synchronize(), and downgrades", async () => {
    const target = await createTestDatabase("assorted");
    const [before, after] = await Promise.all([synchronized("assorted", ["geo"]), synchronized("assorted-edited", ["geo"])]);
    dbs.push(target, before, after);
    await applyOperations(target.url, (await autogenerate("assorted", target.url)).operations);

    const edit = await autogenerate("assorted-edited", target.url);
    expect(edit.operations.map((op) => op.kind).sort()).toEqual([
      "alterColumn", "alterColumn", "alterColumn", "alterColumn", "alterColumn", "alterEnum",
    ]);
    expect(edit.log).toEqual(
      expect.arrayContaining([
        "Detected added value '4' of enum 'public.people_level_enum'",
        `Detected default change from ''{}'::jsonb' to ''{"theme": "dark"}'::jsonb' on 'public.profiles.settings'`,
        "Detected type change from 'numeric(20,0)' to 'numeric(24,2)' on 'public.people.big'",
      ]),
    );
    await applyOperations(target.url, edit.operations);
    expect(pgDump(target.url, dumpOptions)).toEqual(pgDump(after.url, dumpOptions));
    expect((await autogenerate("assorted-edited", target.url)).operations).toEqual([]);

    await applyOperations(target.url, invertAll(edit.operations));
    expect(pgDump(target.url, dumpOptions)).toEqual(pgDump(before.url, dumpOptions));
  });
});
