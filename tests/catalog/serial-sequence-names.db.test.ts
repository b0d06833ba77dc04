/**
 * The sequence of a serial column is found through its column when a migration changes or drops it, not
 * by the name PostgreSQL gives a new one (`<table>_<column>_seq`): a legacy database's sequence keeps its
 * name when its table or column is renamed (`old_id_seq` behind `t.id`), and is named `t_id_seq1` when
 * another relation held `t_id_seq`. By name, the statements failed on the first and changed or dropped
 * the other relation on the second. On PostgreSQL 15, judged by pg_dump.
 *
 * The cases compared the same way share a round trip, a schema each (`sharedRoundTrip`; a sequence's name
 * is chosen among its schema's relations only); each asserts on its own part. Those that take what is gone
 * as renamed do so in their own schema only; those whose A keeps a sequence's name B's has not share one of
 * their own.
 */
import { compare } from "../../src/compare";
import type { RenameResolver } from "../../src/compare/compare-options";
import type { TableDef } from "../../src/model/schema-model";
import { invertAll } from "../../src/ops/invert";
import { applyOperations } from "../support/apply";
import { pgDumpBySchemaAsync } from "../support/pg-dump";
import { createTestDatabase } from "../support/test-db";
import { expectRoundTrip, expectShared, expectSharedEntityMode, readModel, renamedInOrderIn, roundTrip, sharedRoundTrip } from "./catalog-round-trip";

/** A table `t` made with a serial column of `type`, then `rename` run. */
const made = (type: "serial" | "bigserial", sql: (column: string) => string) => sql(`id ${type}`);

/** A diff of `before` to `after` applied to `before`: A's dump and model then, and B's dump. */
async function upgrade(before: string, after: string) {
  const [a, b] = await Promise.all([createTestDatabase("seqname_a"), createTestDatabase("seqname_b")]);
  try {
    await Promise.all([a.query(before), b.query(after)]);
    const [from, to] = await Promise.all([readModel(a.url, ["public"]), readModel(b.url, ["public"])]);
    const operations = compare(from, to).operations;
    await applyOperations(a.url, operations);
    const dump = async (url: string) => (await pgDumpBySchemaAsync(url, { ignoreColumnOrder: true, privileges: true })).whole;
    const [upgraded, target, again] = await Promise.all([dump(a.url), dump(b.url), readModel(a.url, ["public"])]);
    return { operations, upgraded, target, remaining: compare(again, to).operations, downgrade: () => applyOperations(a.url, invertAll(operations)) };
  } finally {
    await Promise.all([a.drop(), b.drop()]);
  }
}

/** Every table and column gone is taken as renamed to the new one at the same place, across schemas (a move). */
const renamedInOrder: RenameResolver = {
  resolveTables: ({ created, deleted }) => ({ created: [], renamed: deleted.map((from, i) => ({ from, to: created[i]! })), deleted: [] }),
  resolveColumns: ({ created, deleted }) => ({ created: [], renamed: deleted.map((from, i) => ({ from, to: created[i]! })), deleted: [] }),
};

/** What holds `t_id_seq` before a column of `t` is made serial. */
const TAKEN = {
  sequence: "CREATE SEQUENCE t_id_seq;",
  table: "CREATE TABLE t_id_seq (x int);",
  index: "CREATE TABLE u (x int); CREATE INDEX t_id_seq ON u (x);",
};
type Taken = keyof typeof TAKEN;
const madeSerial = (taken: string) => ({ before: `${taken} CREATE TABLE t (id integer NOT NULL);`, after: `${taken} CREATE TABLE t (id serial);` });
const renamedTable = (type: "serial" | "bigserial") => made(type, (c) => `CREATE TABLE old (${c}); ALTER TABLE old RENAME TO t;`);
const heldName = (type: "serial" | "bigserial") => made(type, (c) => `CREATE SEQUENCE t_id_seq AS smallint; CREATE TABLE t (${c});`);

/**
 * The cases compared between databases with the default options; the two whose table or column is renamed
 * while its serial goes take what is gone in their schema as renamed (every other case is compared as
 * without a resolver).
 */
