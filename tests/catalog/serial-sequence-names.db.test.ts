/**
 * The sequence of a serial column is found through its column when a migration changes or drops it, not
 * by the name PostgreSQL gives a new one (`<table>_<column>_seq`): a legacy database's sequence keeps its
 * name when its table or column is renamed (`old_id_seq` behind `t.id`), and is named `t_id_seq1` when
 * another relation held `t_id_seq`. By name, the statements failed on the first and changed or dropped
 * the other relation on the second. On PostgreSQL 15, judged by pg_dump.
 */
import { compare } from "../../src/compare";
import type { RenameResolver } from "../../src/compare/compare-options";
import { invertAll } from "../../src/ops/invert";
import { applyOperations } from "../support/apply";
import { pgDumpBySchemaAsync } from "../support/pg-dump";
import { createTestDatabase } from "../support/test-db";
import { expectRoundTrip, readModel, roundTrip } from "./catalog-round-trip";

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

/** Every table and column gone is taken as renamed to the new one at the same place. */
const renamedInOrder: RenameResolver = {
  resolveTables: ({ created, deleted }) => ({ created: [], renamed: deleted.map((from, i) => ({ from, to: created[i]! })), deleted: [] }),
  resolveColumns: ({ created, deleted }) => ({ created: [], renamed: deleted.map((from, i) => ({ from, to: created[i]! })), deleted: [] }),
};

describe("a serial column's sequence with another name than <table>_<column>_seq", () => {
  it("is retyped with its column on a renamed table (int -> bigint)", async () => {
    const table = (type: "serial" | "bigserial") => made(type, (c) => `CREATE TABLE old (${c}); ALTER TABLE old RENAME TO t;`);
    const result = await roundTrip({ before: table("serial"), after: table("bigserial") });
    expect(result.target).toContain("CREATE SEQUENCE public.old_id_seq\n");
    expectRoundTrip(result);
  });

  it("is retyped with its column where another sequence held its usual name, which is left as it was", async () => {
    const table = (type: "serial" | "bigserial") => made(type, (c) => `CREATE SEQUENCE t_id_seq AS smallint; CREATE TABLE t (${c});`);
    const result = await roundTrip({ before: table("serial"), after: table("bigserial") });
    expect(result.target).toContain("CREATE SEQUENCE public.t_id_seq1\n");
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
    const other = "CREATE SEQUENCE t_id_seq;";
    const result = await roundTrip({ before: `${other} CREATE TABLE t (id serial);`, after: `${other} CREATE TABLE t (id integer NOT NULL);` });
    expect(result.original).toContain("CREATE SEQUENCE public.t_id_seq1\n");
    expectRoundTrip(result);
  });

  it("the downgrade gives a renamed column's serial sequence back its name", async () => {
    const result = await roundTrip({
      before: "CREATE TABLE t (old serial); ALTER TABLE t RENAME COLUMN old TO id;",
      after: "CREATE TABLE t (id integer NOT NULL);",
    });
    expect(result.original).toContain("CREATE SEQUENCE public.t_old_seq\n");
    expectRoundTrip(result);
  });

  // CREATE TABLE and ADD COLUMN let PostgreSQL choose `t_id_seq`; the downgrade renames it back.
  it.each([
    ["a dropped table", "CREATE TABLE old (id serial, n int); ALTER TABLE old RENAME TO t;", ""],
    ["a dropped column", "CREATE TABLE t (n int, old serial); ALTER TABLE t RENAME COLUMN old TO id;", "CREATE TABLE t (n int);"],
  ])("the downgrade that creates %s again gives its serial sequence back its name", async (_what, before, after) => {
    const result = await roundTrip({ before, after });
    expect(result.upgradeSql.some((sql) => /^DROP (TABLE|SEQUENCE)|DROP COLUMN/.test(sql))).toBe(true);
    expectRoundTrip(result);
  });

  it("a column made serial where t_id_seq is taken gets t_id_seq1, as PostgreSQL names it", async () => {
    for (const taken of ["CREATE SEQUENCE t_id_seq;", "CREATE TABLE t_id_seq (x int);", "CREATE TABLE u (x int); CREATE INDEX t_id_seq ON u (x);"]) {
      for (const targetAsEntities of [false, true]) {
        const result = await roundTrip({
          before: `${taken} CREATE TABLE t (id integer NOT NULL);`,
          after: `${taken} CREATE TABLE t (id serial);`,
          targetAsEntities,
        });
        expect(result.target).toContain("CREATE SEQUENCE public.t_id_seq1\n");
        expect(result.upgradeSql).toContain('CREATE SEQUENCE "public"."t_id_seq1" AS integer');
        expectRoundTrip(result);
      }
    }
  });

  it("a column made serial takes the next free name after t_id_seq1 too", async () => {
    const taken = "CREATE SEQUENCE t_id_seq; CREATE SEQUENCE t_id_seq1;";
    const result = await roundTrip({ before: `${taken} CREATE TABLE t (id integer NOT NULL);`, after: `${taken} CREATE TABLE t (id serial);`, targetAsEntities: true });
    expect(result.upgradeSql).toContain('CREATE SEQUENCE "public"."t_id_seq2" AS integer');
    expectRoundTrip(result);
  });

  // The name is a database's history: never a difference, never a reason to touch the sequence.
  it("a serial sequence's name alone is no difference", async () => {
    const result = await roundTrip({
      before: "CREATE TABLE t (old serial); ALTER TABLE t RENAME COLUMN old TO id;",
      after: "CREATE TABLE t (id serial);",
    });
    expect(result.upgrade).toEqual([]);
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
    ["table", "CREATE TABLE old (id serial);", "CREATE TABLE t (id integer NOT NULL);", "old_id_seq", "renameTable"],
    ["column", "CREATE TABLE t (old serial);", "CREATE TABLE t (id integer NOT NULL);", "t_old_seq", "renameColumn"],
  ])("a %s renamed while its serial goes gets the sequence back under its name on the downgrade", async (_what, before, after, name, rename) => {
    const result = await roundTrip({ before, after, options: { renames: renamedInOrder } });
    expect(result.upgrade.map((op) => op.kind)).toEqual(["resetPrivileges", rename, "alterColumn"]);
    expect(result.original).toContain(`CREATE SEQUENCE public.${name}\n`);
    expectRoundTrip(result);
  });

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
    const result = await roundTrip({
      before: "CREATE TABLE old (id serial, k int) PARTITION BY RANGE (id); ALTER TABLE old RENAME TO t;",
      after: "CREATE TABLE t (id serial, k int) PARTITION BY RANGE (k);",
    });
    expect(result.upgrade.map((op) => op.kind)).toContain("createTable");
    expect(result.upgraded).toContain("CREATE SEQUENCE public.old_id_seq\n");
    expect(result.upgraded.replace(/old_id_seq/g, "t_id_seq")).toEqual(result.target);
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
  });
});

