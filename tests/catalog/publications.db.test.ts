/**
 * Publications (logical replication): compared between databases, and in any mode a table's entry in a
 * publication (its column list and row filter) is taken out before and put back after a retype of a
 * column it names (PostgreSQL refuses the retype: "cannot alter type of a column used by a publication
 * WHERE clause"), and put back when its table is created again (a new partition key: PostgreSQL drops the
 * entry with the table, silently). Found by probing PostgreSQL 15 (2026-12-05). Each case runs the upgrade
 * and the derived downgrade against pg_dump, which prints publications and their tables.
 *
 * A publication is an object of the database, which pg_dump puts in no schema, so cases cannot share a
 * round trip through `sharedRoundTrip`: those that can share do so by `sides`, each with its own schema
 * and its own publications' names, judged by the whole dumps. Those that name `public` and a schema the
 * comparison leaves out (and a publication `pub` each), or are compared with other options, run alone.
 */
import { compare } from "../../src/compare";
import { DependentObjectError } from "../../src/compare/compare-errors";
import { ENTITY_MANAGED_KINDS } from "../../src/compare/managed-kinds";
import { createTestDatabase } from "../support/test-db";
import { asEntitySide, expectRoundTrip, readModel, roundTrip } from "./catalog-round-trip";

/** A schema per case; publications are objects of the database, so each case names its own. */
function sides(cases: ReadonlyArray<readonly [string, string, string]>): { before: string; after: string; schemas: string[] } {
  const side = (i: 1 | 2) =>
    cases.map((c, n) => `CREATE SCHEMA s${n}; SET search_path = s${n}; ${c[i].replace(/\bpub_/g, `pub${n}_`)}`).join("\n") + "\nRESET search_path;";
  return { before: side(1), after: side(2), schemas: cases.map((_, n) => `s${n}`) };
}

/** `run`'s promise, made when first asked. */
function once<T>(run: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | null = null;
  return () => (made ??= run());
}

const T = "CREATE TABLE t (id int PRIMARY KEY, a int, b text, c text);";

describe("between databases", () => {
  const cases = [
    ["a publication created, with a column list and a row filter", T, `${T} CREATE PUBLICATION pub_a FOR TABLE t (id, a) WHERE (a > 0);`],
    ["a publication dropped", `${T} CREATE PUBLICATION pub_a FOR TABLE t;`, T],
    [
      "options changed",
      `${T} CREATE PUBLICATION pub_a FOR TABLE t;`,
      `${T} CREATE PUBLICATION pub_a FOR TABLE t WITH (publish = 'insert, update', publish_via_partition_root = true);`,
    ],
    [
      "a table's column list and row filter changed, another table added",
      `${T} CREATE TABLE u (x int); CREATE PUBLICATION pub_a FOR TABLE t (id, a);`,
      `${T} CREATE TABLE u (x int); CREATE PUBLICATION pub_a FOR TABLE t (id, b) WHERE (b <> ''), u;`,
    ],
    ["a schema published whole", T, `${T} CREATE PUBLICATION pub_a FOR TABLES IN SCHEMA s4;`],
    [
      "a partitioned table created again for a new key stays in its publication",
      "CREATE TABLE p (k int, v int) PARTITION BY LIST (k); CREATE PUBLICATION pub_a FOR TABLE p WITH (publish_via_partition_root = true);",
      "CREATE TABLE p (k int, v int) PARTITION BY LIST (v); CREATE PUBLICATION pub_a FOR TABLE p WITH (publish_via_partition_root = true);",
    ],
    [
      "a dropped table leaves its publication (back in the downgrade)",
      `${T} CREATE TABLE u (x int); CREATE PUBLICATION pub_a FOR TABLE t, u;`,
      `${T} CREATE PUBLICATION pub_a FOR TABLE t;`,
    ],
    [
      "columns named by a column list and a row filter retyped",
      `${T} CREATE PUBLICATION pub_a FOR TABLE t (id, a, b) WHERE (a > 0);`,
      "CREATE TABLE t (id int PRIMARY KEY, a bigint, b varchar(20), c text); CREATE PUBLICATION pub_a FOR TABLE t (id, a, b) WHERE (a > 0);",
    ],
    [
      "a publication that published nothing given an inheritance parent and its child, each on its own (ONLY)",
      "CREATE TABLE c (id int, v int); CREATE TABLE c1 (extra int) INHERITS (c); CREATE PUBLICATION pub_a;",
      "CREATE TABLE c (id int, v int); CREATE TABLE c1 (extra int) INHERITS (c); CREATE PUBLICATION pub_a FOR TABLE ONLY c, TABLE ONLY c1 WHERE (v > 1);",
    ],
    [
      "a partition's and an inheritance child's own entries naming a column their parents retype",
      "CREATE TABLE p (id int, v int) PARTITION BY RANGE (id); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (100); " +
        "CREATE TABLE c (id int, v int); CREATE TABLE c1 (extra int) INHERITS (c); " +
        "CREATE PUBLICATION pub_a FOR TABLE ONLY p1 WHERE (v > 0), TABLE ONLY c1 (id, v) WHERE (v > 1);",
      "CREATE TABLE p (id int, v bigint) PARTITION BY RANGE (id); CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (100); " +
        "CREATE TABLE c (id int, v bigint); CREATE TABLE c1 (extra int) INHERITS (c); " +
        "CREATE PUBLICATION pub_a FOR TABLE ONLY p1 WHERE (v > 0), TABLE ONLY c1 (id, v) WHERE (v > 1);",
    ],
    [
      "an inheritance parent published with its children (no ONLY), a column its row filter names retyped",
      "CREATE TABLE c (id int, v int); CREATE TABLE c1 (extra int) INHERITS (c); CREATE PUBLICATION pub_a FOR TABLE c (id, v) WHERE (v > 0);",
      "CREATE TABLE c (id int, v bigint); CREATE TABLE c1 (extra int) INHERITS (c); CREATE PUBLICATION pub_a FOR TABLE c (id, v) WHERE (v > 0);",
    ],
  ] as const;

  it(cases.map((c) => c[0]).join("; "), async () => {
    const result = await roundTrip(sides(cases));
    expectRoundTrip(result);
    expect(result.upgradeSql).toEqual(expect.arrayContaining([`ALTER PUBLICATION "pub0_a" ADD TABLE ONLY "s0"."t" ("id", "a") WHERE (a > 0)`]));
  });
});