const between = sharedRoundTrip(
  {
    retypedRenamedTable: { before: renamedTable("serial"), after: renamedTable("bigserial") },
    retypedNameHeld: { before: heldName("serial"), after: heldName("bigserial") },
    downgradeNameHeld: { before: "CREATE SEQUENCE t_id_seq; CREATE TABLE t (id serial);", after: "CREATE SEQUENCE t_id_seq; CREATE TABLE t (id integer NOT NULL);" },
    downgradeRenamedColumn: { before: "CREATE TABLE t (old serial); ALTER TABLE t RENAME COLUMN old TO id;", after: "CREATE TABLE t (id integer NOT NULL);" },
    droppedTable: { before: "CREATE TABLE old (id serial, n int); ALTER TABLE old RENAME TO t;", after: "" },
    droppedColumn: { before: "CREATE TABLE t (n int, old serial); ALTER TABLE t RENAME COLUMN old TO id;", after: "CREATE TABLE t (n int);" },
    madeSerialSequence: madeSerial(TAKEN.sequence),
    madeSerialTable: madeSerial(TAKEN.table),
    madeSerialIndex: madeSerial(TAKEN.index),
    identityNamed: {
      before: "",
      after: "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME t_custom_seq START 10), n bigint GENERATED BY DEFAULT AS IDENTITY);",
    },
    madeIdentity: { before: "CREATE TABLE t (id int NOT NULL);", after: "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME ids));" },
    renamedTableSerialGoes: { before: "CREATE TABLE old (id serial);", after: "CREATE TABLE t (id integer NOT NULL);" },
    renamedColumnSerialGoes: { before: "CREATE TABLE t (old serial);", after: "CREATE TABLE t (id integer NOT NULL);" },
  },
  {
    options: {
      renames: renamedInOrderIn((): string[] => [between.in("renamedTableSerialGoes")("public"), between.in("renamedColumnSerialGoes")("public")], { columns: true }),
    },
  },
);

/**
 * The cases between databases whose A keeps the name its sequence has, which B's does not (B's table or
 * column was never renamed) and no comparison sees as a difference: their A is not compared with B's
 * dump as a whole (each case says what its A has instead), only that nothing remains and that A comes back.
 */
const namesKept = sharedRoundTrip({
  nameAlone: { before: "CREATE TABLE t (old serial); ALTER TABLE t RENAME COLUMN old TO id;", after: "CREATE TABLE t (id serial);" },
  serialPartitionKey: {
    before: "CREATE TABLE old (id serial, k int) PARTITION BY RANGE (id); ALTER TABLE old RENAME TO t;",
    after: "CREATE TABLE t (id serial, k int) PARTITION BY RANGE (k);",
  },
  identityPartitionKey: {
    before: "CREATE TABLE old (id int GENERATED ALWAYS AS IDENTITY, k int) PARTITION BY RANGE (id); ALTER TABLE old RENAME TO t;",
    after: "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY, k int) PARTITION BY RANGE (k);",
  },
});

/** The cases compared with the target as entities give it. */
const asEntities = sharedRoundTrip(
  {
    madeSerialSequence: madeSerial(TAKEN.sequence),
    madeSerialTable: madeSerial(TAKEN.table),
    madeSerialIndex: madeSerial(TAKEN.index),
    madeSerialTwoTaken: madeSerial("CREATE SEQUENCE t_id_seq; CREATE SEQUENCE t_id_seq1;"),
  },
  { targetAsEntities: true },
);

