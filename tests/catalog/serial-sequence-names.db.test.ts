/**
 * The sequence of a serial column is found through its column when a migration changes or drops it, not
 * by the name PostgreSQL gives a new one (`<table>_<column>_seq`): a legacy database's sequence keeps its
 * name when its table or column is renamed (`old_id_seq` behind `t.id`), and is named `t_id_seq1` when
 * another relation held `t_id_seq`. By name, the statements failed on the first and changed or dropped
 * the other relation on the second. On PostgreSQL 15, judged by pg_dump.
 */
import { compare } from "../../src/compare";
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

  // The downgrade makes the column serial again with a sequence of its own, which it creates as
  // `t_id_seq`: the name the old one had is not in the operation (a column renamed since gives `t_old_seq`
  // back as `t_id_seq`), and where another relation holds `t_id_seq`, CREATE SEQUENCE fails. PostgreSQL
  // would pick `t_id_seq1`; choosing a free name when the statement runs is not built.
  it.failing("[known failure] the downgrade gives the serial column back its sequence where another holds t_id_seq", async () => {
    const other = "CREATE SEQUENCE t_id_seq;";
    const result = await roundTrip({ before: `${other} CREATE TABLE t (id serial);`, after: `${other} CREATE TABLE t (id integer NOT NULL);` });
    expectRoundTrip(result);
  });
});