describe("between databases, compared in some schemas only", () => {
  // `outside` is not compared: its table's entry is another comparison's, and must survive this one.
  const OUT = "CREATE SCHEMA outside; CREATE TABLE outside.o (id int);";
  const ops = (result: { upgrade: readonly { kind: string }[] }) => result.upgrade.map((op) => op.kind);

  it.each([
    ["gains a compared table: it is added, the publication not created again", `${OUT} ${T} CREATE PUBLICATION pub FOR TABLE outside.o;`, `${OUT} ${T} CREATE PUBLICATION pub FOR TABLE outside.o, t;`],
    ["loses its compared table: it is taken out, the publication not dropped", `${OUT} ${T} CREATE PUBLICATION pub FOR TABLE outside.o, t;`, `${OUT} ${T} CREATE PUBLICATION pub FOR TABLE outside.o;`],
    [
      "stops and starts publishing compared schemas whole: changed in place",
      `${OUT} ${T} CREATE SCHEMA more; CREATE PUBLICATION pub FOR TABLE outside.o, TABLES IN SCHEMA public;`,
      `${OUT} ${T} CREATE SCHEMA more; CREATE PUBLICATION pub FOR TABLE outside.o, TABLES IN SCHEMA more WITH (publish = 'insert');`,
    ],
  ])("a publication that also lists another schema's table %s", async (_, before, after) => {
    const result = await roundTrip({ before, after, schemas: ["public", "more"] });
    expectRoundTrip(result);
    expect(ops(result)).not.toContain("dropPublication");
    expect(ops(result)).not.toContain("createPublication");
  });

  it("keeps a publication that lists another schema's table where the target has none, taking out only its own table", async () => {
    const result = await roundTrip({ before: `${OUT} ${T} CREATE PUBLICATION pub FOR TABLE outside.o, t;`, after: `${OUT} ${T}`, schemas: ["public"] });
    expect(result.upgradeSql).toEqual(['ALTER PUBLICATION "pub" DROP TABLE ONLY "public"."t"']);
    expect(result.remaining).toEqual([]);
    expect(result.upgraded).toContain("ALTER PUBLICATION pub ADD TABLE ONLY outside.o;");
    expect(result.downgraded).toEqual(result.original);
  });

  it("takes a schema out of a publication before the migration drops it, and back after the downgrade creates it", async () => {
    const result = await roundTrip({
      before: `${T} CREATE SCHEMA gone; CREATE TABLE gone.g (id int); CREATE PUBLICATION pub FOR TABLE t, TABLES IN SCHEMA gone;`,
      after: `${T} CREATE PUBLICATION pub FOR TABLE t;`,
      schemas: ["public", "gone"],
      options: { dropSchemas: true },
    });
    expectRoundTrip(result);
    const at = (pattern: RegExp) => result.upgradeSql.findIndex((sql) => pattern.test(sql));
    expect(at(/^ALTER PUBLICATION "pub" DROP TABLES IN SCHEMA "gone"$/)).toBeGreaterThanOrEqual(0);
    expect(at(/DROP TABLES IN SCHEMA "gone"/)).toBeLessThan(at(/^DROP SCHEMA "gone"/));
  });
});