describe("a serial column's sequence with another name than <table>_<column>_seq", () => {
  it(`between databases, in one round trip: ${between.names}`, async () => {
    await expectShared(between);
  });

  it(`the target as entities give it, in one round trip: ${asEntities.names}`, async () => {
    await expectShared(asEntities);
  });

  it(`between databases, A keeping its sequences' names, in one round trip: ${namesKept.names}`, async () => {
    await expectSharedEntityMode(namesKept);
    // A dumps as B but for those names.
    const whole = await namesKept.whole();
    expect(whole.upgraded.replace(/\b(t_old_seq|old_id_seq)\b/g, "t_id_seq")).toEqual(whole.target);
  });

  it("is retyped with its column on a renamed table (int -> bigint)", async () => {
    const result = await between.of("retypedRenamedTable");
    expect(result.target).toContain(between.in("retypedRenamedTable")("CREATE SEQUENCE public.old_id_seq\n"));
    expectRoundTrip(result);
  });

  it("is retyped with its column where another sequence held its usual name, which is left as it was", async () => {
    const result = await between.of("retypedNameHeld");
    expect(result.target).toContain(between.in("retypedNameHeld")("CREATE SEQUENCE public.t_id_seq1\n"));
    expectRoundTrip(result);
  });

  it("is dropped with its column's serial default where another sequence held its usual name, which stays with its grant", async () => {
    const other = "CREATE SEQUENCE t_id_seq; GRANT SELECT ON SEQUENCE t_id_seq TO PUBLIC;";
    const result = await upgrade(`${other} CREATE TABLE t (id serial);`, `${other} CREATE TABLE t (id integer NOT NULL);`);
    expect(result.remaining).toEqual([]);
    expect(result.upgraded).toEqual(result.target);
    expect(result.upgraded).toContain("GRANT SELECT ON SEQUENCE public.t_id_seq TO PUBLIC;");
  });

  it("is dropped with its column's serial default on a table whose column was renamed", async () => {
    const result = await upgrade("CREATE TABLE t (old serial); ALTER TABLE t RENAME COLUMN old TO id;", "CREATE TABLE t (id integer NOT NULL);");
    expect(result.remaining).toEqual([]);
    expect(result.upgraded).toEqual(result.target);
  });

  // The downgrade makes the column serial again with a sequence of its own under the name it had
  // (`CREATE SEQUENCE t_id_seq1`): by the usual name, CREATE SEQUENCE failed, as `t_id_seq` is taken.
  it("the downgrade gives the serial column back its sequence where another holds t_id_seq", async () => {
    const result = await between.of("downgradeNameHeld");
    expect(result.original).toContain(between.in("downgradeNameHeld")("CREATE SEQUENCE public.t_id_seq1\n"));
    expectRoundTrip(result);
  });

  it("the downgrade gives a renamed column's serial sequence back its name", async () => {
    const result = await between.of("downgradeRenamedColumn");
    expect(result.original).toContain(between.in("downgradeRenamedColumn")("CREATE SEQUENCE public.t_old_seq\n"));
    expectRoundTrip(result);
  });

  // CREATE TABLE and ADD COLUMN let PostgreSQL choose `t_id_seq`; the downgrade renames it back.
  it.each([
    ["a dropped table", "droppedTable"],
    ["a dropped column", "droppedColumn"],
  ] as const)("the downgrade that creates %s again gives its serial sequence back its name", async (_what, name) => {
    const result = await between.of(name);
    expect(result.upgradeSql.some((sql) => /^DROP (TABLE|SEQUENCE)|DROP COLUMN/.test(sql))).toBe(true);
    expectRoundTrip(result);
  });

  const madeSerialCases = (["sequence", "table", "index"] as const).flatMap((taken: Taken) =>
    [false, true].map((entities) => [taken, entities ? "the target as entities give it" : "between databases", entities] as const),
  );
  it.each(madeSerialCases)(
    "a column made serial where t_id_seq is taken (by a %s) gets t_id_seq1, as PostgreSQL names it (%s)",
    async (taken, _mode, entities) => {
      const name = `madeSerial${taken[0]!.toUpperCase()}${taken.slice(1)}` as "madeSerialSequence" | "madeSerialTable" | "madeSerialIndex";
      const group = entities ? asEntities : between;
      const own = group.in(name);
      const result = await group.of(name);
      expect(result.target).toContain(own("CREATE SEQUENCE public.t_id_seq1\n"));
      expect(result.upgradeSql).toContain(own('CREATE SEQUENCE "public"."t_id_seq1" AS integer'));
      expectRoundTrip(result);
    },
  );

  it("a column made serial takes the next free name after t_id_seq1 too", async () => {
    const result = await asEntities.of("madeSerialTwoTaken");
    expect(result.upgradeSql).toContain(asEntities.in("madeSerialTwoTaken")('CREATE SEQUENCE "public"."t_id_seq2" AS integer'));
    expectRoundTrip(result);
  });

  // The name is a database's history: never a difference, never a reason to touch the sequence.
  it("a serial sequence's name alone is no difference", async () => {
    const result = await namesKept.of("nameAlone");
    expect(result.upgrade).toEqual([]);
    // Alone: the only case with the target as entities give it whose A does not dump as B.
    const entities = await roundTrip({
      before: "CREATE TABLE old (id serial); ALTER TABLE old RENAME TO t;",
      after: "CREATE TABLE t (id serial);",
      targetAsEntities: true,
    });
    expect(entities.upgrade).toEqual([]);
  });

  // The rename keeps the sequence's name (`old_id_seq` behind `t.id`, `t_old_seq` behind `t.id`): the drop
  // carries it, so the downgrade makes it again under that name before renaming back.
  // The reset of the sequence's grants runs first, before the rename: it finds the sequence through the
  // table and column as they are named then (it named the new ones, which did not exist yet).
  it.each([
    ["table", "renamedTableSerialGoes", "old_id_seq", "renameTable"],
    ["column", "renamedColumnSerialGoes", "t_old_seq", "renameColumn"],
  ] as const)("a %s renamed while its serial goes gets the sequence back under its name on the downgrade", async (_what, key, name, rename) => {
    const result = await between.of(key);
    expect(result.upgrade.map((op) => op.kind)).toEqual(["resetPrivileges", rename, "alterColumn"]);
    expect(result.original).toContain(between.in(key)(`CREATE SEQUENCE public.${name}\n`));
    expectRoundTrip(result);
  });

  // Alone: it names its two schemas (public and archive), and moves its table from one to the other.
  it("a table moved to another schema while its serial goes gets the sequence back where it was on the downgrade", async () => {
    const result = await roundTrip({
      before: "CREATE SCHEMA archive; CREATE TABLE public.t (id serial);",
      after: "CREATE SCHEMA archive; CREATE TABLE archive.t (id integer NOT NULL);",
      schemas: ["public", "archive"],
      options: { renames: renamedInOrder },
    });
    expect(result.upgrade.map((op) => op.kind)).toEqual(["resetPrivileges", "moveTable", "alterColumn"]);
    expectRoundTrip(result);
  });

  // Recreated for a new partition key: the table's sequence comes back under the name it had, which B's
  // dump does not have (B's table was never renamed), and no comparison sees as a difference.
  it("a table created again for a new partition key keeps its serial sequence's name", async () => {
    const result = await namesKept.of("serialPartitionKey");
    expect(result.upgrade.map((op) => op.kind)).toContain("createTable");
    expect(result.upgraded).toContain(namesKept.in("serialPartitionKey")("CREATE SEQUENCE public.old_id_seq\n"));
    expect(result.upgraded.replace(/old_id_seq/g, "t_id_seq")).toEqual(result.target);
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
  });
});

describe("an identity column's sequence with another name than <table>_<column>_seq", () => {
  it("is created under its name (SEQUENCE NAME), and dropped with its table", async () => {
    const [result, own] = [await between.of("identityNamed"), between.in("identityNamed")];
    expect(result.target).toContain(own("SEQUENCE NAME public.t_custom_seq\n"));
    expect(result.target).toContain(own("SEQUENCE NAME public.t_n_seq\n"));
    expectRoundTrip(result);
  });

  it("keeps the name a renamed table's identity sequence has when the table is created again (a new partition key)", async () => {
    const result = await namesKept.of("identityPartitionKey");
    expect(result.upgrade.map((op) => op.kind)).toContain("createTable");
    expect(result.upgraded).toContain(namesKept.in("identityPartitionKey")("SEQUENCE NAME public.old_id_seq\n"));
    expect(result.upgraded.replace(/old_id_seq/g, "t_id_seq")).toEqual(result.target);
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
  });

  it("gives a column made identity in place the name the other side's has", async () => {
    expectRoundTrip(await between.of("madeIdentity"));
  });
});