describe("an identity column's sequence with another name than <table>_<column>_seq", () => {
  it("is created under its name (SEQUENCE NAME), and dropped with its table", async () => {
    const result = await roundTrip({
      before: "",
      after: "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME t_custom_seq START 10), n bigint GENERATED BY DEFAULT AS IDENTITY);",
    });
    expect(result.target).toContain("SEQUENCE NAME public.t_custom_seq\n");
    expect(result.target).toContain("SEQUENCE NAME public.t_n_seq\n");
    expectRoundTrip(result);
  });

  it("keeps the name a renamed table's identity sequence has when the table is created again (a new partition key)", async () => {
    const result = await roundTrip({
      before: "CREATE TABLE old (id int GENERATED ALWAYS AS IDENTITY, k int) PARTITION BY RANGE (id); ALTER TABLE old RENAME TO t;",
      after: "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY, k int) PARTITION BY RANGE (k);",
    });
    expect(result.upgrade.map((op) => op.kind)).toContain("createTable");
    expect(result.upgraded).toContain("SEQUENCE NAME public.old_id_seq\n");
    expect(result.upgraded.replace(/old_id_seq/g, "t_id_seq")).toEqual(result.target);
    expect(result.remaining).toEqual([]);
    expect(result.downgraded).toEqual(result.original);
  });

  it("gives a column made identity in place the name the other side's has", async () => {
    const result = await roundTrip({
      before: "CREATE TABLE t (id int NOT NULL);",
      after: "CREATE TABLE t (id int GENERATED BY DEFAULT AS IDENTITY (SEQUENCE NAME ids));",
    });
    expectRoundTrip(result);
  });
});