describe("in entity mode (publications not managed)", () => {
  const entityMode = { manage: ENTITY_MANAGED_KINDS };

  it("a column a publication's column list or row filter names is retyped: the entry is taken out and put back, others are left alone", async () => {
    const pubs = "CREATE PUBLICATION pub_list FOR TABLE t (id, a); CREATE PUBLICATION pub_filter FOR TABLE t WHERE (b <> 'x'); CREATE PUBLICATION pub_all FOR TABLE t;";
    const result = await roundTrip({
      before: `${T} ${pubs}`,
      after: `CREATE TABLE t (id int PRIMARY KEY, a bigint, b varchar(20), c varchar(30)); ${pubs}`,
      options: entityMode,
      targetAsEntities: true,
    });
    expectRoundTrip(result);
    // Only the entries naming a retyped column leave (pub_all lists every column: nothing refuses it).
    expect(result.upgradeSql.filter((sql) => sql.includes("DROP TABLE"))).toEqual([
      'ALTER PUBLICATION "pub_filter" DROP TABLE ONLY "public"."t"',
      'ALTER PUBLICATION "pub_list" DROP TABLE ONLY "public"."t"',
    ]);
  });

  it("a column a publication names cannot be dropped: refused, naming both", async () => {
    const db = await createTestDatabase("pub_drop");
    try {
      await db.query(`${T} CREATE PUBLICATION pub_list FOR TABLE t (id, a);`);
      const from = await readModel(db.url, ["public"]);
      const table = from.tables['"public"."t"']!;
      const to = asEntitySide({ ...from, tables: { '"public"."t"': { ...table, columns: table.columns.filter((c) => c.name !== "a") } } });
      expect(() => compare(from, to, entityMode)).toThrow(DependentObjectError);
      expect(() => compare(from, to, entityMode)).toThrow(/drops column public\.t\.a, but table 'public\.t' in publication 'pub_list' depends on it/);
    } finally {
      await db.drop();
    }
  });
});

// Found by the database-to-database hunt (2026-12-06): a publication's comment (COMMENT ON PUBLICATION,
// which pg_dump prints) was neither read nor compared. It is read on the publication and compared with the
// other comments (setComment on a publication).
describe("a publication's comment", () => {
  const pub = (name: string, comment: string | null, what = "FOR TABLE t") =>
    `CREATE PUBLICATION ${name} ${what};` + (comment === null ? "" : ` COMMENT ON PUBLICATION ${name} IS '${comment}';`);
  const base = `${T} CREATE PUBLICATION pub_commented FOR TABLE t;`;
  // Both cases in one round trip, a schema and publications' names each (`sides`: case n's pub_x is pubn_x).
  const comments = [
    ["set", base, `${base} COMMENT ON PUBLICATION pub_commented IS 'to the warehouse';`],
    [
      "changed, removed, created, dropped, kept",
      `${T} ${pub("pub_changed", "old")} ${pub("pub_removed", "gone")} ${pub("pub_dropped", "kept by the downgrade")} ${pub("pub_again", "same")}`,
      `${T} ${pub("pub_changed", "new")} ${pub("pub_removed", null)} ${pub("pub_created", "fresh")} ${pub("pub_again", "same", "FOR ALL TABLES")}`,
    ],
  ] as const;
  const shared = once(() => roundTrip(sides(comments)));
  /** Case n's statements: those that name its schema or its publications. */
  const statementsOf = (sql: readonly string[], n: number) => sql.filter((statement) => new RegExp(`\\bs${n}\\b|\\bpub${n}_`).test(statement));

  it("the two cases, in one round trip: A reaches B and comes back; each statement is one case's", async () => {
    const result = await shared();
    expectRoundTrip(result);
    expect(result.upgradeSql.filter((sql) => comments.filter((_, n) => statementsOf([sql], n).length > 0).length !== 1)).toEqual([]);
  });

  it("is set by a diff to a database that has it, and taken back by the downgrade", async () => {
    const result = await shared();
    expectRoundTrip(result);
    expect(statementsOf(result.upgradeSql, 0)).toEqual([`COMMENT ON PUBLICATION "pub0_commented" IS 'to the warehouse'`]);
  });

  it("is changed, removed, set on a publication created, given back to one dropped, and kept on one created again", async () => {
    const result = await shared();
    expectRoundTrip(result);
    expect(statementsOf(result.upgradeSql, 1).filter((sql) => sql.startsWith("COMMENT ON PUBLICATION")).sort()).toEqual([
      `COMMENT ON PUBLICATION "pub1_again" IS 'same'`,
      `COMMENT ON PUBLICATION "pub1_again" IS NULL`,
      `COMMENT ON PUBLICATION "pub1_changed" IS 'new'`,
      `COMMENT ON PUBLICATION "pub1_created" IS 'fresh'`,
      `COMMENT ON PUBLICATION "pub1_dropped" IS NULL`,
      `COMMENT ON PUBLICATION "pub1_removed" IS NULL`,
    ]);
  });
});
